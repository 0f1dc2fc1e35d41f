"""The consultation request's background work (see core.tasks)."""

import logging

from django.core.management import call_command
from django_tasks import task

from core.tasks import WORKER_BACKEND, enqueue_later

logger = logging.getLogger(__name__)

# Seconds before each retry of a failed email; the scheduled sweep keeps
# retrying after the last one.
RETRY_DELAYS = (30, 120, 600, 1800)


@task(backend=WORKER_BACKEND)
def send_consultation_emails(submission_id, attempt=1):
    """The intake alert and the visitor's confirmation, each at most once."""
    from core.mail_claims import through_blips

    from .models import ConsultationSubmission
    from .notifications import send_notifications

    # Each email is claimed before it is sent: running it again after a
    # database blip never sends one twice.
    status = through_blips(send_notifications, submission_id)
    if status == ConsultationSubmission.Notification.FAILED and attempt <= len(RETRY_DELAYS):
        enqueue_later(
            send_consultation_emails, RETRY_DELAYS[attempt - 1], submission_id, attempt + 1
        )
    return status


@task(backend=WORKER_BACKEND)
def retry_notifications():
    """Scheduled: emails still pending or failed (e.g. the mail server was
    down for longer than the retries above, or a worker stopped mid-send)."""
    call_command("retry_consultation_notifications", verbosity=0)


@task(backend=WORKER_BACKEND)
def purge_old_requests():
    """Scheduled daily: requests past the retention period."""
    call_command("purge_consultation_requests", verbosity=0)


@task(backend=WORKER_BACKEND)
def send_intake_digests():
    """Scheduled every 15 minutes: the coordinators' morning digest, once a day."""
    from .digest import send_intake_digests as send

    return send()
