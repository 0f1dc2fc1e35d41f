"""The locations index page (/locations/): the clinics as cards, and a map."""

from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import INLINE_RICH_TEXT_FEATURES, BaseStreamBlock
from core.pages import BasePage
from core.phone import e164
from locations.hours import Schedule
from locations.maps import map_for_points
from pagecache import tags as cache_tags

from .location_page import DEFAULT_TIME_ZONE, LocationPage, rows_from_plain


class LocationIndexPage(BasePage):
    """/locations/: every live clinic as a card, and a map of all of them."""

    search_result_label = "Clinics"

    intro = RichTextField(
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        help_text="A short introduction shown above the list of clinics.",
    )
    map_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional picture of a map showing every clinic. When empty, visitors "
        "can load an OpenStreetMap map on request.",
    )
    map_image_alt = models.CharField(
        max_length=250,
        blank=True,
        help_text="Describe what the map shows, e.g. 'Map of Oregon with our two clinics'.",
    )
    body = StreamField(
        BaseStreamBlock, blank=True, help_text="Optional sections below the list of clinics."
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = ["locations.LocationPage"]
    max_count = 1

    def get_cache_tags(self):
        """The page cache: this page lists its clinics (see pagecache.tags)."""
        return {f"children:{self.path}"}

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("map_image"), FieldPanel("map_image_alt")], heading="Map"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = "locations index page"

    def route(self, request, path_components):
        """Find a clinic with one query (Wagtail's default takes two: the child, then
        its specific page), with the photo that wagtail-seo and the page show."""
        if path_components:
            location = (
                LocationPage.objects.child_of(self)
                .select_related(*LocationPage.SERVE_RELATED)
                .filter(slug=path_components[0])
                .first()
            )
            if location is not None:
                location.location_index = self  # the back link needs no query
                return location.route(request, path_components[1:])
        return super().route(request, path_components)

    @cached_property
    def live_clinics(self):
        """The live clinics, each with its schedule: their hours from the
        fragment cache as plain data (one entry for all of them, under this
        page's listing of its children, which publishing a clinic purges),
        so a render reads only the clinics; the rows from the database (two
        queries, whatever their number) when that entry is missing."""
        if getattr(self, "_seo_request", None) is None:
            return list(self.get_locations())
        clinics = list(LocationPage.objects.live().child_of(self).order_by("path"))

        def build():
            prefetch_related_objects(clinics, "opening_hours", "hours_exceptions")
            return {str(clinic.pk): clinic.plain_hour_rows() for clinic in clinics}

        # A clinic saved live outside publishing (an import) purges the chrome.
        tags = [cache_tags.CHROME, cache_tags.page_tag(self), cache_tags.children_tag(self.path)]
        rows = self.page_fragment(f"clinics-hours:{self.pk}", tags, build)
        missing = [clinic for clinic in clinics if str(clinic.pk) not in rows]
        if missing:  # added without publishing (no purge): from the database
            prefetch_related_objects(missing, "opening_hours", "hours_exceptions")
        for clinic in clinics:
            if str(clinic.pk) in rows:
                hours, exceptions = rows_from_plain(rows[str(clinic.pk)])
                clinic.schedule = Schedule.from_rows(
                    clinic.time_zone or DEFAULT_TIME_ZONE, hours, exceptions
                )
        return clinics

    def get_locations(self):
        """Live clinics under this page with their hours: three queries whatever the
        number of clinics or opening-hours rows."""
        return (
            LocationPage.objects.live()
            .child_of(self)
            .order_by("path")
            .prefetch_related("opening_hours", "hours_exceptions")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locations = self.live_clinics
        context["locations"] = locations
        # Every clinic lives under the (single) index: the footer reuses this list.
        context["footer_location_pages"] = locations
        context["map"] = map_for_points(
            [(loc.latitude, loc.longitude) for loc in locations if loc.has_coordinates]
        )
        context["structured_data"] = self.structured_data(request, locations)
        return context

    def structured_data(self, request, locations):
        organisation = self.seo_struct_org_name
        return {
            "@context": "https://schema.org",
            "@type": "ItemList",
            "name": self.title,
            "url": self.get_full_url(request),
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "item": {
                        "@type": "MedicalClinic",
                        "@id": f"{location.get_full_url(request)}#clinic",
                        "name": location.clinic_name(organisation),
                        "url": location.get_full_url(request),
                        "telephone": e164(location.phone),
                        "address": location.postal_address,
                    },
                }
                for position, location in enumerate(locations, start=1)
            ],
        }
