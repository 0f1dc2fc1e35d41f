"""Background work of the page cache (run by the worker, see home.tasks)."""

import logging

from django_tasks import task

from home.tasks import WORKER_BACKEND, enqueue_later

from . import tags as cache_tags

logger = logging.getLogger(__name__)

# Every 30 s at most (a cache that answers again serves pages from before
# the change until then), for about a day (the longest a cached page
# lives), then given up: by then every entry stored before it has expired.
MAX_DELAY = 30
MAX_ATTEMPTS = 24 * 3600 // MAX_DELAY


@task(backend=WORKER_BACKEND)
def retry_purge(tags, attempt=1):
    """Repeat a purge that did not reach the cache, until it does."""
    failed = cache_tags.cache().set_many(
        {cache_tags.tag_key(tag): cache_tags.new_version() for tag in tags}, None
    )
    if not failed:
        logger.warning("Page cache purge delivered after %s attempt(s)", attempt)
        return True
    if attempt >= MAX_ATTEMPTS:
        logger.error("Page cache purge gave up after %s attempts", attempt)
        return False
    delay = min(MAX_DELAY, cache_tags.RETRY_PURGE_SECONDS * 2**attempt)
    enqueue_later(retry_purge, delay, tags, attempt + 1)
    return False
