"""Bookings in the intake workspace, next to the consultation requests
(core.intake_sources): a row of kind "Booking" with its time and clinic,
found by name, reference or phone digits; an outcome and an assignee
recorded and logged; in the export file; each view and export logged;
purged by the requests' retention run; nothing for staff who may see
requests but not bookings."""

import csv
import datetime
import io
import zoneinfo
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from wagtail.models import ModelLogEntry

from booking.models import Booking

from .test_availability import make_booking

pytestmark = pytest.mark.django_db

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
LIST = "/admin/consultation-requests/"


def login(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(username=username, password="x" * 12)
    user.groups.add(*groups)
    client = Client()
    client.force_login(user)
    return client, user


@pytest.fixture
def coordinator_client(django_user_model):
    return login(django_user_model, "intake", Group.objects.get(name="Intake coordinators"))


@pytest.fixture
def booking(clinic_clock, phone_call, coordinator):
    booking = make_booking(
        phone_call, coordinator, datetime.datetime(2026, 11, 26, 10, tzinfo=PACIFIC)
    )
    booking.name = "Bea Booker"
    booking.phone = "(503) 555-0177"
    booking.save()
    return booking


def booking_rows(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in page.select(".intake-list__others tbody tr")
    ]


def test_a_booking_is_a_row_of_the_intake_list_found_by_search(coordinator_client, booking):
    client, _user = coordinator_client
    (row,) = booking_rows(client.get(LIST))
    assert row[:7] == [
        "Booking",
        booking.reference,
        "Bea Booker",
        "(503) 555-0177",
        "Thu 26 Nov 2026, 10:00 PST",
        "Portland",
        "Confirmed",
    ]
    entry = ModelLogEntry.objects.get(action="booking.view", object_id=str(booking.pk))
    assert entry.data == {"in": "intake listing"}

    for query in ("bea book", booking.reference.lower(), "5035550177", "555-0177"):
        assert [r[1] for r in booking_rows(client.get(LIST, {"q": query}))] == [
            booking.reference
        ], query
        # The list's refresh as one searches (Wagtail's results view) too.
        results = client.get(LIST + "results/", {"q": query})
        assert [r[1] for r in booking_rows(results)] == [booking.reference], query
    assert booking_rows(client.get(LIST, {"q": "nobody-like-this"})) == []
    # A filter only requests have (their status) shows requests only.
    assert booking_rows(client.get(LIST, {"status": "new"})) == []


def test_an_outcome_and_an_assignee_are_recorded_and_logged(
    coordinator_client, booking, django_user_model
):
    client, user = coordinator_client
    url = f"/admin/bookings/outcome/{booking.pk}/"
    (row,) = booking_rows(client.get(LIST))
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"outcome": "no_show", "assigned_to": user.pk, "note": "Called twice", "next": LIST}
    )
    assert response.status_code == 302 and response["Location"] == LIST
    booking.refresh_from_db()
    assert booking.outcome == "no_show" and booking.assigned_to == user
    outcome = ModelLogEntry.objects.get(action="booking.outcome", object_id=str(booking.pk))
    assert outcome.data == {"outcome": "no_show", "note": "Called twice"}
    assert ModelLogEntry.objects.filter(action="booking.assign", object_id=str(booking.pk))

    (row,) = booking_rows(client.get(LIST, {"assigned": "me"}))
    assert row[7:9] == ["No show", "intake"]
    assert booking_rows(client.get(LIST, {"assigned": "nobody"})) == []
    detail = client.get(f"/admin/bookings/inspect/{booking.pk}/").content.decode()
    assert "No show" in detail

    editors = Group.objects.create(name="Marketing editors (test)")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor, _ = login(django_user_model, "marketing", editors)
    assert editor.post(url, {"outcome": "completed"}).status_code == 403
    booking.refresh_from_db()
    assert booking.outcome == "no_show"


def test_the_export_holds_the_bookings_and_logs_them(coordinator_client, booking):
    client, _user = coordinator_client
    response = client.get(LIST, {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(content)))
    assert row["Kind"] == "Booking" and row["Reference"] == booking.reference
    assert row["Name"] == "Bea Booker" and row["Clinic"] == "Portland"
    assert row["Appointment (clinic time)"] == "Thu 26 Nov 2026, 10:00 PST"
    assert row["Status"] == "Confirmed"
    assert ModelLogEntry.objects.filter(action="booking.export", object_id=str(booking.pk))
    assert client.get(LIST, {"export": "xlsx"}).status_code == 200


def test_staff_who_see_requests_but_not_bookings_get_no_booking_rows(django_user_model, booking):
    requests_only = Group.objects.create(name="Requests only (test)")
    requests_only.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_consultationsubmission"),
        Permission.objects.get(codename="export_consultationsubmission"),
    )
    client, _user = login(django_user_model, "requests", requests_only)
    response = client.get(LIST, {"q": "Bea"})
    assert response.status_code == 200
    assert "Bea Booker" not in response.content.decode()
    export = b"".join(client.get(LIST, {"export": "csv"}).streaming_content)
    assert b"Bea Booker" not in export
    assert not ModelLogEntry.objects.filter(action__startswith="booking.")


def test_the_retention_run_purges_old_bookings_and_logs_it(clinic_clock, phone_call, coordinator):
    old = make_booking(phone_call, coordinator, datetime.datetime(2025, 10, 1, 10, tzinfo=PACIFIC))
    Booking.objects.filter(pk=old.pk).update(
        created_at=datetime.datetime(2025, 9, 20, tzinfo=PACIFIC)
    )
    recent = make_booking(
        phone_call, coordinator, datetime.datetime(2026, 11, 26, 10, tzinfo=PACIFIC)
    )
    out = StringIO()
    call_command("purge_consultation_requests", "--dry-run", stdout=out)
    assert "would delete 1 booking(s)" in out.getvalue()
    assert Booking.objects.count() == 2

    out = StringIO()
    call_command("purge_consultation_requests", stdout=out)
    assert "Deleted 1 booking(s)" in out.getvalue()
    assert list(Booking.objects.values_list("pk", flat=True)) == [recent.pk]
    entry = ModelLogEntry.objects.get(action="booking.retention_delete")
    assert entry.object_id == str(old.pk) and entry.user is None
