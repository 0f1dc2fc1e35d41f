"""Booking's background work (see core.tasks)."""

from django_tasks import task

from core.tasks import WORKER_BACKEND, enqueue_later

# Seconds before each retry of a failed email; the scheduled sweep keeps
# retrying after the last one.
RETRY_DELAYS = (30, 120, 600, 1800)


@task(backend=WORKER_BACKEND)
def send_booking_email(booking_id, attempt=1):
    """The visitor's confirmation and the clinic's alert, each at most once
    (booking.emails)."""
    from .emails import send_alert, send_confirmation
    from .models import Booking

    status = send_confirmation(booking_id)
    alerted = send_alert(booking_id)
    failed = status == Booking.Email.FAILED or not alerted
    if failed and attempt <= len(RETRY_DELAYS):
        enqueue_later(send_booking_email, RETRY_DELAYS[attempt - 1], booking_id, attempt + 1)
    return status


@task(backend=WORKER_BACKEND)
def retry_booking_emails():
    """Scheduled: confirmations still pending or failed and alerts not sent
    (the mail server was down longer than the retries above, or a worker
    stopped mid-send), for bookings not yet past."""
    from django.db.models import Q
    from django.utils import timezone

    from .emails import send_alert, send_confirmation
    from .models import Booking

    # Cancelled ones too: the visitor is owed the cancellation's email.
    upcoming = Booking.objects.filter(start__gt=timezone.now())
    confirmations = upcoming.filter(
        email_status__in=[Booking.Email.PENDING, Booking.Email.FAILED]
    ).values_list("pk", flat=True)[:100]
    alerts = (
        upcoming.filter(alert_sent_at__isnull=True)
        .filter(~Q(clinic__notification_email=""))
        .values_list("pk", flat=True)[:100]
    )
    return [send_confirmation(pk) for pk in confirmations] + [send_alert(pk) for pk in alerts]


@task(backend=WORKER_BACKEND)
def send_booking_reminders():
    """Scheduled: the reminder the day before each booking, once (booking.emails)."""
    from .emails import reminders_due, send_reminder

    return [send_reminder(pk) for pk in reminders_due()]
