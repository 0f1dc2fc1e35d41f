from django import template

from home.phone import tel_href as _tel_href

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
    from wagtail.models import Site

    from home.models import NavigationSettings, SiteSettings
    from pagecache.chrome import cached, link_list

    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    model = {"navigation": NavigationSettings, "site": SiteSettings}[setting]
    return cached(
        f"links:{site.pk}:{setting}:{field}",
        lambda: link_list(getattr(model.for_site(site), field)),
        request,
    )


@register.simple_tag
def json_ld(data):
    """Render a dict as a safely escaped <script type="application/ld+json">."""
    from home.structured_data import json_ld_script

    return json_ld_script(data)
