"""A cache that fails fast and open: the cache is an accelerator, never a
dependency.

``FailFastCache`` is a Django cache backend that wraps another one (Redis
through django-redis in production) and keeps Django's cache API promises
when the wrapped cache does not answer: a read is a miss, a write is
skipped (``set_many`` reports its keys as not stored, as the API says),
and nothing raises. Every caller, Wagtail's own included, then degrades to
uncached work instead of a 500.

A cache that hangs costs each request its socket timeout on every call, and
a page makes many. So the first failure opens a breaker for this process:
for ``RETRY_AFTER`` seconds no call goes to the server at all, then one call
tries again and closes the breaker if it answers. A hanging Redis costs one
timeout per process per ``RETRY_AFTER``, not one per call.

    CACHES = {"default": {
        "BACKEND": "core.cache.FailFastCache",
        "LOCATION": "redis://redis:6379/0",
        "OPTIONS": {
            "BACKEND": "django_redis.cache.RedisCache",  # the wrapped backend
            "RETRY_AFTER": 5,                             # seconds
            "OPTIONS": {...},                             # the wrapped backend's options
        },
    }}

The wrapped backend must raise its errors (django-redis: without
IGNORE_EXCEPTIONS), so that this class can tell a miss from an outage.
"""

import logging
import re
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

try:  # the errors a Redis client raises when the server is gone or full
    from django_redis.exceptions import ConnectionInterrupted
    from redis.exceptions import RedisError

    CACHE_ERRORS = (OSError, RedisError, ConnectionInterrupted)
except ImportError:  # pragma: no cover - redis is a locked dependency
    CACHE_ERRORS = (OSError,)


class Breaker:
    """Per process and cache location: is the cache worth asking right now?"""

    def __init__(self, location):
        self.location = location
        self.open_until = 0.0
        self.failures = 0
        self.lock = threading.Lock()

    def allows(self):
        return time.monotonic() >= self.open_until

    def failed(self, retry_after, exc):
        with self.lock:
            was_closed = self.failures == 0
            self.failures += 1
            self.open_until = time.monotonic() + retry_after
        if was_closed:
            # Once per outage, without the location (it may hold a password).
            logger.warning(
                "Cache unavailable (%s); serving without it, retrying every %ss",
                type(exc).__name__,
                retry_after,
            )

    def succeeded(self):
        if self.failures:
            with self.lock:
                failures, self.failures, self.open_until = self.failures, 0, 0.0
            if failures:
                logger.warning("Cache available again")

    @property
    def is_open(self):
        return self.failures > 0


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(location):
    with _breakers_lock:
        breaker = _breakers.get(location)
        if breaker is None:
            breaker = _breakers[location] = Breaker(location)
        return breaker


def cache_is_available(alias="default"):
    """False while the cache's breaker is open (for /healthz)."""
    from django.core.cache import caches

    backend = caches[alias]
    breaker = getattr(backend, "breaker", None)
    return breaker is None or not breaker.is_open


class FailFastCache(BaseCache):
    def __init__(self, location, params):
        params = dict(params)
        options = dict(params.pop("OPTIONS", {}) or {})
        backend = options.pop("BACKEND")
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        inner_params = {**params, "OPTIONS": options.pop("OPTIONS", options)}
        super().__init__(params)
        self.inner = import_string(backend)(location, inner_params)
        self.breaker = breaker_for(f"{backend}|{location}")

    def _call(self, name, default, *args, **kwargs):
        if not self.breaker.allows():
            return default
        try:
            result = getattr(self.inner, name)(*args, **kwargs)
        except CACHE_ERRORS as exc:
            self.breaker.failed(self.retry_after, exc)
            return default
        self.breaker.succeeded()
        return result

    # Django's cache API: each call goes to the wrapped backend once (its own
    # key prefix and versions apply there).

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", None, key, value, timeout=timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = self._call("set_many", None, data, timeout=timeout, version=version)
        if failed is None and not self.breaker.is_open:
            return []
        return list(data) if failed is None else failed

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, keys, version=version)

    def incr(self, key, delta=1, version=None):
        # A missing key still raises ValueError, as the API says.
        return self._call("incr", None, key, delta, version=version)

    def decr(self, key, delta=1, version=None):
        return self._call("decr", None, key, delta, version=version)

    def clear(self):
        """Everything under this cache's key prefix, in every key version
        (Wagtail keeps its site root paths under version 2). A Redis shared
        with other sites or test runs keeps their keys (no FLUSHDB)."""
        delete_pattern = getattr(self.inner, "delete_pattern", None)
        if delete_pattern is not None:
            from django_redis.util import CacheKey

            # A CacheKey is taken as the whole pattern: "<prefix>:*", any version.
            prefix = re.sub(r"([*?\[\]])", r"[\1]", self.inner.key_prefix)
            self._call("delete_pattern", None, CacheKey(f"{prefix}:*"))
        else:
            self._call("clear", None)

    def close(self, **kwargs):
        self._call("close", None, **kwargs)
