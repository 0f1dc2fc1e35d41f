"""Test settings: PostgreSQL (DATABASE_URL), fast hashing, memory email."""

import os

import dj_database_url

from .base import *  # noqa: F403
from .env import env_str

DEBUG = False
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
# Several checkouts can share one server: name the test database per run.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_clinic_site")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Issue 7: tests get the page as rendered; the page-cache tests switch the
# full-page cache on themselves (settings fixture).
PAGE_CACHE_ENABLED = False
