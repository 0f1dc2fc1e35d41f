"""Cache tags with versions, shared by every app server through the cache.

A cached page records the version of each tag it depends on ("chrome" for
the settings, menus and footer every page shows, "page:<id>" for its own
content, "children:<path>" for a listing of a page's children,
"model:<app.model>" for snippets shown on many pages). Purging a tag gives
it a new version: every entry stored with the old one becomes a miss on
every app server at once (the versions live in the shared cache, Redis in
production), and nothing else is thrown away.
"""

import contextlib
import contextvars
import logging
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)

KEY_PREFIX = "pagecache:"
CHROME = "chrome"
# Wagtail's locales (a site's language routing keeps them): purged with the chrome when
# one is added, renamed or deleted.
LOCALES = "locales"
# Where URL paths lead (pagecache.routes): purged when a page is published,
# unpublished, moved or deleted, or a Site or Locale changes.
ROUTES = "routes"


def cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def tag_key(tag):
    return f"{KEY_PREFIX}tag:{tag}"


def new_version():
    # Unique even if the cache lost the old version (eviction, restart): an
    # entry can never match a version given out before.
    return f"{time.time_ns():x}{secrets.token_hex(3)}"


# Within one request (PageCacheMiddleware opens the scope), each tag's
# version is read from the shared cache once: the page, its fragments, the
# chrome's values and the stored copy all use the version read first. That
# is the version from before the render, so a purge committed while the page
# renders leaves what it stores stale at once (never fresh-looking), and an
# uncached render costs a few round trips instead of one per fragment.
_request_versions = contextvars.ContextVar("pagecache_request_versions", default=None)


@contextlib.contextmanager
def request_scope():
    token = _request_versions.set({})
    try:
        yield
    finally:
        _request_versions.reset(token)


def current_versions(tags):
    """{tag: version} for the tags that have one (one cache round trip, none
    for tags already read in this request; {} when the cache does not
    answer)."""
    memo = _request_versions.get()
    if memo is None:
        return _read_versions(tags)
    missing = [tag for tag in tags if tag not in memo]
    if missing:
        memo.update(_read_versions(missing))
    return {tag: memo[tag] for tag in tags if tag in memo}


def note_versions(versions):
    """Versions read from the shared cache some other way (one round trip with
    another key): remembered for the rest of the request."""
    memo = _request_versions.get()
    if memo is not None:
        for tag, version in versions.items():
            memo.setdefault(tag, version)


def _read_versions(tags):
    keys = {tag_key(tag): tag for tag in tags}
    found = cache().get_many(list(keys))
    return {keys[key]: version for key, version in found.items()}


def versions_for_storing(tags):
    """{tag: version} for every tag, giving a version to tags without one;
    None when the cache cannot say (down): then nothing may be stored, since
    a purge could not have reached it either."""
    tags = set(tags)
    versions = current_versions(tags)
    if len(versions) < len(tags):
        for tag in tags - set(versions):
            cache().add(tag_key(tag), new_version(), None)
        versions = current_versions(tags)
    return versions if len(versions) == len(tags) else None


# While the shared cache does not answer, no version can be read and no
# entry validated: each process then keeps what it computed (the chrome's
# values, fragments, routes) for PAGE_CACHE_OUTAGE_SECONDS in its own
# memory, so that an outage costs each page its ordinary queries rather
# than every value rebuilt on every request. A purge in this process empties
# it at once; another server's copy may show a change that many seconds
# late, only while the cache is down (its own purges cannot reach the
# others then either).
_outage = {}
_outage_lock = threading.Lock()
OUTAGE_MAX_ENTRIES = 500


def outage_get_or_build(name, build):
    """``build()``'s value, kept in this process for PAGE_CACHE_OUTAGE_SECONDS
    under ``name`` (which must say everything the value depends on but the
    tags' versions): for callers that found the shared cache down."""
    seconds = getattr(settings, "PAGE_CACHE_OUTAGE_SECONDS", 10)
    if seconds <= 0:
        return build()
    now = time.monotonic()
    found = _outage.get(name)
    if found is not None and found[0] > now:
        return found[1]
    value = build()
    with _outage_lock:
        if len(_outage) >= OUTAGE_MAX_ENTRIES:
            _outage.clear()
        _outage[name] = (now + seconds, value)
    return value


def outage_get(name):
    found = _outage.get(name)
    return found[1] if found is not None and found[0] > time.monotonic() else None


def outage_set(name, value):
    outage_get_or_build(name, lambda: value)


def forget_outage():
    with _outage_lock:
        _outage.clear()


def purge(*tags, frontend=True):
    """Make every cached page that depends on one of ``tags`` stale, here and
    (unless ``frontend`` is False) in the CDN, when one is configured.

    A cache that does not answer keeps what it had: when it answers again
    (a hang or a network split, not a restart, which empties it) it would
    serve pages from before the change. So a purge that did not reach it is
    handed to the background worker, which repeats it until it does."""
    tags = {tag for tag in tags if tag}
    if tags:
        forget_outage()
        memo = _request_versions.get()
        if memo is not None:
            for tag in tags:
                memo.pop(tag, None)  # read again after the purge
        failed = cache().set_many({tag_key(tag): new_version() for tag in tags}, None)
        if failed:
            retry_purge_later(tags)
        if frontend:
            from .frontend import purge_frontend_cache

            purge_frontend_cache(tags)


RETRY_PURGE_SECONDS = 10


def retry_purge_later(tags):
    from .tasks import enqueue_later, retry_purge

    logger.warning("Page cache purge did not reach the cache; the worker retries it")
    try:
        enqueue_later(retry_purge, RETRY_PURGE_SECONDS, sorted(tags))
    except Exception:  # noqa: BLE001 - the database may be down too
        logger.exception("Could not hand the page cache purge to the worker")


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


def listing_tag(model):
    """Pages that list the newest live pages of ``model`` wherever they are
    (e.g. a home page's latest articles): purged when one is published,
    unpublished, moved or deleted (its ``get_purge_tags``)."""
    return f"listing:{model._meta.label_lower}"


def translations_tag(page):
    """The page's translation group (its language switcher and hreflang): each
    translation's switcher and hreflang links name the others."""
    return f"translations:{page.translation_key}"


def tags_for_page(page):
    """What a served page depends on: the chrome, itself, its translations and
    what its type adds (pagecache.pages.CacheablePage.get_cache_tags)."""
    tags = {CHROME, page_tag(page), translations_tag(page)}
    extra = getattr(page, "get_cache_tags", None)
    if extra is not None:
        tags.update(extra())
    return tags
