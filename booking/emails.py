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


def claim(booking_id):
    """Claim the visitor's email owed for the booking's current version;
    returns that version, or None when nothing is owed or another worker
    holds it."""
    from .models import Booking

    now = timezone.now()
    version = (
        Booking.objects.filter(pk=booking_id, email_sent_at__isnull=True)
        .exclude(email="")
        .values_list("version", flat=True)
        .first()
    )
    if version is None:
        return None
    claimed = (
        Booking.objects.filter(pk=booking_id, email_sent_at__isnull=True, version=version)
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(email_claimed_at=now)
    )
    return version if claimed else None


def send_confirmation(booking_id):
    """Send the visitor's email for the booking's current state once
    (confirmed, moved or cancelled). Returns the booking's email status (or
    None). Marked sent only for the version it described: when the booking
    changed while it was being sent, the new state's email still goes."""
    from django.db.models import F

    from .models import Booking

    version = claim(booking_id)
    if version is None:
        booking = Booking.objects.filter(pk=booking_id).first()
        return booking.email_status if booking is not None else None
    booking = Booking.objects.select_related("appointment_type", "clinic").get(pk=booking_id)
    mine = Booking.objects.filter(pk=booking_id, version=version)
    try:
        if booking.version != version:
            return booking.email_status
        build_confirmation(booking).send(fail_silently=False)
    except Exception as exc:  # any failure: keep the booking, retry later
        error = describe_error(exc)
        logger.error("Booking %s: confirmation email failed: %s", booking.reference, error)
        mine.update(
            email_claimed_at=None,
            email_status=Booking.Email.FAILED,
            email_last_error=error[:255],
            email_attempts=F("email_attempts") + 1,
        )
        return Booking.Email.FAILED
    mine.update(
        email_sent_at=timezone.now(),
        email_claimed_at=None,
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

    now = timezone.now()
    owed = Booking.objects.filter(
        pk=booking_id, status=Booking.Status.CONFIRMED, reminder_sent_at__isnull=True
    ).exclude(email="")
    claimed = owed.filter(
        Q(reminder_claimed_at__isnull=True) | Q(reminder_claimed_at__lt=now - CLAIM_TIMEOUT)
    ).update(reminder_claimed_at=now)
    if not claimed:
        return False
    booking = Booking.objects.select_related("appointment_type", "clinic").get(pk=booking_id)
    mine = Booking.objects.filter(pk=booking_id, version=booking.version)
    try:
        build_reminder(booking).send(fail_silently=False)
    except Exception as exc:
        logger.error("Booking %s: reminder failed: %s", booking.reference, describe_error(exc))
        mine.update(reminder_claimed_at=None)
        return False
    mine.update(reminder_sent_at=timezone.now(), reminder_claimed_at=None)
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
