"""The emails about a booking, sent by the worker, none of them with
anything about health.

The visitor's confirmation, in the language they booked in: what,
when (in the clinic's time zone), where, the clinic's phone number, what to
expect, the reference and the link to the confirmation page, with the
calendar file attached. Nothing about health (the booking form asks
nothing about it) and no name or phone number echoed back.

The clinic's alert (to its notification address, in English like the
intake alerts): the reference, the appointment type, the time, who takes it
and a link to the booking in the admin; never the visitor's name, email or
phone number.

Each is claimed before it is sent and marked after (booking.tasks), so a
retry never sends one twice; a failure keeps the booking and is retried
(the scheduled sweep, ``retry_booking_emails``). The claims are the fenced
ones of the consultation emails (core.mail_claims): renewed while the mail
server is slow, so no second worker sends the same email; a worker killed
mid-send has its email sent ``MAIL_CLAIM_SECONDS`` (a minute) later, once;
a visitor's email is claimed for the booking's version it describes, so
moving or cancelling the booking meanwhile takes the claim away and the
new state's email goes instead. Each carries a Message-ID of its own
(booking, version, kind): a copy sent again after a crash in the moment
between the mail server's acceptance and the mark shows once in mail
systems that drop duplicates by Message-ID."""

import datetime
import logging
import smtplib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.mail_claims import MailClaim

from .presenting import calendar_file, summary

logger = logging.getLogger(__name__)

# kind: (when it was sent, when a worker claimed it)
KINDS = {
    "confirmation": ("email_sent_at", "email_claimed_at"),
    "alert": ("alert_sent_at", "alert_claimed_at"),
    "reminder": ("reminder_sent_at", "reminder_claimed_at"),
}


def describe_error(exc):
    """A failure without personal data (no address, no message)."""
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(value[0]) for value in exc.recipients.values()})
        return f"{type(exc).__name__} ({', '.join(codes)})"
    return f"{type(exc).__name__} ({code})" if code else type(exc).__name__


def booking_page(booking):
    return booking.page.specific if booking.page_id else None


def confirmation_url(booking):
    page = booking_page(booking)
    return page.confirmation_full_url(booking) if page is not None else ""


def change_url(booking):
    """The signed link to move or cancel ``booking`` as it is now."""
    page = booking_page(booking)
    return page.change_full_url(booking) if page is not None else ""


def visitor_context(booking):
    page = booking_page(booking)
    return {
        **summary(booking),
        "url": confirmation_url(booking),
        "change_url": change_url(booking) if booking.is_confirmed else "",
        "book_again_url": page.full_url if page is not None and not booking.is_confirmed else "",
        "moved": booking.is_confirmed and booking.version > 0,
    }


def build_confirmation(booking):
    """The email for the booking's current state: confirmed, moved or cancelled."""
    with translation.override(booking.language or settings.LANGUAGE_CODE):
        values = visitor_context(booking)
        body = render_to_string("booking/emails/confirmation.txt", values)
        if not booking.is_confirmed:
            subject = gettext("Your booking is cancelled: %(when)s")
        elif values["moved"]:
            subject = gettext("Your booking has moved: %(when)s")
        else:
            subject = gettext("Your booking is confirmed: %(when)s")
        subject = subject % {"when": values["when"]}
        message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[booking.email])
        message.attach(f"{booking.reference}.ics", calendar_file(booking), "text/calendar")
        return message


def build_reminder(booking):
    with translation.override(booking.language or settings.LANGUAGE_CODE):
        values = visitor_context(booking)
        body = render_to_string("booking/emails/reminder.txt", values)
        subject = gettext("Reminder: your booking on %(when)s") % {"when": values["when"]}
        return EmailMessage(subject=" ".join(subject.split()), body=body, to=[booking.email])


def take_claim(booking_id, kind, version):
    """This worker's claim on the booking's ``kind`` of email about its
    ``version`` (any, when None; core.mail_claims), or None when it is sent, no longer
    owed, or another worker holds it."""
    from .models import Booking

    sent_field, claim_field = KINDS[kind]
    return MailClaim.take(
        Booking,
        booking_id,
        sent_field=sent_field,
        claim_field=claim_field,
        label=f"Booking #{booking_id}: the {kind}",
        owed={"version": version} if version is not None else None,
    )


def message_id(booking, kind):
    """The same Message-ID for every copy of one email (an idempotency key);
    each version (moved, cancelled) is a new email."""
    host = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").hostname
    return f"<booking-{booking.reference}-{booking.version}-{kind}@{host or 'localhost'}>"


def _current(booking_id, *related):
    from .models import Booking

    return Booking.objects.select_related("appointment_type", "clinic", *related).filter(
        pk=booking_id
    )


def send_confirmation(booking_id):
    """Send the visitor's email for the booking's current state once
    (confirmed, moved or cancelled). Returns the booking's email status (or
    None). Marked sent only for the version it described: when the booking
    changed while it was being sent, the new state's email still goes."""
    from .models import Booking

    booking = _current(booking_id).first()
    if booking is None:
        return None
    claim = None
    if booking.email and booking.email_sent_at is None:
        claim = take_claim(booking_id, "confirmation", booking.version)
    if claim is None:  # nothing owed, or another worker is sending it
        return booking.email_status
    try:
        message = build_confirmation(booking)
        message.extra_headers["Message-ID"] = message_id(booking, "confirmation")
        if not claim.send(message):
            # The booking changed, or another worker took the claim: the
            # new state's email, or that worker, records the outcome.
            return Booking.objects.get(pk=booking_id).email_status
    except Exception as exc:  # any failure: keep the booking, retry later
        error = describe_error(exc)
        logger.error("Booking %s: confirmation email failed: %s", booking.reference, error)
        claim.release(
            email_status=Booking.Email.FAILED,
            email_last_error=error[:255],
            email_attempts=F("email_attempts") + 1,
        )
        return Booking.Email.FAILED
    claim.mark_sent(
        email_status=Booking.Email.SENT,
        email_last_error="",
        email_attempts=F("email_attempts") + 1,
    )
    return Booking.Email.SENT


# The reminder goes out within this long before the booking...
REMINDER_BEFORE = datetime.timedelta(hours=24)
# ...unless the visitor was emailed about it more recently than this (booked
# or moved the day before: the confirmation is still fresh).
REMINDER_QUIET = datetime.timedelta(hours=12)


def reminders_due(now=None):
    """Ids of the confirmed bookings whose reminder is owed now."""
    from .models import Booking

    now = now or timezone.now()
    return list(
        Booking.objects.filter(
            status=Booking.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            start__gt=now,
            start__lte=now + REMINDER_BEFORE,
            email_sent_at__lt=now - REMINDER_QUIET,
        )
        .exclude(email="")
        .values_list("pk", flat=True)[:200]
    )


def send_reminder(booking_id):
    """Send the reminder the day before, once (claimed before, marked
    after; a failure is retried by the next run). Returns whether it went."""
    from .models import Booking

    booking = _current(booking_id).filter(status=Booking.Status.CONFIRMED).exclude(email="").first()
    if booking is None or booking.reminder_sent_at is not None:
        return False
    claim = take_claim(booking_id, "reminder", booking.version)
    if claim is None:
        return False
    try:
        message = build_reminder(booking)
        message.extra_headers["Message-ID"] = message_id(booking, "reminder")
        if not claim.send(message):
            return False
    except Exception as exc:  # given back: the next run sends it
        claim.release()
        logger.error("Booking %s: reminder failed: %s", booking.reference, describe_error(exc))
        return False
    claim.mark_sent()
    return True


def build_alert(booking):
    from .formatting import when_text

    with translation.override(settings.LANGUAGE_CODE):
        when = when_text(booking.start, booking.clinic.time_zone)
        body = render_to_string(
            "booking/emails/staff_alert.txt",
            {
                "reference": booking.reference,
                "type_name": booking.appointment_type.name,
                "clinic_name": booking.clinic.title,
                "when": when,
                "staff_name": booking.staff.name,
                "admin_url": booking.admin_url,
                "cancelled": not booking.is_confirmed,
                "moved": booking.is_confirmed and booking.version > 0,
            },
        )
    if not booking.is_confirmed:
        news = "Booking cancelled by the visitor:"
    elif booking.version:
        news = "Booking moved by the visitor:"
    else:
        news = "New booking"
    subject = f"{news} {booking.reference} – {booking.clinic.title}, {when}"
    return EmailMessage(
        subject=" ".join(subject.split()), body=body, to=[booking.clinic.notification_email]
    )


def send_alert(booking_id):
    """Send the clinic's alert once, when the clinic has a notification
    address. Returns whether it is done (sent, or nothing to send)."""
    booking = _current(booking_id, "staff").first()
    if (
        booking is None
        or booking.alert_sent_at is not None
        or not booking.clinic.notification_email
    ):
        return True
    # Any version: a visitor's change meanwhile clears the claim (a new
    # alert is owed), a clinic's change does not need the clinic told.
    claim = take_claim(booking_id, "alert", None)
    if claim is None:
        return True  # sent meanwhile, or another worker is sending it
    try:
        message = build_alert(booking)
        message.extra_headers["Message-ID"] = message_id(booking, "alert")
        if not claim.send(message):
            return True  # the claim went to another worker, or a newer alert
    except Exception as exc:  # keep the booking, give the claim back, retry later
        claim.release()
        logger.error("Booking %s: clinic alert failed: %s", booking.reference, describe_error(exc))
        return False
    claim.mark_sent()
    return True
