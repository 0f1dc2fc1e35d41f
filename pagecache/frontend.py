"""Purge a CDN in front of the site (Wagtail's frontend cache), when one is set.

Configured by environment variables in settings (WAGTAILFRONTENDCACHE, see
.env.example): without them nothing is sent anywhere. Tags are turned into
page URLs: "page:<id>" is that page, "children:<path>" the page at that path and its
children, "chrome" and "model:..." every live page, "listing:..." (pages
listing the newest pages of a type, e.g. the latest articles of a home page)
the sites' home pages, where such lists live. Wagtail's
frontend-cache app is not installed: its own signal handlers would purge a
published page a second time, before the commit (the tags already cover
it); its backends and its PurgeBatch need no app.

A purged URL is sent again after ``PAGE_CACHE_LOCAL_SECONDS`` (production:
0.25 s): an app server may serve the old page from its process memory for
that long, and a proxy that fetched it just after the first purge would
keep it for its whole s-maxage. With Varnish (deploy/varnish.vcl) a purged
path takes its query strings along (?page=2, filters), as the app's own
cache does by tag.
"""

import contextlib
import threading

from django.conf import settings
from django.urls import NoReverseMatch, reverse

# What every page links and the chrome decides, served outside Wagtail's
# pages: the icons and the web manifest, made from the logo (URL names).
CHROME_URL_NAMES = ("favicon", "apple_touch_icon", "icon_192", "icon_512", "web_manifest")


def enabled():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def pages_for_tags(tags):
    from wagtail.models import Page

    live = Page.objects.live().filter(depth__gt=1)
    if any(tag == "chrome" or tag.startswith("model:") for tag in tags):
        return live
    ids = {int(tag.split(":", 1)[1]) for tag in tags if tag.startswith("page:")}
    paths = [tag.split(":", 1)[1] for tag in tags if tag.startswith("children:")]
    pages = list(live.filter(pk__in=ids))
    if any(tag.startswith("listing:") for tag in tags):
        pages.extend(live.filter(depth=2).exclude(pk__in=ids))
    for parent in Page.objects.filter(path__in=paths):
        pages.append(parent)
        pages.extend(parent.get_children().live())
    return pages


def chrome_urls():
    from wagtail.models import Site

    paths = []
    for name in CHROME_URL_NAMES:
        with contextlib.suppress(NoReverseMatch):
            paths.append(reverse(name))
    return [site.root_url + path for site in Site.objects.all() for path in paths]


def purge_frontend_cache(tags):
    if not enabled():
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_pages(pages_for_tags(tags))
    if "chrome" in tags:
        batch.add_urls(chrome_urls())
    batch.purge()
    delay = getattr(settings, "PAGE_CACHE_LOCAL_SECONDS", 0)
    if delay > 0 and batch.urls:
        # The URLs are known: the second purge needs no database.
        threading.Timer(delay + 0.05, batch.purge).start()
