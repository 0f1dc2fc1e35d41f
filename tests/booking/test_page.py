"""The booking page as a visitor uses it without JavaScript: choose what to
book, a day, a time, say how to be reached, book; the confirmation, its
calendar file and email; bad input, a time just taken; never a stale page."""

import datetime
import re
import zoneinfo

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from booking.models import Booking

from .conftest import form_data
from .test_availability import make_booking

pytestmark = pytest.mark.django_db

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
THURSDAY = datetime.date(2026, 11, 26)
# Thursday 26 November 2026, 10:00 in Portland, as the time's radio posts it.
TEN = "2026-11-26T18:00Z"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def times(page):
    return [label.get_text(strip=True) for label in page.select(".booking__time-list label")]


def post(client, url, data, capture):
    with capture(execute=True):
        return client.post(url, data)


def test_the_page_lists_what_can_be_booked(client, booking_page, phone_call):
    response = client.get("/book/")
    assert response.status_code == 200
    page = soup(response)
    legend = page.select_one(".booking__types legend").get_text(strip=True)
    assert legend == "What would you like to book?"
    label = page.select_one(f"label[for=type-{phone_call.pk}]").get_text(" ", strip=True)
    assert "Free 15-minute phone consultation" in label and "Portland" in label
    # Served from the page cache: tests/booking/test_page_cache.py.

    # An address next to these paths identifies a patient: the access log
    # leaves it out (the prefixes core.logging reads).
    from core.outage import current_snapshot, refresh_snapshot

    refresh_snapshot()
    assert current_snapshot()["booking_paths"] == ["/book/"]


def test_a_day_shows_its_free_times_in_the_clinics_time_zone(
    client, clinic_clock, booking_page, phone_call
):
    response = client.get(f"/book/?type={phone_call.pk}")
    page = soup(response)
    # Wednesday's morning is within the minimum notice: Thursday comes first.
    legend = page.select_one(".booking__times legend").get_text(strip=True)
    assert legend == "Free times on Thursday, November 26, 2026"
    assert times(page)[:2] == ["9:00 AM PST", "9:15 AM PST"]
    assert "clinic's time zone (America/Los_Angeles)" in page.get_text()
    assert page.select_one('input[name=time][value="2026-11-26T17:00Z"]')
    next_link = page.select_one("nav.booking__days a[rel=next]")
    assert next_link["href"] == f"?type={phone_call.pk}&day=2026-11-27"
    friday = soup(client.get(f"/book/{next_link['href']}"))
    assert (
        friday.select_one(".booking__times legend")
        .get_text(strip=True)
        .startswith("Free times on Friday")
    )
    # Every field has its label; the choices are grouped under legends.
    for name in ("name", "email", "phone"):
        assert page.select_one(f"label[for=id_{name}]")
    assert page.select_one("fieldset legend", string=re.compile("Preferred contact language"))


def test_booking_a_time(
    client, clinic_clock, booking_page, phone_call, django_capture_on_commit_callbacks
):
    response = post(
        client, "/book/", form_data(phone_call, TEN), django_capture_on_commit_callbacks
    )
    assert response.status_code == 303
    booking = Booking.objects.get()
    assert response["Location"] == f"/book/booking/{booking.access_key}/"
    assert booking.start == datetime.datetime(2026, 11, 26, 10, tzinfo=PACIFIC)
    assert booking.name == "Ada Example" and booking.language == "en"
    assert booking.consent_text.startswith("I agree to be contacted")
    assert "[Privacy policy: http://localhost/privacy/]" in booking.consent_text

    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert "no-store" in confirmation["Cache-Control"]
    text = soup(confirmation).get_text(" ", strip=True)
    assert "Your booking is confirmed" in text
    assert "Thursday, November 26, 2026, 10:00 AM PST" in text
    assert booking.reference in text and "(503) 555-0142" in text

    # The confirmation email: in English, with the calendar file, nothing typed echoed.
    (email,) = [message for message in mail.outbox if message.to == ["ada@example.test"]]
    assert "10:00 AM PST" in email.subject
    assert "Ada" not in email.body and "555-0199" not in email.body
    assert f"http://localhost/book/booking/{booking.access_key}/" in email.body
    (name, ics, mimetype) = email.attachments[0]
    assert (name, mimetype) == (f"{booking.reference}.ics", "text/calendar")
    # A valid calendar file (read back by the icalendar library): the
    # clinic's time, in its time zone, and nothing the visitor typed.
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert event.decoded("dtstart") == datetime.datetime(2026, 11, 26, 10, tzinfo=PACIFIC)
    assert event.decoded("dtend") == datetime.datetime(2026, 11, 26, 10, 15, tzinfo=PACIFIC)
    assert event["dtstart"].params["TZID"] == "America/Los_Angeles"
    assert "(503) 555-0142" in event["description"] and booking.reference in event["description"]
    assert "Ada" not in ics and "ada@" not in ics and "555-0199" not in ics
    booking.refresh_from_db()
    assert booking.email_status == Booking.Email.SENT
    # The clinic's alert: which booking and where to read it, nobody's details.
    (alert,) = [message for message in mail.outbox if message.to == ["intake@example.test"]]
    assert booking.reference in alert.subject
    assert f"/admin/bookings/inspect/{booking.pk}/" in alert.body
    for detail in ("Ada", "ada@", "555-0199"):
        assert detail not in alert.body and detail not in alert.subject
    assert booking.alert_sent_at is not None

    download = client.get(f"/book/booking/{booking.access_key}/calendar/")
    assert download["Content-Type"].startswith("text/calendar")
    assert download.content.decode() == ics

    # The time is no longer offered.
    again = soup(client.get(f"/book/?type={phone_call.pk}&day=2026-11-26"))
    assert "10:00 AM PST" not in times(again)


def test_missing_answers_are_listed_and_nothing_is_stored(
    client, clinic_clock, booking_page, phone_call
):
    data = form_data(phone_call, TEN, name="", email="", phone="", consent=None)
    response = client.post("/book/", data)
    assert response.status_code == 400
    page = soup(response)
    summary = [link.get_text(strip=True) for link in page.select(".error-summary a")]
    assert summary == [
        "Your name: Enter your name.",
        "Email: Enter an email address or a phone number (or both).",
        "Consent: Tick the box to agree to be contacted.",
    ]
    assert page.select_one(".error-summary")["role"] == "alert"
    # The chosen time stays chosen.
    assert page.select_one(f'input[name=time][value="{TEN}"]').has_attr("checked")
    assert not Booking.objects.exists()


def test_a_forged_or_past_time_is_refused(client, clinic_clock, booking_page, phone_call):
    for time in (
        "2026-11-26T18:07Z",  # not a time offered
        "2026-11-26T03:00Z",  # outside the hours
        "2026-11-20T18:00Z",  # past
    ):
        response = client.post("/book/", form_data(phone_call, time))
        assert response.status_code == 409
        heading = soup(response).select_one(".form-alert h2").get_text(strip=True)
        assert heading == "That time cannot be booked"
    # Another clinic's or a made-up appointment type.
    response = client.post("/book/", form_data(phone_call, TEN, type="999999"))
    assert response.status_code == 400
    assert "Choose what you would like to book." in soup(response).get_text()
    assert not Booking.objects.exists()


def test_a_time_just_taken_keeps_what_was_typed(
    client, clinic_clock, booking_page, phone_call, coordinator
):
    make_booking(phone_call, coordinator, datetime.datetime(2026, 11, 26, 10, tzinfo=PACIFIC))
    response = client.post("/book/", form_data(phone_call, TEN, name="Grace Example"))
    assert response.status_code == 409
    page = soup(response)
    assert page.select_one(".form-alert h2").get_text(strip=True) == "That time was just taken"
    assert page.select_one("input[name=name]")["value"] == "Grace Example"
    assert page.select_one("input[name=consent]").has_attr("checked")
    offered = times(page)
    assert offered[0] == "Thursday, November 26, 2026 9:00 AM PST" and len(offered) == 6
    assert not any("10:00 AM" in label for label in offered)
    assert Booking.objects.count() == 1


def test_the_queries_of_a_day_do_not_grow_with_the_bookings(
    client, clinic_clock, booking_page, phone_call, coordinator
):
    url = f"/book/?type={phone_call.pk}"

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.get(url)  # the chrome's values cached, as on a live site
    few = queries()
    for day in range(1, 11):
        for hour in (9, 10, 11):
            start = datetime.datetime.combine(
                THURSDAY + datetime.timedelta(days=day), datetime.time(hour), tzinfo=PACIFIC
            )
            make_booking(phone_call, coordinator, start)
    assert queries() == few <= 16


def test_a_mail_failure_keeps_the_booking_and_it_is_sent_later_once(
    client, clinic_clock, booking_page, phone_call, django_capture_on_commit_callbacks, monkeypatch
):
    import smtplib

    from django.core.mail import EmailMessage

    from booking.tasks import retry_booking_emails

    def down(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    working = EmailMessage.send
    monkeypatch.setattr(EmailMessage, "send", down)
    response = post(
        client, "/book/", form_data(phone_call, TEN), django_capture_on_commit_callbacks
    )
    assert response.status_code == 303
    booking = Booking.objects.get()
    assert booking.email_status == Booking.Email.FAILED
    assert booking.email_last_error == "SMTPServerDisconnected"
    assert client.get(response["Location"]).status_code == 200

    monkeypatch.setattr(EmailMessage, "send", working)
    retry_booking_emails.call()
    retry_booking_emails.call()
    # The confirmation and the clinic's alert, each once.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ada@example.test",
        "intake@example.test",
    ]
    booking.refresh_from_db()
    assert booking.email_status == Booking.Email.SENT and booking.alert_sent_at


def test_a_booking_counts_in_the_visit_figures(
    client, clinic_clock, booking_page, phone_call, django_capture_on_commit_callbacks
):
    """A booked time is a conversion for marketing's figures, like a request."""
    from analytics.models import DailyStat
    from analytics.rollup import roll_up

    response = post(
        client, "/book/", form_data(phone_call, TEN), django_capture_on_commit_callbacks
    )
    assert response.status_code == 303
    roll_up()
    assert DailyStat.objects.get(dimension="total", key="").conversions == 1
    # A time refused (taken now) counts nothing more.
    post(client, "/book/", form_data(phone_call, TEN), django_capture_on_commit_callbacks)
    roll_up()
    assert DailyStat.objects.get(dimension="total", key="").conversions == 1
