"""After booking: the visitor moves or cancels by the signed link of their
email (no account), a link works once and expires, the calendar files
follow each change, the reminder goes the day before, once; in English and
in Spanish."""

import datetime
import re
import zoneinfo

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.test import TestCase
from wagtail.models import Locale

from booking.availability import Availability
from booking.models import Booking
from booking.service import book
from booking.tasks import send_booking_reminders

from .conftest import details

pytestmark = pytest.mark.django_db

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
FRIDAY_TEN = datetime.datetime(2026, 11, 27, 10, tzinfo=PACIFIC)
FRIDAY_ELEVEN = datetime.datetime(2026, 11, 27, 11, tzinfo=PACIFIC)


def text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def booked(kind, page, capture, language="en"):
    with capture(execute=True):
        return book(
            kind,
            FRIDAY_TEN,
            details=details(contact_language=language),
            language=language,
            consent_text="I agree.",
            page=page,
        )


def visitor_emails():
    return [message for message in mail.outbox if message.to == ["ada@example.test"]]


def change_path(email):
    (url,) = re.findall(r"http://localhost(/\S+/(?:change|cambiar)/\S+/)", email.body)
    return url


def event(email):
    name, ics, mimetype = email.attachments[0]
    calendar = icalendar.Calendar.from_ical(ics)
    (found,) = calendar.walk("VEVENT")
    return calendar, found


def test_moving_then_cancelling_by_the_emailed_link(
    client, clinic_clock, booking_page, phone_call, django_capture_on_commit_callbacks
):
    booking = booked(phone_call, booking_page, django_capture_on_commit_callbacks)
    (confirmation,) = visitor_emails()
    first_link = change_path(confirmation)
    _, first_event = event(confirmation)
    mail.outbox.clear()

    page = client.get(first_link + "?day=2026-11-27")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "Move or cancel your booking" in text(page)
    assert "Friday, November 27, 2026, 10:00 AM PST" in text(page)
    with django_capture_on_commit_callbacks(execute=True):
        moved = client.post(first_link, {"action": "move", "time": "2026-11-27T19:00Z"})
    assert moved.status_code == 303
    assert moved["Location"] == f"/book/booking/{booking.access_key}/"
    booking.refresh_from_db()
    assert booking.start == FRIDAY_ELEVEN and booking.is_confirmed
    assert "Friday, November 27, 2026, 11:00 AM PST" in text(client.get(moved["Location"]))

    # The visitor gets the new time and a calendar file that updates the event.
    (news,) = visitor_emails()
    assert news.subject == "Your booking has moved: Friday, November 27, 2026, 11:00 AM PST"
    _, moved_event = event(news)
    assert moved_event["uid"] == first_event["uid"]
    assert moved_event.decoded("sequence") == 1
    assert moved_event.decoded("dtstart") == FRIDAY_ELEVEN
    # The clinic hears of it, still without the visitor's details.
    (alert,) = [message for message in mail.outbox if message.to == ["intake@example.test"]]
    assert alert.subject.startswith(f"Booking moved by the visitor: {booking.reference}")
    assert "Ada" not in alert.body and "ada@" not in alert.body

    # The first link was used: a page says so, with the clinic's phone number.
    used = client.get(first_link)
    assert used.status_code == 410
    assert "This link was already used" in text(used) and "(503) 555-0142" in text(used)
    assert client.post(first_link, {"action": "cancel"}).status_code == 410
    assert Booking.objects.get().is_confirmed

    mail.outbox.clear()
    second_link = change_path(news)
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = client.post(second_link, {"action": "cancel"})
    assert cancelled.status_code == 303
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert "This booking was cancelled" in text(client.get(cancelled["Location"]))
    (gone,) = visitor_emails()
    assert gone.subject == "Your booking is cancelled: Friday, November 27, 2026, 11:00 AM PST"
    calendar, cancelled_event = event(gone)
    assert str(calendar["method"]) == "CANCEL" and str(cancelled_event["status"]) == "CANCELLED"
    assert "/change/" not in gone.body
    # Both times are free again, and the link is spent.
    free = [slot.start for slot in Availability(phone_call).times_on(FRIDAY_TEN.date())]
    assert FRIDAY_TEN in free and FRIDAY_ELEVEN in free
    assert client.get(second_link).status_code == 410


def test_a_time_that_cannot_be_had_keeps_the_booking(
    client, clinic_clock, booking_page, phone_call, django_capture_on_commit_callbacks
):
    booking = booked(phone_call, booking_page, django_capture_on_commit_callbacks)
    link = change_path(visitor_emails()[0])
    # Christmas Day (closed), then nothing chosen: clear answers, no change.
    refused = client.post(link, {"action": "move", "time": "2026-12-25T18:00Z"})
    assert refused.status_code == 409 and "That time cannot be booked" in text(refused)
    empty = client.post(link, {"action": "move"})
    assert empty.status_code == 400 and "Choose a time." in text(empty)
    booking.refresh_from_db()
    assert booking.start == FRIDAY_TEN and booking.version == 0


def test_the_link_in_spanish_expires_and_a_forged_one_is_refused(
    client,
    clinic_clock,
    time_machine,
    booking_page,
    phone_call,
    django_capture_on_commit_callbacks,
):
    with TestCase.captureOnCommitCallbacks(execute=True):
        spanish = booking_page.copy_for_translation(
            Locale.objects.get(language_code="es"), copy_parents=True
        )
        spanish.slug = "reservar"
        spanish.save()
        spanish.save_revision().publish()
    booked(phone_call, spanish, django_capture_on_commit_callbacks, language="es")
    (email,) = visitor_emails()
    assert email.subject == "Su cita está confirmada: viernes, 27 de noviembre de 2026, 10:00 PST"
    link = change_path(email)
    assert link.startswith("/es/reservar/cambiar/")
    assert "Mover o cancelar su cita" in text(client.get(link))

    forged = client.get("/es/reservar/cambiar/bm90LWEtcmVhbC1saW5r/")
    assert forged.status_code == 404 and "Este enlace no funciona" in text(forged)

    # Once the booking has begun the link has expired.
    time_machine.move_to(datetime.datetime(2026, 11, 27, 10, 5, tzinfo=PACIFIC))
    expired = client.get(link)
    assert expired.status_code == 410
    assert "Este enlace ha caducado" in text(expired) and "(503) 555-0142" in text(expired)


def test_the_reminder_goes_the_day_before_once(
    clinic_clock, time_machine, booking_page, phone_call, django_capture_on_commit_callbacks
):
    assert ("booking.tasks.send_booking_reminders", 15 * 60) in settings.WORKER_SCHEDULE
    booking = booked(phone_call, booking_page, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    send_booking_reminders.call()  # Wednesday: two days before
    assert mail.outbox == []

    time_machine.move_to(datetime.datetime(2026, 11, 26, 10, 30, tzinfo=PACIFIC))
    send_booking_reminders.call()
    send_booking_reminders.call()  # a second run (or worker) sends nothing more
    (reminder,) = mail.outbox
    assert reminder.to == ["ada@example.test"]
    assert reminder.subject == "Reminder: your booking on Friday, November 27, 2026, 10:00 AM PST"
    assert booking.reference in reminder.body and "/book/change/" in reminder.body
    assert "Ada" not in reminder.body
    booking.refresh_from_db()
    assert booking.reminder_sent_at is not None
