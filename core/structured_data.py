"""Structured data (JSON-LD) helpers.

Structured data is built in Python as dicts and rendered through
``json_ld_script``, which escapes <, > and & so that no value (a title with
"</script>" in it, say) can end the script element early.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from core.i18n import default_language, page_language
from core.phone import e164

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_dumps(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)


def json_ld_script(data):
    if not data:
        return ""
    return mark_safe(  # noqa: S308 - escaped above
        f'<script type="application/ld+json">{json_ld_dumps(data)}</script>'
    )


def breadcrumb_list(items):
    """items: [(name, absolute_url), ...] -> a schema.org BreadcrumbList."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(items, start=1)
        ],
    }


def site_root_url(page):
    """The site's root URL with a trailing slash, e.g. 'https://example.org/'."""
    site = page._seo_site
    return (site.root_url if site else "").rstrip("/") + "/"


def organization_id(page):
    """The @id every page's structured data uses for the clinic organization."""
    return f"{site_root_url(page)}#organization"


def organization(page, site_settings=None):
    """The clinic as a schema.org organization, from the SEO and clinic settings."""
    org_fields = page.seo_org_fields
    root_url = site_root_url(page)
    data = {
        "@context": "https://schema.org",
        "@type": org_fields.struct_org_type or "Organization",
        "@id": organization_id(page),
        "name": page.seo_struct_org_name or page.seo_sitename,
        "url": root_url,
    }
    if page.seo_logo_url:
        data["logo"] = page.seo_logo_url
    # The clinic settings' phone is the one editors change; the SEO settings'
    # organization phone is only a fallback.
    phone = (site_settings.phone if site_settings else "") or org_fields.struct_org_phone
    if phone:
        data["telephone"] = e164(phone)
    if site_settings is not None:
        if site_settings.contact_email:
            data["email"] = site_settings.contact_email
        same_as = [
            block.value.href
            for block in site_settings.social_links
            if block.value.href.startswith("https://")
        ]
        if same_as:
            data["sameAs"] = same_as
    return data


def website(page):
    """The site itself, with its search as a SearchAction."""
    root_url = site_root_url(page)
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": f"{root_url}#website",
        "url": root_url,
        "name": page.seo_sitename,
        "inLanguage": page_language(page) if page.locale_id else default_language(),
        "publisher": {"@id": organization_id(page)},
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{root_url}search/?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }
