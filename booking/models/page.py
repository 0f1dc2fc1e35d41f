"""The booking page (/book/): a visitor chooses an appointment type, a day
and a time, says how to reach them, and books, without an account and
without JavaScript.

- ``GET /book/``: the appointment types of the live clinics (radio buttons).
- ``GET /book/?type=<id>&day=<date>``: that day's free times as radio
  buttons (one day per page, with links to the previous and next days that
  have free times) and the contact form. Times are the clinic's wall-clock
  times and the page says which time zone.
- ``POST /book/``: books (booking.service) and redirects to the
  confirmation; when the time was just taken, the same form comes back with
  what the visitor typed and the nearest free times.
- ``GET /book/booking/<key>/`` and ``.../calendar/``: the confirmation
  and the calendar file (an unguessable key, never the database id).
- ``GET|POST /book/change/<signed token>/``: move or cancel the booking
  without an account (booking.links, booking.changes).

Never served stale, yet served from the page cache: the first step (what
can be booked) is cached like any page, under the appointment types' and
the clinics' tags. A day's page (``?type=&day=``) is kept with its times,
day links and form as a placeholder that every hit fills for its visitor
(``booking.views.fresh_day``: the free times as of now, booking.cached_times,
and a fresh CSRF token); no
browser or CDN keeps it (``add_never_cache_headers``). Computing a day
costs a fixed number of queries (booking.availability), whatever the
number of bookings. Answers to a POST and the confirmation, calendar and
change pages are never cached.
"""

import datetime
import uuid

from django.db import models
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.blocks import RICH_TEXT_FEATURES
from core.i18n import LocalizedRoutesMixin
from core.pages import BasePage
from pagecache.pages import register_fresh_value


def _fresh_day(request, arg):
    from ..views import fresh_day

    return fresh_day(request, arg)


# How a hit of a cached day's page makes its times again (booking.views):
# registered when the models load, before any request, since a process's
# first request may be such a hit.
register_fresh_value("booking-day", _fresh_day)


class BookingPage(LocalizedRoutesMixin, RoutablePageMixin, BasePage):
    """/book/: book a consultation call or a first visit at a free time."""

    intro = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown above the choices: what can be booked and what happens next.",
    )
    consent_text = models.CharField(
        "consent wording",
        max_length=500,
        default="I agree to be contacted by phone, email or text message about my booking.",
        help_text="The label of the required consent checkbox. Each booking stores the "
        "wording the visitor agreed to.",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked next to the consent checkbox (your privacy policy).",
    )
    confirmation_intro = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown on the confirmation page above the booking's details.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("consent_text"), FieldPanel("privacy_page")], heading="Consent"
        ),
        FieldPanel("confirmation_intro"),
    ]

    template = "booking/booking_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    # A day's page is kept per appointment type and day (the view accepts
    # only a live type's id and a day with free times).
    cache_query_parameters = ("type", "day")

    class Meta:
        verbose_name = "booking page"

    def get_cache_tags(self):
        """The appointment types (names, descriptions, their translations) and
        the clinics (names, phones) that the first step lists."""
        from pagecache.tags import model_tag

        from .types import AppointmentType

        return set(super().get_cache_tags()) | {
            model_tag(AppointmentType),
            "listing:locations.locationpage",
        }

    def get_purge_tags(self):
        # Pages that link the booking page wherever it is (the consultation
        # form's thank-you page).
        from pagecache.tags import listing_tag

        return set(super().get_purge_tags()) | {listing_tag(BookingPage)}

    # --- serving ---------------------------------------------------------------

    @path("")
    def index_route(self, request, *args, **kwargs):
        from ..views import booking_step

        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        response = booking_step(self, request)
        # The first step may be kept by any cache (the page cache decides);
        # a day's page holds tokens, an answer to a POST what was typed.
        if request.method == "POST" or getattr(request, "page_cache_fresh", None):
            add_never_cache_headers(response)
        return response

    @path("booking/<uuid:key>/", name="confirmed")
    @path("reserva/<uuid:key>/", name="confirmed_es")
    def confirmed_route(self, request, key):
        from ..views import confirmation

        response = confirmation(self, request, self._booking(key))
        add_never_cache_headers(response)
        return response

    @path("booking/<uuid:key>/calendar/", name="calendar")
    @path("reserva/<uuid:key>/calendario/", name="calendar_es")
    def calendar_route(self, request, key):
        from ..presenting import calendar_file

        booking = self._booking(key)
        response = HttpResponse(calendar_file(booking), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{booking.reference}.ics"'
        add_never_cache_headers(response)
        return response

    @path("change/<str:token>/", name="change")
    @path("cambiar/<str:token>/", name="change_es")
    def change_route(self, request, token):
        from ..changes import change_step

        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        response = change_step(self, request, token)
        add_never_cache_headers(response)
        return response

    def _booking(self, key):
        from .booking import Booking

        booking = (
            Booking.objects.select_related("appointment_type", "clinic")
            .filter(access_key=key, is_block=False)
            .first()
        )
        if booking is None:
            raise Http404
        return booking

    def confirmation_path(self, booking):
        return self.url + self.reverse_subpage("confirmed", args=[booking.access_key])

    def confirmation_full_url(self, booking):
        return self.full_url + self.reverse_subpage("confirmed", args=[booking.access_key])

    def change_path(self, booking):
        from ..links import make_token

        return self.url + self.reverse_subpage("change", args=[make_token(booking)])

    def change_full_url(self, booking):
        from ..links import make_token

        return self.full_url + self.reverse_subpage("change", args=[make_token(booking)])

    def calendar_path(self, booking):
        return self.url + self.reverse_subpage("calendar", args=[booking.access_key])

    def serve_preview(self, request, mode_name):
        from ..views import booking_step

        return booking_step(self, request)

    def redirect_to(self, url):
        response = HttpResponseRedirect(url)
        response.status_code = 303  # post/redirect/get
        return response

    def render(self, request, template, context, status=200):
        full = self.get_context(request)
        full.update(context)
        return TemplateResponse(request, template, full, status=status)


def parse_day(text):
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return None


def parse_uuid(text):
    try:
        return uuid.UUID(str(text))
    except ValueError:
        return None
