from django import template

from core.phone import tel_href as _tel_href

register = template.Library()


@register.filter
def tel_href(number):
    """Turn an edited phone number into a tel: link target."""
    return _tel_href(number)


@register.simple_tag(takes_context=True)
def chrome_links(context, setting, field):
    """The links of a LinkBlock stream of a site setting ("navigation" header_links
    / footer_links, "site" social_links) as plain data, from the shared cache
    until the settings or a linked page change (no page queries per request)."""
    from django.utils import translation
    from wagtail.models import Site

    from core.i18n import link_list
    from core.models import NavigationSettings, SiteSettings
    from pagecache.chrome import cached

    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    model = {"navigation": NavigationSettings, "site": SiteSettings}[setting]
    return cached(
        f"links:{site.pk}:{setting}:{field}:{translation.get_language()}",
        lambda: link_list(getattr(model.for_site(site), field)),
        request,
    )


@register.simple_tag
def json_ld(data):
    """Render a dict as a safely escaped <script type="application/ld+json">."""
    from core.structured_data import json_ld_script

    return json_ld_script(data)


@register.simple_tag(takes_context=True)
def languages(context):
    """Each language of the site for this response (core.i18n): the page's
    translations, or each language's home page where there is no page."""
    from wagtail.models import Page

    from core.i18n import other_languages, page_languages, subpage_languages

    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    if isinstance(page, Page) and page.pk and page.live:
        return subpage_languages(page_languages(page, request), request, page)
    return other_languages(request)


@register.simple_tag
def language_home_url():
    """The home page of the active language ("/" or "/es/")."""
    from django.utils import translation

    from core.i18n import default_language, home_url

    return home_url(translation.get_language() or default_language())


@register.filter
def hreflang_alternates(languages):
    """[(hreflang, full URL)] for the head's alternate links (core.i18n)."""
    from core.i18n import hreflang_alternates as _alternates

    return _alternates(languages)


@register.simple_tag(takes_context=True)
def admin_clinic_name(context):
    """The clinic's name for the admin's title and sign-in page (core.branding)."""
    from core.branding import clinic_name

    return clinic_name(context.get("request"))
