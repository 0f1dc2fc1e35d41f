"""Background work of the page cache: a purge that did not reach the cache
is repeated by a worker (django-tasks, on the backend named by the setting
PAGE_CACHE_TASK_BACKEND, "worker" by default) until it does."""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import tags as cache_tags

TASK_BACKEND = getattr(settings, "PAGE_CACHE_TASK_BACKEND", "worker")


def enqueue_later(task_obj, seconds, *args):
    """Run ``task_obj`` in ``seconds`` on a backend that stores tasks for a
    worker; a backend that runs tasks at once cannot wait: nothing is
    enqueued (development and tests, where the cache is local)."""
    if not task_obj.get_backend().supports_defer:
        return None
    run_after = timezone.now() + datetime.timedelta(seconds=seconds)
    return task_obj.using(run_after=run_after).enqueue(*args)


logger = logging.getLogger(__name__)

# Every 30 s at most (a cache that answers again serves pages from before
# the change until then), for about a day (the longest a cached page
# lives), then given up: by then every entry stored before it has expired.
MAX_DELAY = 30
MAX_ATTEMPTS = 24 * 3600 // MAX_DELAY


@task(backend=TASK_BACKEND)
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
