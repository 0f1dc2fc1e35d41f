"""Delete consultation requests older than the retention period, and what
the other kinds of intake (core.intake_sources: the bookings) hold from
before it.

The retention period is CONSULTATION_RETENTION_DAYS (default 365) unless
--days is given. A booking goes once both its time and the day it was made
are older than the period. --dry-run only prints what would be deleted. Each deletion is
recorded in the admin's log ("Deleted by the retention policy"). Schedule it
daily.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from core.audit import log_many
from core.intake_sources import intake_sources
from forms_app.models import ConsultationSubmission


class Command(BaseCommand):
    help = "Delete consultation requests older than N days (default: CONSULTATION_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Delete requests received more than this many days ago.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the counts, delete nothing."
        )

    def handle(self, *args, days, dry_run, **options):
        if days is None:
            days = settings.CONSULTATION_RETENTION_DAYS
        if days < 1:
            raise CommandError("--days must be at least 1.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        old = ConsultationSubmission.objects.filter(submit_time__lt=cutoff)
        by_status = dict(
            old.order_by()
            .values_list("status")
            .annotate(count=Count("id"))
            .values_list("status", "count")
        )
        total = sum(by_status.values())
        detail = ", ".join(f"{status}: {count}" for status, count in sorted(by_status.items()))
        when = timezone.localtime(cutoff).strftime("%Y-%m-%d %H:%M %Z")
        summary = f"{total} consultation request(s) received before {when} ({days} days)"
        if detail:
            summary += f" [{detail}]"
        if dry_run:
            self.stdout.write(f"Dry run: would delete {summary}.")
            for source in intake_sources():
                count = source.purge(cutoff, dry_run=True)
                self.stdout.write(f"Dry run: would delete {count} {source.kind.lower()}(s).")
            return
        with transaction.atomic():
            doomed = list(old.only("pk"))
            log_many(doomed, "forms_app.retention_delete", user=None, data={"days": days})
            old.delete()
        self.stdout.write(f"Deleted {summary}.")
        for source in intake_sources():
            with transaction.atomic():
                count = source.purge(cutoff)
            self.stdout.write(f"Deleted {count} {source.kind.lower()}(s) from before {when}.")
