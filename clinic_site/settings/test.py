"""Test settings: PostgreSQL (DATABASE_URL), fast hashing, memory email."""

import hashlib
import os
import uuid

import dj_database_url

from .base import *  # noqa: F403
from .env import env_str

DEBUG = False
# The demo content: the tests about it load it (never installed in production).
# tests.support: the suite's own flush (tests/support/management/commands).
INSTALLED_APPS = [*INSTALLED_APPS, "demo", "tests.support"]  # noqa: F405
SECRET_KEY = "test-only-secret-key-not-used-anywhere-else"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

# Tests run on PostgreSQL, like production. The default matches CI's and
# docker-compose's local PostgreSQL (trust auth on 127.0.0.1).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/postgres"),
        conn_max_age=0,
    )
}
# Several checkouts can share one server: the test database's default name
# carries a digest of this checkout's path (two clones, two databases);
# TEST_DATABASE_NAME chooses one (e.g. two runs in one checkout).
CHECKOUT_DIGEST = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8]  # noqa: F405
TEST_DATABASE_NAME = os.environ.get("TEST_DATABASE_NAME") or f"test_clinic_site_{CHECKOUT_DIGEST}"
DATABASES["default"]["TEST"] = {"NAME": TEST_DATABASE_NAME}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def _redis_answers(url):
    """Whether a Redis answers PING at ``url`` within a moment."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=0.5) as s:
            s.settimeout(0.5)
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


# The real Redis when one answers (CI has one), else memory; each run its own
# key prefix, so runs that share a Redis never see each other's keys.
# TESTS_USE_REDIS=0 forces memory.
REDIS_URL_FOR_TESTS = env_str("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/0")
TESTS_USE_REDIS = (
    env_str("TESTS_USE_REDIS", "1") != "0"
    and bool(REDIS_URL_FOR_TESTS)
    and _redis_answers(REDIS_URL_FOR_TESTS)
)
CACHES = cache_settings(  # noqa: F405
    REDIS_URL_FOR_TESTS if TESTS_USE_REDIS else "",
    key_prefix=f"test-{os.getpid()}-{uuid.uuid4().hex[:8]}",
    location="tests",
)
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests get the page as rendered (a cached copy would hide what they check);
# the page-cache tests switch the full-page cache on themselves (settings
# fixture).
PAGE_CACHE_ENABLED = False
