"""Cache tags with versions, shared by every app server through the cache.

A cached page records the version of each tag it depends on ("chrome" for
the settings, menus and footer every page shows, "page:<id>" for its own
content, "children:<path>" for a listing of a page's children,
"model:<app.model>" for snippets shown on many pages). Purging a tag gives
it a new version: every entry stored with the old one becomes a miss on
every app server at once (the versions live in the shared cache, Redis in
production), and nothing else is thrown away.
"""

import secrets
import time

from django.conf import settings
from django.core.cache import caches

KEY_PREFIX = "pagecache:"
CHROME = "chrome"
# Where each URL path routes to, with copies of the pages (pagecache.routes):
# any page saved, published, unpublished, moved or deleted, any image,
# document or snippet saved and any rendition deleted purges it
# (pagecache.signals).
ROUTES = "routes"


def cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def tag_key(tag):
    return f"{KEY_PREFIX}tag:{tag}"


def new_version():
    # Unique even if the cache lost the old version (eviction, restart): an
    # entry can never match a version given out before.
    return f"{time.time_ns():x}{secrets.token_hex(3)}"


def current_versions(tags):
    """{tag: version} for the tags that have one (one cache round trip)."""
    keys = {tag_key(tag): tag for tag in tags}
    found = cache().get_many(list(keys))
    return {keys[key]: version for key, version in found.items()}


def versions_for_storing(tags):
    """{tag: version} for every tag, giving a version to tags without one."""
    versions = current_versions(tags)
    for tag in set(tags) - set(versions):
        cache().add(tag_key(tag), new_version(), None)
    if len(versions) < len(set(tags)):
        versions = current_versions(tags)
    return versions


def purge(*tags, frontend=True):
    """Make every cached page that depends on one of ``tags`` stale, here and
    (unless ``frontend`` is False) in the CDN, when one is configured."""
    tags = {tag for tag in tags if tag}
    if tags:
        cache().set_many({tag_key(tag): new_version() for tag in tags}, None)
        if frontend:
            from .frontend import purge_frontend_cache

            purge_frontend_cache(tags)


def page_tag(page_or_id):
    return f"page:{getattr(page_or_id, 'pk', page_or_id)}"


def children_tag(parent_path):
    """Listings of the children of the page at ``parent_path`` (a tree path,
    known without a query: a page's parent path is its path minus one step)."""
    return f"children:{parent_path}"


def parent_path(page):
    return page.path[: -page.steplen]


def model_tag(model):
    return f"model:{model._meta.label_lower}"


def tags_for_page(page):
    """What a served page depends on: the chrome, itself, and what its type adds."""
    tags = {CHROME, page_tag(page)}
    extra = getattr(page, "get_cache_tags", None)
    if extra is not None:
        tags.update(extra())
    return tags
