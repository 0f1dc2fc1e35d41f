"""`make restore FILE=...`: restore a backup archive into an empty database."""

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup archive (make backup) into an EMPTY database, and its media folder."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database-name", default=None, help="Default: DATABASE_URL's.")

    def handle(self, *args, archive, database_name, **options):
        try:
            restore(archive, database_name=database_name)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {archive}.")
