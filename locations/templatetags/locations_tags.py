from django import template

from locations.models import LocationPage

register = template.Library()


@register.inclusion_tag("locations/components/footer_locations.html", takes_context=True)
def footer_locations(context):
    """The live clinics (name, city, phone) for the footer of every page, in one
    query: only the columns shown, and URLs from the site root paths that the
    request already caches."""
    request = context.get("request")
    locations = context.get("footer_location_pages")  # the index page has them already
    if locations is None:
        locations = list(
            LocationPage.objects.live()
            .order_by("path")
            .only("id", "path", "depth", "url_path", "title", "city", "region", "phone")
        )
    return {"locations": locations, "request": request}
