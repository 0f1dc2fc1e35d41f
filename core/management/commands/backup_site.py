"""`make backup`: pg_dump (custom format) plus the media folder, one dated archive."""

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write backups/clinic-backup-<date>.tar.gz: the database (pg_dump) and the media folder."

    def add_arguments(self, parser):
        parser.add_argument("--directory", default="backups")

    def handle(self, *args, directory, **options):
        try:
            path = backup(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(path))
