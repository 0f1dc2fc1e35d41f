"""Make every cached page and chrome entry stale on every app server.

Run on each release (docker-compose's web service does, before gunicorn):
cached HTML was rendered by the previous release's templates and code.
Nothing is deleted: entries under old versions are never read again and the
cache's own eviction (Redis: allkeys-lru) reclaims them. A CDN in front is
purged too when WAGTAILFRONTENDCACHE is set.
"""

from django.core.management.base import BaseCommand

from pagecache import tags as cache_tags
from pagecache.sites import forget as forget_sites


class Command(BaseCommand):
    help = "Make every cached page stale (run on each release)."

    def handle(self, *args, **options):
        cache_tags.purge(cache_tags.CHROME)
        forget_sites()
        self.stdout.write("Page cache cleared: every page is rendered afresh on its next request.")
