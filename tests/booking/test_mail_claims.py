"""A booking's emails are claimed like the consultation emails
(core.mail_claims): an email another worker is sending is not sent again, a
claim left by a worker that stopped mid-send is taken over once it is stale
and the email then goes once, a failed send gives the claim back for the
retry, a slow mail server does not let a second worker in, and a booking
moved meanwhile is not told of its old time. Django's own email machinery
(the locmem backend, and the SMTP backend against a closed port) and the
real PostgreSQL."""

import datetime
import threading
import time
import zoneinfo

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from booking import emails
from booking.models import Booking
from booking.service import book, cancel
from core.mail_claims import claim_timeout
from tests.servers import free_port

from .conftest import details

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
FRIDAY_TEN = datetime.datetime(2026, 11, 27, 10, tzinfo=PACIFIC)


@pytest.fixture
def booking(clinic_clock, booking_page, phone_call):
    # Booked without running the on-commit task: the emails are still owed.
    return book(
        phone_call,
        FRIDAY_TEN,
        details=details(),
        language="en",
        consent_text="I agree.",
        page=booking_page,
    )


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def make_stale(booking, claim_field):
    stale = timezone.now() - claim_timeout() - datetime.timedelta(seconds=1)
    Booking.objects.filter(pk=booking.pk).update(**{claim_field: stale})


@pytest.mark.django_db
def test_an_email_another_worker_is_sending_is_not_sent(booking):
    other = emails.take_claim(booking.pk, "confirmation", booking.version)
    assert other is not None
    assert emails.send_confirmation(booking.pk) == Booking.Email.PENDING
    alert = emails.take_claim(booking.pk, "alert", None)
    assert emails.send_alert(booking.pk) is True  # nothing for this worker to do
    assert mail.outbox == []
    booking.refresh_from_db()
    # Still the other worker's: it sends them and marks them.
    assert booking.email_claimed_at == other.token
    assert booking.alert_claimed_at == alert.token


@pytest.mark.django_db
def test_a_stale_claim_is_taken_over_and_the_email_goes_once(booking):
    dead = emails.take_claim(booking.pk, "confirmation", booking.version)
    dead_alert = emails.take_claim(booking.pk, "alert", None)
    make_stale(booking, "email_claimed_at")
    make_stale(booking, "alert_claimed_at")

    assert emails.send_confirmation(booking.pk) == Booking.Email.SENT
    assert emails.send_alert(booking.pk) is True
    (confirmation,) = sent_to("ada@example.test")
    (alert,) = sent_to("intake@example.test")
    assert "Your booking is confirmed" in confirmation.subject
    assert booking.reference in alert.subject
    # One Message-ID per booking, version and kind: a copy resent after a
    # crash is dropped by mail systems that drop duplicates.
    assert confirmation.extra_headers["Message-ID"] == emails.message_id(booking, "confirmation")
    assert alert.extra_headers["Message-ID"] != confirmation.extra_headers["Message-ID"]
    # The worker whose claim was taken over may no longer send.
    assert dead.renew() is False and dead_alert.renew() is False
    # Retries and the sweep find nothing left to send.
    for _ in range(2):
        emails.send_confirmation(booking.pk)
        emails.send_alert(booking.pk)
    assert len(mail.outbox) == 2
    booking.refresh_from_db()
    assert booking.email_status == Booking.Email.SENT and booking.email_claimed_at is None
    assert booking.alert_sent_at is not None and booking.alert_claimed_at is None


@pytest.mark.django_db
def test_a_failed_send_gives_the_claim_back(booking, settings):
    # A mail server that refuses connections (nothing listens on the port).
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 1
    assert emails.send_confirmation(booking.pk) == Booking.Email.FAILED
    assert emails.send_alert(booking.pk) is False
    booking.refresh_from_db()
    assert booking.email_status == Booking.Email.FAILED
    assert booking.email_last_error == "ConnectionRefusedError"
    # Given back: the next retry need not wait for the claim to go stale.
    assert booking.email_claimed_at is None and booking.alert_claimed_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert emails.send_confirmation(booking.pk) == Booking.Email.SENT
    assert emails.send_alert(booking.pk) is True
    assert len(sent_to("ada@example.test")) == 1 and len(sent_to("intake@example.test")) == 1


@pytest.mark.django_db
def test_a_booking_moved_meanwhile_is_not_told_of_its_old_state(booking):
    claim = emails.take_claim(booking.pk, "confirmation", booking.version)
    message = emails.build_confirmation(booking)
    assert cancel(booking) is True  # the visitor cancels while the worker is sending
    assert claim.send(message) is False
    assert claim.mark_sent() is False
    # The cancellation's email is what the visitor gets.
    assert emails.send_confirmation(booking.pk) == Booking.Email.SENT
    (email,) = sent_to("ada@example.test")
    assert "Your booking is cancelled" in email.subject


class SlowBackend(LocmemBackend):
    """A mail server that takes longer to accept than a claim lives unrenewed."""

    def send_messages(self, messages):
        time.sleep(1.5)
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_a_slow_mail_server_does_not_let_a_second_worker_send_again(booking, settings):
    settings.MAIL_CLAIM_SECONDS = 0.4
    # Committed at once here, the booking's emails went out with it: owed again.
    Booking.objects.filter(pk=booking.pk).update(
        email_sent_at=None, email_status=Booking.Email.PENDING
    )
    mail.outbox.clear()
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    first = threading.Thread(target=emails.send_confirmation, args=(booking.pk,))
    first.start()
    try:
        deadline = time.monotonic() + 10
        while not Booking.objects.filter(pk=booking.pk, email_claimed_at__isnull=False).exists():
            assert time.monotonic() < deadline, "the first worker never claimed the email"
            time.sleep(0.02)
        claimed_at = Booking.objects.get(pk=booking.pk).email_claimed_at
        time.sleep(0.8)  # twice the claim's life: unrenewed, it would look abandoned
        assert Booking.objects.get(pk=booking.pk).email_claimed_at > claimed_at  # renewed
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert emails.send_confirmation(booking.pk) == Booking.Email.PENDING
    finally:
        first.join(10)
    assert len(sent_to("ada@example.test")) == 1
    assert Booking.objects.get(pk=booking.pk).email_status == Booking.Email.SENT
