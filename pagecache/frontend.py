"""Purge a CDN in front of the site (Wagtail's frontend cache), when one is set.

Configured by environment variables in settings (WAGTAILFRONTENDCACHE, see
.env.example): without them nothing is sent anywhere. Tags are turned into
page URLs: "page:<id>" is that page, "children:<path>" the page at that path and its
children, "chrome" and "model:..." every live page, "listing:..." (pages
listing the newest pages of a type, e.g. the latest articles of a home page)
the sites' home pages, where such lists live. Wagtail's
frontend-cache app is not installed: its own signal handlers would purge a
published page a second time, before the commit (the tags already cover
it); its backends and purge_pages_from_cache need no app.
"""

from django.conf import settings


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


def purge_frontend_cache(tags):
    if not enabled():
        return
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

    purge_pages_from_cache(pages_for_tags(tags))
