"""Production: DEBUG off, secrets required, TLS behind a proxy, WhiteNoise."""

import copy

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_required, env_str, trusted_proxies

DEBUG = False
SECRET_KEY = env_required(
    "SECRET_KEY",
    'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"',
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# TLS terminates at the reverse proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# On by default; SECURE_SSL_REDIRECT=0 tries production settings on plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Session and CSRF cookies are Secure, also with SECURE_SSL_REDIRECT=0 (a
# proxy that redirects by itself, or a mistake): a staff session cookie must
# never travel in clear. Only INSECURE_COOKIES_OVER_HTTP=1 says the site is
# being tried over plain HTTP; every process then logs a warning and
# `check --deploy` fails on it (core.checks).
INSECURE_COOKIES_OVER_HTTP = env_bool("INSECURE_COOKIES_OVER_HTTP", False)
SESSION_COOKIE_SECURE = not INSECURE_COOKIES_OVER_HTTP
CSRF_COOKIE_SECURE = not INSECURE_COOKIES_OVER_HTTP
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Emails and other background work go to the worker (docker-compose's
# worker service runs `manage.py run_worker`).
TASKS = copy.deepcopy(TASKS)  # noqa: F405
if env_str("TASKS_BACKEND", "database") == "database":
    TASKS["worker"]["BACKEND"] = "django_tasks_db.DatabaseBackend"

DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)  # noqa: F405

# --- Security ---------------------------------------------------------------------
# The TLS reverse proxy on this host (deploy/nginx.conf) appends the client
# to X-Forwarded-For; gunicorn listens on loopback only (clinic_site/gunicorn.py).
# docker-compose names the Docker network's gateway instead.
TRUSTED_PROXIES = trusted_proxies("TRUSTED_PROXIES", ["127.0.0.1", "::1"])
# Two-factor authentication is required for every admin user in production.
WAGTAIL_2FA_REQUIRED = True
# ensure_admin refuses these names: no guessable administrator account.
REFUSED_ADMIN_USERNAMES = ["admin", "administrator", "root", "wagtail"]

# Structured logs: JSON lines on stdout (core.logging.JsonFormatter). A copy,
# so that base.LOGGING (shared by the other settings modules) is untouched.
LOGGING = copy.deepcopy(LOGGING)  # noqa: F405
LOGGING["formatters"]["json"] = {"()": "core.logging.JsonFormatter"}  # noqa: F405
LOGGING["handlers"]["stdout"]["formatter"] = "json"  # noqa: F405

# --- Speed and scale -------------------------------------------------------------
# Hot pages stay in each app server's memory for 250 ms (no Redis round trip);
# a purge still reaches every server well within a second.
PAGE_CACHE_LOCAL_SECONDS = env_int("PAGE_CACHE_LOCAL_MS", 250) / 1000
