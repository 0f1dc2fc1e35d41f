"""Send the consultation-request emails that failed or were never sent.

The worker runs it every minute (WORKER_SCHEDULE). A request whose emails
are still "pending" a minute after it arrived (its task was lost with a
worker or a database blip) or "failed" (the mail server refused, hung or
was down) is sent again; each email is claimed before it is sent, so none
that already went out is sent twice.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from forms_app.models import ConsultationSubmission
from forms_app.notifications import send_notifications

Notification = ConsultationSubmission.Notification


class Command(BaseCommand):
    help = "Retry the emails of consultation requests that are pending or failed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--pending-after",
            type=int,
            default=60,
            help="Seconds after which a still-pending request is retried (default 60: "
            "its own task may still be waiting before that; each email is claimed, so "
            "an overlap never sends one twice).",
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=50,
            help="Stop retrying a request after this many attempts (default 50). The "
            "request itself is kept and listed as new in the admin.",
        )

    def handle(self, *args, pending_after, max_attempts, **options):
        cutoff = timezone.now() - datetime.timedelta(seconds=pending_after)
        due = (
            ConsultationSubmission.objects.awaiting_notification()
            .filter(notification_attempts__lt=max_attempts)
            .exclude(notification_status=Notification.PENDING, submit_time__gt=cutoff)
            .order_by("submit_time")
            .values_list("pk", flat=True)
        )
        results = {"sent": 0, "failed": 0, "skipped": 0}
        for pk in list(due):
            status = send_notifications(pk)
            if status == Notification.SENT:
                results["sent"] += 1
            elif status == Notification.FAILED:
                results["failed"] += 1
            else:
                results["skipped"] += 1
        total = sum(results.values())
        self.stdout.write(
            f"Retried {total} consultation request(s): {results['sent']} sent, "
            f"{results['failed']} failed."
        )
