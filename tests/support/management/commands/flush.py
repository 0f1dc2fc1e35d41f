"""`flush` in the test suite: the database back to the migrated template.

Django empties the database after each transactional test (live server,
browser and migration tests) with this command: every table truncated, then
content types and permissions made again with new ids by post_migrate. The
tests after it would start from that emptied database rather than from the
template every other test starts from (no groups, locales or home page, and
the demo command run in full each time), and putting the template's rows back
after a flush did the work twice. So in the suite a flush truncates what has
rows and copies the template's rows back (tests/demo_snapshot.py), in one
transaction; anything else (another database, no snapshot taken yet) gets
Django's own flush.
"""

from django.core.management.commands import flush


class Command(flush.Command):
    def handle(self, **options):
        from tests import demo_snapshot

        if demo_snapshot.can_restore_migrated_state(options["database"]):
            demo_snapshot.restore_migrated_state()
            return
        super().handle(**options)
