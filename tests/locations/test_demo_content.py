"""The demo content of the locations app (manage.py load_demo_content)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from home.models import NavigationSettings
from locations.models import LocationPage, OpeningHours, OpeningHoursException

pytestmark = pytest.mark.django_db

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
        holiday = location.hours_exceptions.get()
        assert holiday.closed and holiday.note
        assert client.get(location.url).status_code == 200
    # Portland has a day with two ranges (a lunch break).
    assert portland.opening_hours.filter(weekday=2).count() == 2
    assert portland.hours_exceptions.get().date == datetime.date(2026, 12, 25)


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
    portland = LocationPage.objects.get(slug="portland")
    portland.phone = "(503) 555-0199"
    portland.save_revision().publish()
    counts = (LocationPage.objects.count(), OpeningHours.objects.count())
    exceptions = OpeningHoursException.objects.count()
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert (LocationPage.objects.count(), OpeningHours.objects.count()) == counts
    assert OpeningHoursException.objects.count() == exceptions
    assert LocationPage.objects.get(slug="portland").phone == "(503) 555-0199"


@pytest.mark.parametrize(("url", "expected"), [("/locations/", 8), ("/locations/portland/", 8)])
def test_demo_query_counts(client, demo_site, django_assert_num_queries, url, expected):
    """With the demo's menus and settings (what visitors get), uncached. See
    test_pages for the breakdown; settings, menus and footer clinics come
    from the shared cache."""
    client.get(url)  # warm content types and renditions
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
