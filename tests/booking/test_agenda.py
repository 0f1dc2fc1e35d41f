"""Bookings › Agenda: one clinic's day or week per staff member, at the
clinic's local time in winter and in summer, each booking linked to its
admin page; blocked time shown; staff without the booking permissions
are refused."""

import datetime
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.test import Client

from booking.models import Booking
from booking.service import block_time

from .test_availability import make_booking

pytestmark = pytest.mark.django_db

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
WINTER = datetime.datetime(2026, 11, 26, 10, tzinfo=PACIFIC)  # PST, UTC-8
SUMMER = datetime.datetime(2026, 7, 16, 10, tzinfo=PACIFIC)  # PDT, UTC-7


def login(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(username=username, password="x" * 12)
    user.groups.add(*groups)
    client = Client()
    client.force_login(user)
    return client


def cells(response):
    page = BeautifulSoup(response.content, "html.parser")
    table = page.select_one("table.booking-agenda")
    heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    rows = {
        row.select_one("th").get_text(strip=True): [
            td.get_text(" ", strip=True) for td in row.select("td")
        ]
        for row in table.select("tbody tr")
    }
    return page, heads, rows


def test_the_agenda_shows_bookings_at_the_clinics_time_in_both_seasons(
    django_user_model, clinic_clock, phone_call, coordinator
):
    winter = make_booking(phone_call, coordinator, WINTER)
    summer = make_booking(phone_call, coordinator, SUMMER)
    block_time(
        coordinator,
        datetime.datetime(2026, 11, 26, 11, tzinfo=PACIFIC),
        datetime.datetime(2026, 11, 26, 12, tzinfo=PACIFIC),
        "Team meeting",
    )
    client = login(django_user_model, "intake", Group.objects.get(name="Intake coordinators"))

    response = client.get(f"/admin/bookings/agenda/?clinic={phone_call.clinic_id}&date=2026-11-26")
    assert response.status_code == 200
    page, heads, rows = cells(response)
    assert heads == ["Staff member", "Thu 26 Nov"]
    (day,) = rows[coordinator.name]
    assert f"10:00–10:15 PST {winter.reference}" in day
    assert "11:00–12:00 PST Blocked: Team meeting" in day
    assert page.select_one(f'a[href="/admin/bookings/inspect/{winter.pk}/"]')
    assert "America/Los_Angeles" in page.get_text()

    # Summer time: still 10:00 on the clinic's clock (17:00 UTC, not 18:00).
    response = client.get(f"/admin/bookings/agenda/?staff={coordinator.pk}&date=2026-07-16")
    _page, _heads, rows = cells(response)
    assert f"10:00–10:15 PDT {summer.reference}" in rows[coordinator.name][0]

    # The week (from Monday), with the previous and next weeks linked.
    response = client.get(
        f"/admin/bookings/agenda/?view=week&clinic={phone_call.clinic_id}&date=2026-11-26"
    )
    page, heads, rows = cells(response)
    assert heads[1:] == [
        "Mon 23 Nov",
        "Tue 24 Nov",
        "Wed 25 Nov (today)",
        "Thu 26 Nov",
        "Fri 27 Nov",
        "Sat 28 Nov",
        "Sun 29 Nov",
    ]
    week = rows[coordinator.name]
    assert winter.reference in week[3] and not any(winter.reference in cell for cell in week[:3])
    previous = page.select_one('a[rel="prev"]')["href"]
    assert "date=2026-11-16" in previous and "view=week" in previous
    assert "date=2026-11-30" in page.select_one('a[rel="next"]')["href"]
    # Reached from the admin menu and from the list of bookings.
    assert "/admin/bookings/agenda/" in client.get("/admin/").content.decode()
    listing = BeautifulSoup(client.get("/admin/bookings/").content, "html.parser")
    assert listing.select_one('a[href="/admin/bookings/agenda/"]')

    # Cancelled bookings leave the agenda.
    winter.status = "cancelled"
    winter.save()
    _page, _heads, rows = cells(
        client.get(f"/admin/bookings/agenda/?clinic={phone_call.clinic_id}&date=2026-11-26")
    )
    assert winter.reference not in rows[coordinator.name][0]


def test_staff_without_the_booking_permission_get_403(django_user_model, clinic_clock, phone_call):
    editors = Group.objects.create(name="Marketing editors (test)")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = login(django_user_model, "marketing", editors)
    response = editor.get("/admin/bookings/agenda/")
    assert response.status_code == 403
    assert b"/admin/bookings/agenda/" not in editor.get("/admin/").content
    anonymous = Client().get("/admin/bookings/agenda/")
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]


def test_the_agenda_costs_the_same_queries_with_many_more_bookings(
    django_user_model, clinic_clock, clinic, phone_call, coordinator
):
    """A busy week (three more staff members, 60 more bookings) costs the
    agenda the same queries as a quiet one: the clinics, the staff and the
    week's bookings, each read once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.booking import staff_with_hours

    client = login(django_user_model, "intake", Group.objects.get(name="Intake coordinators"))
    url = f"/admin/bookings/agenda/?view=week&clinic={clinic.pk}&date=2026-11-23"
    make_booking(phone_call, coordinator, WINTER)
    client.get(url)  # the session, the user and the admin's menus warmed

    def week():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        page, _heads, rows = cells(response)
        return len(ctx.captured_queries), rows, page.select('a[href^="/admin/bookings/inspect/"]')

    quiet, _rows, links = week()
    assert len(links) == 1
    members = [coordinator] + [staff_with_hours(clinic) for _ in range(3)]
    for member in members[1:]:
        phone_call.staff.add(member)
    monday = datetime.datetime(2026, 11, 23, 9, tzinfo=PACIFIC)
    for n in range(60):
        member = members[n % len(members)]
        # Monday to Friday from 9:00, every 20 minutes (never the 10:00 above).
        start = monday + datetime.timedelta(days=n % 5, minutes=20 * (n // 5 % 9))
        make_booking(phone_call, member, start)
    busy, rows, links = week()
    assert busy == quiet
    assert len(rows) == 4  # a row per staff member
    assert len(links) == Booking.objects.filter(clinic=clinic).count() > 60
