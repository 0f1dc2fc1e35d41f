"""One clinic's page: address, contact, opening hours, map and calls to action.

``LocationPage.objects.live()`` are the clinic locations. Other apps (the
consultation form) read ``title``, ``slug``, ``city``, ``phone`` and
``notification_email`` from them; keep those names stable.
"""

import datetime
import zoneinfo
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.blocks import INLINE_RICH_TEXT_FEATURES, BaseStreamBlock
from core.models import SiteSettings
from core.pages import BasePage, OrganizationPlace
from core.phone import e164, tel_href, validate_phone
from core.restricted_fields import Restriction
from core.structured_data import breadcrumb_list
from locations.blocks import GalleryBlock
from locations.hours import (
    Schedule,
    messages,
    opening_hours_specification,
    special_opening_hours_specification,
)
from locations.maps import map_for_points
from pagecache import tags as cache_tags

from .admin_form import LocationPageForm

DEFAULT_TIME_ZONE = "America/Los_Angeles"

NOTE_FEATURES = [*INLINE_RICH_TEXT_FEATURES, "ul"]


def validate_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            "Enter a time zone name such as America/Los_Angeles.", code="invalid_time_zone"
        ) from exc


class LocationPage(OrganizationPlace, BasePage):
    """One clinic: address, contact, opening hours, map and calls to action."""

    search_result_label = "Clinic"

    # The page cache: every page's footer lists the live clinics, so
    # publishing or unpublishing one refreshes every page (pagecache.signals).
    shown_in_site_chrome = True

    def get_purge_tags(self):
        """A clinic's change also reaches the pages with clinic cards
        (locations.blocks.ClinicCardsBlock), besides the chrome."""
        return {"listing:locations.locationpage"}

    # Fetched with the page when it is served (LocationIndexPage.route).
    SERVE_RELATED = ("image", "og_image")

    short_name = models.CharField(
        max_length=40,
        blank=True,
        help_text="Short name for buttons, e.g. 'Portland' in 'Call Portland'. "
        "Defaults to the city.",
    )
    street_address = models.CharField(
        max_length=255, help_text="Street and suite, e.g. '1234 SW Example St, Suite 200'."
    )
    city = models.CharField(max_length=100)
    region = models.CharField(
        max_length=100, verbose_name="state / region", help_text="e.g. OR (two-letter code)."
    )
    postal_code = models.CharField(max_length=20, verbose_name="ZIP / postal code")
    country = models.CharField(
        max_length=2, default="US", help_text="Two-letter country code, e.g. US."
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(-90, message="Latitude must be between -90 and 90."),
            MaxValueValidator(90, message="Latitude must be between -90 and 90."),
        ],
        help_text="Decimal degrees, between -90 and 90, e.g. 45.5152. Used for the map.",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(-180, message="Longitude must be between -180 and 180."),
            MaxValueValidator(180, message="Longitude must be between -180 and 180."),
        ],
        help_text="Decimal degrees, between -180 and 180 (west is negative), e.g. -122.6784.",
    )
    time_zone = models.CharField(
        max_length=63,
        default=DEFAULT_TIME_ZONE,
        help_text="The clinic's time zone, used for 'Open now'. e.g. America/Los_Angeles.",
    )

    search_engine_name = models.CharField(
        "name for search engines",
        max_length=150,
        blank=True,
        help_text="The clinic's business name in search results and maps. Leave empty for "
        "the organisation's name and the city, e.g. 'Rainfall Medicine – Portland'.",
    )
    phone = models.CharField(
        max_length=25,
        validators=[validate_phone],
        help_text="This clinic's number, e.g. (503) 555-0142. Becomes the 'Call' button.",
    )
    fax = models.CharField(max_length=25, blank=True, validators=[validate_phone])
    email = models.EmailField(blank=True, help_text="Optional. Shown to visitors.")
    notification_email = models.EmailField(
        blank=True,
        help_text="Not shown to visitors. Consultation requests for this clinic are "
        "announced to this address (no health details are sent by email).",
    )

    intro = RichTextField(
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        help_text="A sentence or two shown under the clinic's name and on its card.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A photo of the clinic (building or waiting room). Also used when the "
        "page is shared and in search results.",
    )
    image_alt = models.CharField(
        max_length=250,
        blank=True,
        help_text="Describe the photo for people who cannot see it. Leave empty if it is "
        "decorative.",
    )
    gallery = StreamField(
        GalleryBlock,
        blank=True,
        verbose_name="photo gallery",
        help_text="Photos of the rooms a visitor will see (entrance, waiting room, treatment "
        "room), each with its alternative text and an optional caption.",
    )
    map_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional picture of a map. When empty, visitors can load an "
        "OpenStreetMap map on request (nothing loads from another site before that).",
    )
    services = StreamField(
        [
            (
                "service",
                blocks.CharBlock(
                    max_length=120,
                    icon="tick",
                    label="Service",
                    help_text="e.g. Ketamine infusion therapy",
                ),
            )
        ],
        blank=True,
        help_text="Treatments offered at this clinic, one per item.",
    )
    parking = RichTextField(
        features=NOTE_FEATURES,
        blank=True,
        verbose_name="parking and getting here",
        help_text="Parking, public transport, where the entrance is.",
    )
    accessibility = RichTextField(
        features=NOTE_FEATURES,
        blank=True,
        help_text="Step-free access, lifts, accessible restrooms, anything visitors "
        "should know before coming.",
    )
    body = StreamField(BaseStreamBlock, blank=True, help_text="Optional further sections.")

    parent_page_types = ["locations.LocationIndexPage"]
    subpage_types = []

    base_form_class = LocationPageForm
    # Where this clinic's consultation requests are announced: only intake
    # coordinators and administrators change it (the permission and audit
    # log action of forms_app.alert_routing, which the tests hold these to).
    restricted_fields = Restriction(
        permission="forms_app.change_alert_routing",
        log_action="forms_app.alert_routing_change",
        fields=("notification_email",),
    )
    # The clinic's facts are the same in every language: a translation keeps
    # the English page's (wagtail-localize syncs them), only words are translated.
    override_translatable_fields = [
        SynchronizedField(name)
        for name in (
            "short_name",
            "street_address",
            "city",
            "region",
            "postal_code",
            "country",
            "phone",
            "fax",
            "email",
            "time_zone",
            "notification_email",
        )
    ]

    # The clinic photo is the share image when no Open Graph image is set.
    seo_image_sources = ["og_image", "image"]

    content_panels = Page.content_panels + [
        FieldPanel("short_name"),
        FieldPanel("search_engine_name"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("region")]),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("country")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("map_image"),
            ],
            heading="Address and map",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("phone"), FieldPanel("fax")]),
                FieldPanel("email"),
                restricted_fields.panel("notification_email"),
            ],
            heading="Contact",
        ),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading="Photo"),
        FieldPanel("gallery"),
        FieldPanel("services"),
        FieldPanel("parking"),
        FieldPanel("accessibility"),
        FieldPanel("body"),
    ]
    hours_panels = [
        FieldPanel("time_zone"),
        InlinePanel(
            "opening_hours",
            heading="Weekly opening hours",
            label="Opening hours",
            help_text="One row per opening range; add two rows for a day with a lunch "
            "break. Days without a row are shown as closed.",
        ),
        InlinePanel(
            "hours_exceptions",
            heading="Holidays and special hours",
            label="Exception",
            help_text="Dates when the weekly hours do not apply: tick 'closed', or give "
            "the special opening and closing times.",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(hours_panels, heading="Opening hours"),
            ObjectList(BasePage.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("city"),
        index.SearchField("street_address"),
        index.SearchField("intro"),
        index.SearchField("services"),
        index.SearchField("body"),
        index.FilterField("city"),
    ]

    class Meta:
        verbose_name = "location page"

    def __str__(self):
        return self.title

    def clean(self):
        # Checked here rather than as the field's validator, which a
        # migration would record as a path into this module.
        super().clean()
        try:
            validate_time_zone(self.time_zone)
        except ValidationError as error:
            raise ValidationError({"time_zone": error.messages}) from error

    @property
    def phone_href(self):
        return tel_href(self.phone)

    @property
    def fax_href(self):
        return tel_href(self.fax)

    def place_reference(self, request, organisation_name):
        """This clinic in the organisation's structured data (the home page)."""
        return {
            "@type": "MedicalClinic",
            "@id": f"{self.get_full_url(request)}#clinic",
            "name": self.clinic_name(organisation_name),
            "address": self.postal_address,
        }

    def clinic_name(self, organisation):
        """The MedicalClinic name: the editor's, else '<organisation> – <city>'."""
        if self.search_engine_name:
            return self.search_engine_name
        place = self.city or self.title
        return f"{organisation} – {place}" if organisation else self.title

    @property
    def display_name(self):
        """Short name for buttons ('Call Portland'): the short name, else the city."""
        return self.short_name or self.city or self.title

    @property
    def address_lines(self):
        """The address as lines of text, the way a letter shows it."""
        locality = " ".join(part for part in [self.region, self.postal_code] if part)
        line = ", ".join(part for part in [self.city, locality] if part)
        return [part for part in [self.street_address, line] if part]

    @property
    def address_text(self):
        return ", ".join(self.address_lines)

    @cached_property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def map_image_alt(self):
        return f"Map showing where {self.title} is: {self.address_text}"

    @property
    def postal_address(self):
        return {
            "@type": "PostalAddress",
            "streetAddress": self.street_address,
            "addressLocality": self.city,
            "addressRegion": self.region,
            "postalCode": self.postal_code,
            "addressCountry": self.country,
        }

    @cached_property
    def location_index(self):
        """The page listing the clinics (set by LocationIndexPage.route when it
        routed here: no query)."""
        return self.get_parent()

    # Opening hours ------------------------------------------------------------

    @cached_property
    def schedule(self):
        """The weekly hours and exceptions: from prefetched rows when they
        came with the page (the clinic list), else from the fragment cache
        (the rows as plain data, under the page's tag: they change only with
        its publishing), else from the database."""
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        if "opening_hours" in prefetched and "hours_exceptions" in prefetched:
            hours, exceptions = self.opening_hours.all(), self.hours_exceptions.all()
        else:
            rows = self.page_fragment(
                f"clinic-hours:{self.pk}",
                [cache_tags.CHROME, cache_tags.page_tag(self)],
                self.plain_hour_rows,
            )
            hours, exceptions = rows_from_plain(rows)
        return Schedule.from_rows(self.time_zone or DEFAULT_TIME_ZONE, hours, exceptions)

    def plain_hour_rows(self):
        """The page's opening-hours and exception rows as plain data."""
        return {
            "hours": [
                [row.weekday, _time(row.opens), _time(row.closes), row.closed]
                for row in self.opening_hours.all()
            ],
            "exceptions": [
                [row.date, row.note, row.closed, _time(row.opens), _time(row.closes)]
                for row in self.hours_exceptions.all()
            ],
        }

    @cached_property
    def local_today(self):
        return self.schedule.today()

    @cached_property
    def hours_data(self):
        """What the browser needs for 'Open now' (exceptions from yesterday on:
        the visitor's 'today' may be behind the server's)."""
        data = self.schedule.to_data(since=self.local_today - datetime.timedelta(days=1))
        # The status's words in the page's language (the script has English ones).
        data["messages"] = messages()
        return data

    @property
    def hours_data_id(self):
        return f"opening-hours-{self.pk or 'preview'}"

    @cached_property
    def upcoming_exceptions(self):
        return self.schedule.upcoming_exceptions(self.local_today)

    # Links --------------------------------------------------------------------

    @property
    def directions_url(self):
        """Opens the address in the visitor's maps app (a plain link, no script)."""
        query = urlencode({"api": "1", "destination": self.address_text})
        return f"https://www.google.com/maps/dir/?{query}"

    @cached_property
    def map(self):
        if not self.has_coordinates:
            return None
        return map_for_points([(self.latitude, self.longitude)], marker=True)

    def consultation_url(self, request):
        """The consultation page with this clinic preselected, or '' when not set."""
        link = SiteSettings.for_request(request).consultation_link
        if not link or not link["url"]:
            return ""
        return f"{link['url']}?{urlencode({'location': self.slug})}"

    # Rendering ----------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["consultation_url"] = self.consultation_url(request)
        context["structured_data"] = self.structured_data(request)
        context["breadcrumb_data"] = self.breadcrumb_data(request)
        if self.phone:
            # The header's call button dials this clinic, not the main number.
            context["header_call"] = {
                "href": self.phone_href,
                "number": self.phone,
                "place": self.display_name,
            }
        return context

    def breadcrumb_data(self, request=None):
        """BreadcrumbList of the breadcrumb the page shows (its index, then
        itself), kept with the page's fragments: the index's title and URL
        change only with a publish, move or deletion (the routes' tag)."""

        def build():
            index = self.location_index
            if index is None:
                return None
            return breadcrumb_list(
                [
                    (index.title, index.get_full_url(request)),
                    (self.title, self.get_full_url(request)),
                ]
            )

        if request is None:
            return build()
        site = getattr(self._seo_site, "pk", "")  # full URLs: one per Site
        tags = [cache_tags.page_tag(self), cache_tags.ROUTES]
        return self.page_fragment(f"location-crumbs:{self.pk}:{site}", tags, build)

    def price_range(self, request=None, site=None):
        """The clinics' price range (clinic settings, Costs tab) for schema.org."""
        if request is not None:
            return SiteSettings.for_request(request).price_range
        return SiteSettings.for_site(site).price_range if site is not None else ""

    def structured_data(self, request=None):
        """schema.org MedicalClinic for this page's JSON-LD."""
        url = self.get_full_url(request)
        site = self._seo_site  # the request's site, already looked up (BasePage)
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalClinic",
            "@id": f"{url}#clinic",
            "name": self.clinic_name(self.seo_struct_org_name),
            "url": url,
            "telephone": e164(self.phone),
            "address": self.postal_address,
            "medicalSpecialty": "Psychiatric",
        }
        if self.fax:
            data["faxNumber"] = e164(self.fax)
        if self.email:
            data["email"] = self.email
        if self.has_coordinates:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
        if self.seo_image_url:
            data["image"] = self.seo_image_url
        hours = opening_hours_specification(self.schedule)
        if hours:
            data["openingHoursSpecification"] = hours
        special = special_opening_hours_specification(self.schedule, since=self.local_today)
        if special:
            data["specialOpeningHoursSpecification"] = special
        price_range = self.price_range(request, site)
        if price_range:
            data["priceRange"] = price_range
        services = [block.value for block in self.services if block.value]
        if services:
            data["availableService"] = [
                {"@type": "MedicalTherapy", "name": name} for name in services
            ]
        if site is not None:
            data["parentOrganization"] = {
                "@id": f"{site.root_url}/#organization",
                "name": self.seo_struct_org_name,
            }
        return data


def _time(value):
    return value.isoformat() if value is not None else None


def _parse_time(value):
    return datetime.time.fromisoformat(value) if value else None


def rows_from_plain(rows):
    """(hour rows, exception rows) with the attributes Schedule.from_rows reads."""
    from types import SimpleNamespace

    hours = [
        SimpleNamespace(
            weekday=weekday, opens=_parse_time(opens), closes=_parse_time(closes), closed=closed
        )
        for weekday, opens, closes, closed in rows["hours"]
    ]
    exceptions = [
        SimpleNamespace(
            date=date,
            note=note,
            closed=closed,
            opens=_parse_time(opens),
            closes=_parse_time(closes),
        )
        for date, note, closed, opens, closes in rows["exceptions"]
    ]
    return hours, exceptions
