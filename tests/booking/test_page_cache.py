"""The booking page served from the page cache, its free times never stale:
the first step is kept like any page until an appointment type or a clinic
changes; a day's page is kept with its times made again for every visitor
(bookings, the clock's minimum notice), with a fresh CSRF token, at a fixed
number of queries whatever the number of bookings."""

import datetime
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from booking.models import Booking

from .conftest import form_data
from .test_availability import make_booking

pytestmark = pytest.mark.django_db

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
THURSDAY = datetime.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def times(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [label.get_text(strip=True) for label in page.select(".booking__time-list label")]


def csrf(response):
    page = BeautifulSoup(response.content, "html.parser")
    return page.select_one(".booking__form input[name=csrfmiddlewaretoken]")["value"]


def test_the_first_step_is_cached_until_an_appointment_type_changes(
    client, booking_page, phone_call, django_capture_on_commit_callbacks
):
    first = client.get("/book/")
    assert first.status_code == 200 and first["X-Cache"] == "MISS"
    assert "no-store" not in first["Cache-Control"]
    second = client.get("/book/")
    assert second["X-Cache"] == "HIT"
    assert "Free 15-minute phone consultation" in second.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        phone_call.name = "Free 20-minute phone consultation"
        phone_call.save()
    renamed = client.get("/book/")
    assert renamed["X-Cache"] == "MISS"
    assert "Free 20-minute phone consultation" in renamed.content.decode()


def test_a_days_times_are_never_stale_on_a_cached_page(
    client,
    clinic_clock,
    booking_page,
    phone_call,
    coordinator,
    time_machine,
    django_capture_on_commit_callbacks,
):
    url = f"/book/?type={phone_call.pk}&day=2026-11-26"
    first = client.get(url)
    assert first["X-Cache"] == "MISS"
    # No browser or CDN keeps it: it holds a token and times of this moment.
    assert "no-store" in first["Cache-Control"]
    assert times(first)[:2] == ["9:00 AM PST", "9:15 AM PST"]

    # Booked by someone else a moment later: the cached page no longer offers it.
    ten = datetime.datetime.combine(THURSDAY, datetime.time(10), tzinfo=PACIFIC)
    with django_capture_on_commit_callbacks(execute=True):
        booking = make_booking(phone_call, coordinator, ten)
    hit = client.get(url)
    assert hit["X-Cache"] == "HIT" and "no-store" in hit["Cache-Control"]
    assert "10:00 AM PST" in times(first) and "10:00 AM PST" not in times(hit)

    # Cancelled (a row updated in place): the time is offered again.
    from booking.service import cancel

    with django_capture_on_commit_callbacks(execute=True):
        assert cancel(booking)
    assert "10:00 AM PST" in times(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        make_booking(phone_call, coordinator, ten)

    # The clock moves on: times within the 2 hours' notice leave the page.
    time_machine.move_to(datetime.datetime(2026, 11, 26, 8, 20, tzinfo=PACIFIC), tick=False)
    later = client.get(url)
    assert later["X-Cache"] == "HIT"
    assert times(later)[0] == "10:30 AM PST"


def test_each_visitor_gets_a_token_that_books(
    clinic_clock, booking_page, phone_call, django_capture_on_commit_callbacks
):
    url = f"/book/?type={phone_call.pk}&day=2026-11-26"
    Client().get(url)  # stored
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    assert page["X-Cache"] == "HIT"
    other = Client().get(url)
    assert csrf(page) != csrf(other)

    data = form_data(phone_call, "2026-11-26T18:00Z", csrfmiddlewaretoken=csrf(page))
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post("/book/", data)
    assert response.status_code == 303
    assert Booking.objects.filter(is_block=False).count() == 1


def test_a_hit_costs_the_same_queries_with_ten_times_the_bookings(
    client, clinic_clock, booking_page, phone_call, coordinator, settings
):
    # The free times computed on every hit (as after each booking), not
    # read from their cache: what a hit costs at most.
    settings.PAGE_FRAGMENT_CACHE_ENABLED = False
    url = f"/book/?type={phone_call.pk}&day=2026-11-26"
    client.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response["X-Cache"] == "HIT"
        return len(captured)

    few = queries()
    for day in range(1, 11):
        for hour in (9, 10, 11):
            start = datetime.datetime.combine(
                THURSDAY + datetime.timedelta(days=day), datetime.time(hour), tzinfo=PACIFIC
            )
            make_booking(phone_call, coordinator, start)
    assert queries() == few <= 10


def test_a_hit_between_two_changes_costs_no_query(client, clinic_clock, booking_page, phone_call):
    url = f"/book/?type={phone_call.pk}&day=2026-11-26"
    client.get(url)
    client.get(url)  # the day's part kept for everyone, its token left out
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response["X-Cache"] == "HIT" and times(response)[0] == "9:00 AM PST"
    assert len(captured) == 0, [query["sql"] for query in captured]
    page = BeautifulSoup(response.content, "html.parser")
    assert "booking-day-csrf-token" not in response.content.decode()
    assert page.select_one(".booking__form input[name=csrfmiddlewaretoken]")["value"]


def test_unknown_days_and_types_are_answered_but_never_kept(
    client, clinic_clock, booking_page, phone_call
):
    for url in (
        f"/book/?type={phone_call.pk}&day=2020-01-01",  # no free times that day
        f"/book/?type={phone_call.pk}&day=not-a-day",
        "/book/?type=999999",
    ):
        client.get(url)
        again = client.get(url)
        assert again.status_code == 200 and again.get("X-Cache") != "HIT", url
    # An unknown day shows the first day with free times.
    assert times(client.get(f"/book/?type={phone_call.pk}&day=2020-01-01"))[0] == "9:00 AM PST"


def test_a_new_process_can_serve_a_hit_before_any_booking_page_rendered():
    """A server's first request may be a hit of a cached day's page (another
    server stored it): the function that fills it is known once Django has
    loaded, not only after the booking views were imported."""
    import subprocess
    import sys

    code = (
        "import django; django.setup(); import sys; "
        "from pagecache.pages import FRESH_VALUES; "
        "sys.exit(0 if 'booking-day' in FRESH_VALUES and 'booking.views' not in sys.modules "
        "else 1)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0  # noqa: S603


def test_a_cached_spanish_day_stays_in_spanish(client, clinic_clock, demo_site):
    """The day's part kept for everyone is kept per language: a hit of the
    Spanish page gets Spanish times and words, the English page English."""
    from booking.models import AppointmentType

    kind = AppointmentType.objects.get(
        name="Free 15-minute phone consultation",
        clinic__slug="portland",
        locale__language_code="en",
    )
    for url, legend in (
        (f"/es/reservar/?type={kind.pk}&day=2026-11-26", "Horas libres el jueves"),
        (f"/book/?type={kind.pk}&day=2026-11-26", "Free times on Thursday"),
    ):
        client.get(url)
        client.get(url)
        hit = client.get(url)
        assert hit["X-Cache"] == "HIT"
        page = BeautifulSoup(hit.content, "html.parser")
        assert page.select_one(".booking__times legend").get_text(strip=True).startswith(legend)
        assert times(hit)[0] in ("9:00 PST", "9:00 AM PST")
