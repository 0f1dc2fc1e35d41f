"""Create the editor groups, their permissions and the "Medical review" workflow."""

from django.core.management.base import BaseCommand
from django.db import transaction

from blog.editorial import ensure_editorial_setup


class Command(BaseCommand):
    help = (
        "Create the 'Marketing editors' and 'Medical reviewers' groups with their "
        "permissions and the 'Medical review' workflow on every blog index. Only adds what "
        "is missing; safe to run any number of times."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            changes = ensure_editorial_setup()
        for change in changes:
            self.stdout.write(f"  {change}")
        if changes:
            self.stdout.write(self.style.SUCCESS(f"Editorial set-up: {len(changes)} changes."))
        else:
            self.stdout.write("Editorial set-up already complete; nothing changed.")
