from django import template

from core.models import SiteSettings
from locations.models import LocationPage

register = template.Library()


@register.inclusion_tag("locations/components/footer_locations.html", takes_context=True)
def footer_locations(context):
    """The live clinics (name, city, phone), each once and in the page's
    language where translated, for the footer of every page: from
    the shared cache until a clinic is published, unpublished or moved (the
    page cache's "chrome" tag), else one query of the columns shown. With
    the labels of the request's clinic settings (the instance the header
    already loaded: no query)."""
    from django.utils import translation

    from core.i18n import one_per_translation
    from pagecache.chrome import cached

    request = context.get("request")
    labels = (SiteSettings.for_request(request) if request is not None else SiteSettings()).labels
    pages = context.get("footer_location_pages")  # the index page has them already
    if pages is not None:
        return {"locations": [_footer_item(page, request) for page in pages], "labels": labels}

    def build():
        pages = (
            LocationPage.objects.live()
            .order_by("path")
            .only(
                "id", "path", "depth", "url_path", "title", "city", "region", "phone",
                "translation_key", "locale",
            )
        )  # fmt: skip
        # Each clinic once, in the page's language where it is translated.
        return [_footer_item(page, request) for page in one_per_translation(pages, request=request)]

    name = f"footer-locations:{translation.get_language()}"
    return {"locations": cached(name, build, request), "labels": labels}


def _footer_item(page, request):
    return {
        "title": page.title,
        "url": page.get_url(request),
        "city": page.city,
        "region": page.region,
        "phone": page.phone,
        "phone_href": page.phone_href,
    }
