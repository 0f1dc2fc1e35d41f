"""Point the default Wagtail Site at SITE_URL (the web container runs it on
each start, after migrate): canonical links, og:url, the sitemap, JSON-LD and
workflow emails then name the public address, not localhost."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from core.checks import site_url_problem


class Command(BaseCommand):
    help = "Write SITE_URL's host and port into the default Wagtail Site (idempotent)."

    def handle(self, *args, **options):
        url = getattr(settings, "SITE_URL", "")
        if not url:
            self.stdout.write("SITE_URL is not set: the default Site is left as it is.")
            return
        problem = site_url_problem(url)
        if problem and "points at this machine" not in problem:
            raise CommandError(problem)
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default Site yet (load the content first).")
        if (site.hostname, site.port) == (parts.hostname, port):
            self.stdout.write(f"The default Site already is {parts.hostname}:{port}.")
            return
        before = f"{site.hostname}:{site.port}"
        site.hostname, site.port = parts.hostname, port
        site.save()
        # Cached pages name the old address in their canonical links.
        call_command("clear_page_cache", verbosity=0)
        self.stdout.write(f"The default Site is now {parts.hostname}:{port} (was {before}).")
