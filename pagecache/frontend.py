"""Purge a CDN in front of the site (Wagtail's frontend cache), when one is set.

Configured by environment variables in settings (WAGTAILFRONTENDCACHE, see
.env.example): without them nothing is sent anywhere. Tags are turned into
page URLs: "page:<id>" is that page, "children:<path>" the page at that path and its
children, "chrome" and "model:..." every live page, "listing:..." (pages
listing the newest pages of a type, e.g. the latest articles of a home page)
the sites' home pages, where such lists live. The sitemap follows every
change to pages, robots.txt and the icons the chrome. Wagtail's
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
# pages: the icons and the web manifest, made from the logo, and robots.txt,
# which names the site's own address (URL names).
CHROME_URL_NAMES = (
    "favicon",
    "apple_touch_icon",
    "icon_192",
    "icon_512",
    "web_manifest",
    "robots_txt",
)
# Lists of every page, served outside Wagtail's pages (URL names): the
# sitemap (every live public page of each language, with the time it was
# last published) changes whenever a page is published, unpublished, moved,
# deleted or made private. One per Site: the languages share it.
ALL_PAGES_URL_NAMES = ("sitemap",)
# The tags of a change to pages (pagecache.signals): "page:" a page's own
# content, "children:" a parent's listing (a page added, moved or removed
# under it), "listing:" the newest pages of a type, "chrome" a privacy
# setting or a Site. Snippets and images ("model:") change no page's place
# in the sitemap, nor its publishing date.
PAGE_CHANGE_PREFIXES = ("page:", "children:", "listing:")


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


def site_urls(names):
    """Each Site's address of the views with these URL names."""
    from wagtail.models import Site

    paths = []
    for name in names:
        with contextlib.suppress(NoReverseMatch):
            paths.append(reverse(name))
    return [site.root_url + path for site in Site.objects.all() for path in paths]


def chrome_urls():
    return site_urls(CHROME_URL_NAMES)


def urls_for_tags(tags):
    """The URLs outside Wagtail's pages that these tags make stale."""
    names = []
    if "chrome" in tags:
        names.extend(CHROME_URL_NAMES)
    if "chrome" in tags or any(tag.startswith(PAGE_CHANGE_PREFIXES) for tag in tags):
        names.extend(ALL_PAGES_URL_NAMES)
    return site_urls(names) if names else []


def purge_frontend_cache(tags):
    if not enabled():
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_pages(pages_for_tags(tags))
    batch.add_urls(urls_for_tags(tags))
    batch.purge()
    delay = getattr(settings, "PAGE_CACHE_LOCAL_SECONDS", 0)
    if delay > 0 and batch.urls:
        # The URLs are known: the second purge needs no database.
        threading.Timer(delay + 0.05, batch.purge).start()
