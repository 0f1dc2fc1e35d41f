"""The demo content of the locations app (manage.py load_demo_content)."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from core.models import NavigationSettings
from demo.content.locations import upcoming_holidays
from locations.models import LocationPage, OpeningHours, OpeningHoursException

pytestmark = pytest.mark.django_db


def clinic_today():
    return datetime.datetime.now(ZoneInfo("America/Los_Angeles")).date()


def next_day_of_year(today, month, day):
    """Counting forward from today (included): the first date that is month/day."""
    date = today
    while (date.month, date.day) != (month, day):
        date += datetime.timedelta(days=1)
    return date


SERVICES = [
    "Ketamine infusion therapy",
    "Spravato treatment",
    "Medication management",
    "Psychiatric evaluation",
]


def test_demo_adds_both_clinics(client, demo_site):
    portland = LocationPage.objects.get(url_path="/home/locations/portland/")
    hood_river = LocationPage.objects.get(url_path="/home/locations/hood-river/")
    for location, city, lat, lon in (
        (portland, "Portland", 45.5152, -122.6784),
        (hood_river, "Hood River", 45.7054, -121.5215),
    ):
        assert location.live
        assert location.city == city and location.region == "OR"
        assert (float(location.latitude), float(location.longitude)) == (lat, lon)
        assert "555-01" in location.phone
        assert location.notification_email.endswith("@rainfall-medicine.example")
        assert [block.value for block in location.services] == SERVICES
        assert location.opening_hours.filter(weekday__lte=4).exists()
        assert not location.opening_hours.filter(weekday__gte=5).exists()
        assert client.get(location.url).status_code == 200
    # Portland has a day with two ranges (a lunch break).
    assert portland.opening_hours.filter(weekday=2).count() == 2


def test_demo_clinics_close_on_the_coming_holidays_whatever_the_day(client, demo_site):
    """The next Christmas Day and New Year's Day from today, shown on each
    clinic's page (closures in the past are not shown, so fixed dates would
    drop out of the demo)."""
    today = clinic_today()
    christmas = next_day_of_year(today, 12, 25)
    new_year = next_day_of_year(today, 1, 1)
    for slug in ("portland", "hood-river"):
        html = client.get(f"/locations/{slug}/").content
        items = [
            " ".join(li.get_text().split())
            for li in BeautifulSoup(html, "html.parser").select(".hours-exceptions li")
        ]
        expected = {
            christmas: f"{christmas:%A, %B} {christmas.day}, {christmas.year}: Closed "
            "(Christmas Day)",
            new_year: f"{new_year:%A, %B} {new_year.day}, {new_year.year}: Closed (New Year's Day)",
        }
        assert items == [expected[day] for day in sorted(expected)]


@pytest.mark.parametrize(
    ("today", "christmas", "new_year"),
    [
        ("2026-12-02", "2026-12-25", "2027-01-01"),
        ("2026-12-24", "2026-12-25", "2027-01-01"),
        ("2026-12-25", "2026-12-25", "2027-01-01"),  # the day itself is still shown
        ("2026-12-26", "2027-12-25", "2027-01-01"),
        ("2026-12-31", "2027-12-25", "2027-01-01"),
        ("2027-01-01", "2027-12-25", "2027-01-01"),
        ("2027-01-02", "2027-12-25", "2028-01-01"),
        ("2028-02-29", "2028-12-25", "2029-01-01"),
    ],
)
def test_demo_holidays_on_the_days_around_them(today, christmas, new_year):
    holidays = upcoming_holidays(datetime.date.fromisoformat(today))
    assert {note: day.isoformat() for day, note in holidays} == {
        "Christmas Day": christmas,
        "New Year's Day": new_year,
    }
    assert [day for day, _note in holidays] == sorted(day for day, _note in holidays)


def test_demo_pages_render(client, demo_site):
    html = client.get("/locations/").content.decode()
    assert "/locations/portland/" in html and "/locations/hood-river/" in html
    page = client.get("/locations/portland/").content.decode()
    assert "Call Portland" in page
    assert 'href="tel:+15035550142"' in page
    header = NavigationSettings.for_site(demo_site).header_links
    assert any(block.value.href == "/locations/" for block in header)
    footer = client.get("/about/").content.decode().split("<footer")[1]
    assert "Portland, OR" in footer and "Hood River, OR" in footer


def test_demo_is_idempotent_and_keeps_editor_changes(demo_site):
    portland = LocationPage.objects.get(slug="portland", locale__language_code="en")
    portland.phone = "(503) 555-0199"
    portland.save_revision().publish()
    counts = (LocationPage.objects.count(), OpeningHours.objects.count())
    exceptions = OpeningHoursException.objects.count()
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert (LocationPage.objects.count(), OpeningHours.objects.count()) == counts
    assert OpeningHoursException.objects.count() == exceptions
    assert (
        LocationPage.objects.get(slug="portland", locale__language_code="en").phone
        == "(503) 555-0199"
    )


@pytest.mark.parametrize(("url", "expected"), [("/locations/", 3), ("/locations/portland/", 2)])
def test_demo_query_counts(client, demo_site, django_assert_num_queries, url, expected):
    """With the demo's menus and settings (what visitors get), uncached. See
    test_pages for the breakdown; settings, menus, footer clinics and the
    clinics' hours come from the shared cache."""
    client.get(url)  # warm content types and renditions
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
