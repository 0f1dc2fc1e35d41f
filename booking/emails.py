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
(the scheduled sweep, ``retry_booking_emails``)."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from .presenting import calendar_file, summary

logger = logging.getLogger(__name__)

# A claim older than this is from a worker that stopped mid-send: send again.
CLAIM_TIMEOUT = datetime.timedelta(minutes=10)


def describe_error(exc):
    """A failure without personal data (no address, no message)."""
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(value[0]) for value in exc.recipients.values()})
        return f"{type(exc).__name__} ({', '.join(codes)})"
    return f"{type(exc).__name__} ({code})" if code else type(exc).__name__


def confirmation_url(booking):
    page = booking.page.specific if booking.page_id else None
    if page is None:
        return ""
    return page.confirmation_full_url(booking)


def build_confirmation(booking):
    with translation.override(booking.language or settings.LANGUAGE_CODE):
        values = summary(booking)
        body = render_to_string(
            "booking/emails/confirmation.txt",
            {**values, "url": confirmation_url(booking)},
        )
        subject = gettext("Your booking is confirmed: %(when)s") % {"when": values["when"]}
        message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[booking.email])
        message.attach(f"{booking.reference}.ics", calendar_file(booking), "text/calendar")
        return message


def claim(booking_id):
    from .models import Booking

    now = timezone.now()
    return (
        Booking.objects.filter(pk=booking_id, email_sent_at__isnull=True)
        .exclude(email="")
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(email_claimed_at=now)
        == 1
    )


def send_confirmation(booking_id):
    """Send the confirmation once. Returns the booking's email status (or None)."""
    from django.db.models import F

    from .models import Booking

    if not claim(booking_id):
        booking = Booking.objects.filter(pk=booking_id).first()
        return booking.email_status if booking is not None else None
    booking = Booking.objects.select_related("appointment_type", "clinic").get(pk=booking_id)
    try:
        build_confirmation(booking).send(fail_silently=False)
    except Exception as exc:  # any failure: keep the booking, retry later
        error = describe_error(exc)
        logger.error("Booking %s: confirmation email failed: %s", booking.reference, error)
        Booking.objects.filter(pk=booking_id).update(
            email_claimed_at=None,
            email_status=Booking.Email.FAILED,
            email_last_error=error[:255],
            email_attempts=F("email_attempts") + 1,
        )
        return Booking.Email.FAILED
    Booking.objects.filter(pk=booking_id).update(
        email_sent_at=timezone.now(),
        email_claimed_at=None,
        email_status=Booking.Email.SENT,
        email_last_error="",
        email_attempts=F("email_attempts") + 1,
    )
    return Booking.Email.SENT


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
            },
        )
    subject = f"New booking {booking.reference} – {booking.clinic.title}, {when}"
    return EmailMessage(
        subject=" ".join(subject.split()), body=body, to=[booking.clinic.notification_email]
    )


def send_alert(booking_id):
    """Send the clinic's alert once, when the clinic has a notification
    address. Returns whether it is done (sent, or nothing to send)."""
    from .models import Booking

    now = timezone.now()
    claimed = (
        Booking.objects.filter(pk=booking_id, alert_sent_at__isnull=True)
        .exclude(clinic__notification_email="")
        .filter(Q(alert_claimed_at__isnull=True) | Q(alert_claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(alert_claimed_at=now)
    )
    if not claimed:
        return True
    booking = Booking.objects.select_related("appointment_type", "clinic", "staff").get(
        pk=booking_id
    )
    try:
        build_alert(booking).send(fail_silently=False)
    except Exception as exc:  # keep the booking, retry later
        logger.error("Booking %s: clinic alert failed: %s", booking.reference, describe_error(exc))
        Booking.objects.filter(pk=booking_id).update(alert_claimed_at=None)
        return False
    Booking.objects.filter(pk=booking_id).update(
        alert_sent_at=timezone.now(), alert_claimed_at=None
    )
    return True
