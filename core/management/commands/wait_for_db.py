"""Wait until the database answers, or explain how to start one."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.utils import OperationalError


class Command(BaseCommand):
    help = "Wait up to --timeout seconds for the default database to accept connections."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=0, help="Seconds to keep trying.")
        parser.add_argument(
            "--hint",
            default="Start one with:  docker compose up -d db   (or set DATABASE_URL).",
            help="What to print when the database does not answer.",
        )

    def handle(self, *args, timeout, hint, **options):
        connection = connections["default"]
        settings = connection.settings_dict
        where = f"{settings.get('HOST') or 'localhost'}:{settings.get('PORT') or 'default port'}"
        deadline = time.monotonic() + timeout
        while True:
            try:
                connection.ensure_connection()
                connection.close()
                return
            except OperationalError as exc:
                if time.monotonic() >= deadline:
                    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc
                    raise CommandError(
                        f"The database ({settings['ENGINE'].rsplit('.', 1)[-1]} at {where}) "
                        f"does not answer: {reason}\n{hint}"
                    ) from None
                time.sleep(1)
