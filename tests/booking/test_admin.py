"""Bookings on the staff side: intake coordinators see the list and each
booking and may cancel one (its time is free again); marketing editors and
anonymous visitors get nothing; coordinators keep the appointment types."""

import datetime
import zoneinfo

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from wagtail.models import ModelLogEntry

from booking.availability import Availability
from booking.models import Booking

from .test_availability import make_booking

pytestmark = pytest.mark.django_db

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
SECRET = "Distinctive-Visitor-5521"


def login(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(username=username, password="x" * 12)
    user.groups.add(*groups)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def booking(clinic_clock, phone_call, coordinator):
    booking = make_booking(
        phone_call, coordinator, datetime.datetime(2026, 11, 26, 10, tzinfo=PACIFIC)
    )
    booking.name = SECRET
    booking.phone = "503-555-0199"
    booking.save()
    return booking


def test_coordinators_see_bookings_and_cancel_one(
    django_user_model, booking, phone_call, django_capture_on_commit_callbacks
):
    client = login(django_user_model, "intake", Group.objects.get(name="Intake coordinators"))
    listing = client.get("/admin/bookings/")
    assert listing.status_code == 200
    row = BeautifulSoup(listing.content, "html.parser").select_one("table tbody tr")
    assert booking.reference in row.get_text() and SECRET in row.get_text()
    assert "Thu 26 Nov 2026, 10:00 PST" in row.get_text()
    assert client.get("/admin/bookings/?q=5550199").status_code == 200

    detail = client.get(f"/admin/bookings/inspect/{booking.pk}/")
    assert detail.status_code == 200
    page = BeautifulSoup(detail.content, "html.parser")
    assert page.select_one('a[href="tel:+15035550199"]')
    assert ModelLogEntry.objects.filter(action="booking.view").count() == 1

    cancel_url = f"/admin/bookings/cancel/{booking.pk}/"
    assert page.select_one(f'a[href="{cancel_url}"]')
    assert client.get(cancel_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url)
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.cancelled_at
    # The visitor is told, with the calendar file that removes the event.
    (email,) = [message for message in mail.outbox if message.to == ["someone@example.test"]]
    assert email.subject == "Your booking is cancelled: Thursday, November 26, 2026, 10:00 AM PST"
    assert "METHOD:CANCEL" in email.attachments[0][1]
    assert ModelLogEntry.objects.filter(action="booking.cancel").count() == 1
    # The time is offered again.
    free = Availability(phone_call).times_on(datetime.date(2026, 11, 26))
    assert booking.start in [slot.start for slot in free]

    # Nobody adds or edits a booking in the admin.
    assert client.get("/admin/bookings/add/").status_code == 404
    assert client.get(f"/admin/bookings/edit/{booking.pk}/").status_code == 404


def test_coordinators_keep_the_appointment_types(django_user_model, phone_call):
    client = login(django_user_model, "intake", Group.objects.get(name="Intake coordinators"))
    response = client.get("/admin/snippets/booking/appointmenttype/")
    assert response.status_code == 200
    assert phone_call.name in response.content.decode()
    assert (
        client.get(f"/admin/snippets/booking/appointmenttype/edit/{phone_call.pk}/").status_code
        == 200
    )
    assert client.get("/admin/snippets/booking/staffmember/").status_code == 200


def test_editors_and_visitors_see_no_booking(django_user_model, booking):
    editors = Group.objects.create(name="Marketing editors (test)")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = login(django_user_model, "marketing", editors)
    urls = [
        "/admin/bookings/",
        f"/admin/bookings/inspect/{booking.pk}/",
        f"/admin/bookings/cancel/{booking.pk}/",
        f"/admin/bookings/move/{booking.pk}/",
        "/admin/bookings/feeds/",
    ]
    urls.append("/admin/bookings/?export=csv")
    for url in urls:
        response = editor.get(url)
        assert response.status_code in (302, 403), url
        assert SECRET not in response.content.decode()
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert editor.post(f"/admin/bookings/cancel/{booking.pk}/").status_code in (302, 403)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_a_coordinator_moves_a_booking_and_the_visitor_is_told(
    django_user_model, booking, phone_call, django_capture_on_commit_callbacks
):
    client = login(django_user_model, "intake", Group.objects.get(name="Intake coordinators"))
    move_url = f"/admin/bookings/move/{booking.pk}/"
    detail = BeautifulSoup(
        client.get(f"/admin/bookings/inspect/{booking.pk}/").content, "html.parser"
    )
    assert detail.select_one(f'a[href="{move_url}"]')
    form = BeautifulSoup(client.get(move_url + "?day=2026-11-26").content, "html.parser")
    assert form.select_one('input[name=time][value="2026-11-26T19:00Z"]')
    # A time outside the rules is refused and nothing changes.
    assert client.post(move_url, {"time": "2026-11-26T23:00Z"}).status_code == 409
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(move_url, {"time": "2026-11-26T19:00Z"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.start == datetime.datetime(2026, 11, 26, 11, tzinfo=PACIFIC)
    assert ModelLogEntry.objects.filter(action="booking.move").count() == 1
    (email,) = [message for message in mail.outbox if message.to == ["someone@example.test"]]
    assert email.subject == "Your booking has moved: Thursday, November 26, 2026, 11:00 AM PST"
    # The old time is free again.
    free = Availability(phone_call).times_on(datetime.date(2026, 11, 26))
    assert datetime.datetime(2026, 11, 26, 10, tzinfo=PACIFIC) in [slot.start for slot in free]


def test_a_private_calendar_feed_holds_no_personal_details(django_user_model, booking, coordinator):
    client = login(django_user_model, "intake", Group.objects.get(name="Intake coordinators"))
    listing = BeautifulSoup(client.get("/admin/bookings/").content, "html.parser")
    assert listing.select_one('a[href="/admin/bookings/feeds/"]')
    client.post("/admin/bookings/feeds/", {"staff": coordinator.pk, "action": "new"})
    coordinator.refresh_from_db()
    feed_url = f"/calendar-feed/{coordinator.calendar_feed_key}.ics"
    assert feed_url in client.get("/admin/bookings/feeds/").content.decode()

    feed = Client().get(feed_url)  # a calendar app: no session
    assert feed.status_code == 200 and "no-store" in feed["Cache-Control"]
    (event,) = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["summary"]) == f"Consultation call, ref {booking.reference}"
    assert str(event["url"]).endswith(f"/admin/bookings/inspect/{booking.pk}/")
    assert event.decoded("dtstart") == booking.start
    body = feed.content.decode()
    for detail in (SECRET, "someone@example.test", "503-555-0199", "5550199"):
        assert detail not in body

    # A new address revokes the old one; turned off, none works.
    client.post("/admin/bookings/feeds/", {"staff": coordinator.pk, "action": "new"})
    assert Client().get(feed_url).status_code == 404
    coordinator.refresh_from_db()
    client.post("/admin/bookings/feeds/", {"staff": coordinator.pk, "action": "off"})
    assert Client().get(f"/calendar-feed/{coordinator.calendar_feed_key}.ics").status_code == 404
    coordinator.refresh_from_db()
    assert coordinator.calendar_feed_key is None


def test_coordinators_export_bookings_and_it_is_logged(django_user_model, booking):
    booking.name = "=HYPERLINK(1)"
    booking.save()
    client = login(django_user_model, "intake", Group.objects.get(name="Intake coordinators"))
    response = client.get("/admin/bookings/?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    header, row = text.strip().splitlines()[:2]
    assert header.startswith("Reference,When (clinic time)")
    assert booking.reference in row and "Thu 26 Nov 2026, 10:00 PST" in row
    assert "'=HYPERLINK(1)" in row
    assert ModelLogEntry.objects.filter(action="booking.export").count() == 1


def test_coordinators_block_time_that_no_booking_may_take(
    django_user_model, booking, phone_call, coordinator
):
    client = login(django_user_model, "intake", Group.objects.get(name="Intake coordinators"))
    data = {"staff": coordinator.pk, "day": "2026-11-26", "reason": "Team meeting"}
    # Over the 10:00 booking: refused, nothing stored.
    refused = client.post("/admin/bookings/block/", {**data, "starts": "09:30", "ends": "10:30"})
    assert refused.status_code == 409 and b"holds a booking" in refused.content
    response = client.post("/admin/bookings/block/", {**data, "starts": "09:00", "ends": "10:00"})
    assert response.status_code == 302
    block = Booking.objects.get(is_block=True)
    assert block.start == datetime.datetime(2026, 11, 26, 9, tzinfo=PACIFIC)
    thursday = datetime.date(2026, 11, 26)
    starts = [
        slot.start.astimezone(PACIFIC).time()
        for slot in Availability(phone_call).times_on(thursday)
    ]
    assert datetime.time(9) not in starts and datetime.time(9, 45) not in starts
    assert datetime.time(10, 30) in starts
    # The database refuses a booking inside it, whatever the code above it checks.
    with pytest.raises(IntegrityError), transaction.atomic():
        make_booking(
            phone_call, coordinator, datetime.datetime(2026, 11, 26, 9, 15, tzinfo=PACIFIC)
        )
    # Freed again from its page.
    detail = client.get(f"/admin/bookings/inspect/{block.pk}/")
    assert b"Blocked time" in detail.content
    client.post(f"/admin/bookings/cancel/{block.pk}/")
    starts = [
        slot.start.astimezone(PACIFIC).time()
        for slot in Availability(phone_call).times_on(thursday)
    ]
    assert datetime.time(9) in starts
    assert ModelLogEntry.objects.filter(action="booking.block").count() == 1
