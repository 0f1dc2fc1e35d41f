"""Settings shared by every environment.

Everything that differs between deployments is read from the environment
(see .env.example for the full list); dev.py, test.py and production.py only
change defaults and switch features on or off.
"""

from pathlib import Path

import dj_database_url

from core.branding import totp_issuer

from .env import env_bool, env_int, env_list, env_str, trusted_proxies

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "clinic_site"

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Project apps, from the top of the import layers down (README, "Code
    # map"): content apps, the people they show, what every page uses, and
    # the full-page cache. Templates are looked up in this order.
    "home",
    "blog",
    "locations",
    "forms_app",
    "analytics",
    "booking",
    "people",
    "core",
    # Full-page cache for anonymous visitors and its exact invalidation:
    # pages are served from memory or Redis instead of being rendered again.
    "pagecache",
    # Wagtail
    "wagtailseo",
    # Translation of pages and snippets (the Spanish site): segment by
    # segment in the admin, PO export/import; its locales app replaces
    # wagtail.locales.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Security: admin two-factor authentication (TOTP), login
    # lockout, Content-Security-Policy.
    "wagtail_2fa",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Recovery codes (single use) for a lost phone: core.two_factor.
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    # Background work (emails, purge retries, scheduled jobs): a task queue
    # in PostgreSQL for django-tasks (core.tasks).
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # The access log: first, so it times and sees every response (redirects,
    # static files, error pages).
    "core.logging.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy on every response and the admin's own CSP;
    # high up so that it also covers static files and error responses.
    "core.headers.SecurityHeadersMiddleware",
    # The strict public Content-Security-Policy: no injected script runs on a
    # public page (the admin, which needs inline scripts, is excluded).
    # django-csp's, with the headers built once per process (core.headers).
    "core.headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for HTML (static files come pre-compressed from WhiteNoise,
    # above). Outside every middleware that writes the body.
    "django.middleware.gzip.GZipMiddleware",
    # Database down -> a 503 page with the clinic's phone and crisis notice,
    # never a bare 500; outside everything that queries.
    "core.outage.DatabaseUnavailableMiddleware",
    # Bounded public POST bodies (a visitor cannot make the app parse
    # megabytes), checked before anything else parses them.
    "core.request_limits.PublicRequestLimitMiddleware",
    # CSRF before sessions: allowed while CSRF_USE_SESSIONS is off (the CSRF
    # secret lives in its own cookie), and it lets the page cache below hand
    # a cached form a fresh token and cookie.
    "django.middleware.csrf.CsrfViewMiddleware",
    # Page cache. Inside CsrfViewMiddleware (a cached form gets a
    # fresh CSRF token and cookie) and before sessions, authentication and
    # messages: a hit is only ever for a request without a session or
    # messages cookie, for which they would do nothing but cost time. Stores
    # X-Frame-Options itself since hits skip the middleware below.
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language is the URL's: /es/... Spanish, everything else English
    # (core.i18n). Never the Accept-Language header or a cookie, so a
    # cached page has one language and one URL.
    "core.i18n.PathLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor verification for admin users (after authentication): a
    # stolen password alone does not open the admin.
    "wagtail_2fa.middleware.VerifyUserMiddleware",
    # Where 2FA is not required for everyone (make run), whoever enrolled an
    # app is still asked for its code, as in production.
    "core.two_factor_enrolled.EnrolledUserVerificationMiddleware",
    # Admin sessions end after 8 hours and after 30 minutes idle, so a
    # forgotten signed-in browser does not stay open to patient requests.
    "core.sessions.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # django-axes wants to be last (turns a lockout into its response).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "clinic_site.wsgi.application"

# Database: DATABASE_URL, e.g. postgres://user:pass@host:5432/name.
# The default (an SQLite file) is only for the one-command local run.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`: the server and the worker write to one file. Writes take
    # the lock at once and wait for each other, instead of failing with
    # "database is locked"; WAL lets reads go on meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every app server), else a
# per-process memory cache that is fine for one local process. Either way
# behind core.cache.FailFastCache: a cache that is down or hangs costs one
# short timeout per process every CACHE_RETRY_SECONDS, then pages, the form
# and the admin work uncached; nothing raises.
REDIS_URL = env_str("REDIS_URL", "")
CACHE_SOCKET_TIMEOUT = float(env_str("CACHE_SOCKET_TIMEOUT", "0.5"))
CACHE_RETRY_SECONDS = env_int("CACHE_RETRY_SECONDS", 5)


# Without Redis, a folder instead of each process's memory: `make run`'s
# server and worker then share one cache, so the worker's purges (a
# scheduled page going live) reach the pages the server keeps.
LOCAL_CACHE_DIR = env_str("LOCAL_CACHE_DIR", "")


def cache_settings(redis_url, key_prefix="clinic", location="clinic-site"):
    """CACHES for a Redis at ``redis_url`` (or LOCAL_CACHE_DIR, or memory)."""
    if redis_url:
        inner = {
            "BACKEND": "django_redis.cache.RedisCache",
            # Errors reach FailFastCache, which tells a miss from an outage.
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": CACHE_SOCKET_TIMEOUT,
                "SOCKET_TIMEOUT": CACHE_SOCKET_TIMEOUT,
            },
        }
        location = redis_url
    elif LOCAL_CACHE_DIR:
        inner = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "OPTIONS": {}}
        location = LOCAL_CACHE_DIR
    else:
        inner = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {}}
    return {
        "default": {
            "BACKEND": "core.cache.FailFastCache",
            "LOCATION": location,
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {**inner, "RETRY_AFTER": CACHE_RETRY_SECONDS},
        }
    }


CACHES = cache_settings(REDIS_URL, env_str("CACHE_KEY_PREFIX", "clinic"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages of the public site: English at /, Spanish under /es/ (i18n URL
# prefixes, clinic_site/urls.py). Pages and snippets are translated with
# wagtail-localize; the templates' fixed words with gettext (locale/).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
# Dates and times in each language (core/formats/: "22 de noviembre de 2026", "9:00").
FORMAT_MODULE_PATH = ["core.formats"]
USE_TZ = True

# Static files: collected into STATIC_ROOT and served by WhiteNoise.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATIC_URL = "/static/"
# Media: where uploads live (a folder, or S3-compatible buckets).
from .media import *  # noqa: E402, F403

# Uploads: keep request bodies bounded (the admin uploads images, which go
# to temporary files above this size).
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 1000)
# Public (non-admin) POSTs, e.g. the consultation form, are held to much less
# (core.request_limits.PublicRequestLimitMiddleware): a clear 400 page above these.
# The admin keeps the limits above: long pages post many fields.
PUBLIC_REQUEST_MAX_BYTES = env_int("PUBLIC_REQUEST_MAX_BYTES", 64 * 1024)
PUBLIC_REQUEST_MAX_FIELDS = env_int("PUBLIC_REQUEST_MAX_FIELDS", 300)

# Email: every value from the environment. The console backend is the
# development default; production sets an SMTP provider (with a BAA).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Wagtail
WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "Clinic website")
# The site's public address, e.g. https://www.example.org (scheme and host,
# no path). `manage.py ensure_site` (run by the web container on each start)
# writes it into the default Wagtail Site, which canonical links, og:url, the
# sitemap and JSON-LD use; `check --deploy` fails in production without it.
SITE_URL = env_str("SITE_URL", "").rstrip("/")
# Absolute base of admin links in emails (e.g. https://www.example.org).
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", SITE_URL or "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    # On PostgreSQL this uses PostgreSQL full-text search; on SQLite, FTS5.
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
# The site search's PostgreSQL text-search configuration per language, so
# words are stemmed in the reader's language ("depresión" finds
# "depresiones"): core.search. Elsewhere (SQLite) Wagtail's search as is.
SEARCH_LANGUAGE_CONFIGS = {"en": "english", "es": "spanish"}
# Documents always through Wagtail's view, which checks the collection's
# privacy (a login-restricted collection asks for a login); never a redirect
# to, or a route serving, the file itself (see clinic_site/urls.py).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
# No request to another host from the admin without a reason.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_MODERATION_ENABLED = True
# Approving an article's medical review records the reviewer and date in the
# approved revision, then publishes it as Wagtail's default action does.
WAGTAIL_FINISH_WORKFLOW_ACTION = "blog.reviews.publish_approved_workflow"
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Search: bound what a visitor can send.
SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_RESULTS_PER_PAGE = 10

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "core.logging.PlainFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "filters": {
        # What scanners send all day (a Host header naming another site, a
        # path out of the media folder: django.security.*, each a 400) is a
        # WARNING without a traceback; Django logs it as an ERROR.
        "downgrade_to_warning": {
            "()": "core.logging.DowngradeToWarning",
            "prefixes": ["django.security."],
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["downgrade_to_warning"],
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        # Never log request bodies or headers at DEBUG in any environment.
        "django.db.backends": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        # One line per background task run is noise; failures still show.
        "django_tasks": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        # The access log (core.logging.AccessLogMiddleware); ACCESS_LOG=0 to
        # turn it off (development: runserver logs requests itself).
        "core.access": {
            "handlers": ["stdout"],
            "level": "INFO" if env_bool("ACCESS_LOG", True) else "CRITICAL",
            "propagate": False,
        },
        # django-axes: lockouts and failed sign-ins (WARNING), not its start-up banner.
        "axes": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}

# --- Background work (core.tasks) -----------------------------------------------
# "default" runs Wagtail's own tasks at once (the page cache's purges read the
# reference index right after a publish). "worker" is ours: TASKS_BACKEND
# "database" stores each task in PostgreSQL for `manage.py run_worker` (the
# docker-compose worker; production's default); "immediate" runs it in the
# process that enqueued it, after the commit (development, tests).
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "worker": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default"],
    },
}
# Each run_worker says it is alive this often; a task of a worker silent for
# longer than WORKER_LOST_AFTER_SECONDS is marked failed and run again (core.tasks).
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 15)
WORKER_LOST_AFTER_SECONDS = env_int("WORKER_LOST_AFTER_SECONDS", 120)
# What run_worker enqueues, and every how many seconds (each job is
# idempotent: two workers enqueuing the same job do no harm).
WORKER_SCHEDULE = [
    ("core.tasks.publish_scheduled_pages", 60),
    ("forms_app.tasks.retry_notifications", 60),
    ("forms_app.tasks.purge_old_requests", 24 * 3600),
    ("core.tasks.prune_task_results", 24 * 3600),
    ("core.tasks.prune_rate_limit_hits", 3600),
    ("blog.tasks.send_review_reminders", 3600),
    ("forms_app.tasks.send_intake_digests", 15 * 60),
    ("analytics.tasks.roll_up_visits", 5 * 60),
    ("booking.tasks.retry_booking_emails", 5 * 60),
    ("booking.tasks.send_booking_reminders", 15 * 60),
]

# --- What the apps read: review reminders, requests, visit figures ---------------
from .features import *  # noqa: E402, F403

# A failed CSRF check (e.g. a form left open for days) gets a 403 page in the
# site's chrome that explains what to do.
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# --- Security ---------------------------------------------------------------------
# Addresses or networks (CIDR) of the reverse proxies in front of the app.
# X-Forwarded-For is read only from a connection one of them made (the
# client is the right-most address in it that is not one of them); from
# anyone else it is ignored and REMOTE_ADDR is the client. Empty: the app is
# reached directly. See core.proxies.client_ip.
TRUSTED_PROXIES = trusted_proxies("TRUSTED_PROXIES", [])

# Headers sent in every environment (production adds HSTS and TLS).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), browsing-topics=(), "
    "interest-cohort=(), usb=()"
)

# Content-Security-Policy (django-csp 4). Public pages: only this site's own
# files; no inline script or style. Frames: the locations map and the embed
# block's click-to-load players (only after a visitor's click).
_CSP_NONE = "'none'"
_CSP_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    # The admin gets ADMIN_CONTENT_SECURITY_POLICY instead (below).
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [_CSP_SELF],
        "script-src": [_CSP_SELF],
        "style-src": [_CSP_SELF],
        "img-src": [_CSP_SELF, "data:", *env_list("CSP_EXTRA_IMG_SRC", [])],
        "font-src": [_CSP_SELF],
        "connect-src": [_CSP_SELF],
        "media-src": [_CSP_SELF, *env_list("CSP_EXTRA_IMG_SRC", [])],
        "frame-src": [
            "https://www.openstreetmap.org",
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "object-src": [_CSP_NONE],
        "base-uri": [_CSP_NONE],
        "frame-ancestors": [_CSP_NONE],
        "form-action": [_CSP_SELF],
    },
}
# Wagtail's admin uses inline scripts and styles: a looser policy, only on
# /admin/ (core.headers.SecurityHeadersMiddleware).
ADMIN_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; "
    "font-src 'self' data:; connect-src 'self'; frame-src 'self' https:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'self'; form-action 'self'"
)

# Sessions: only staff log in. A session ends 8 hours after login at the
# latest (SESSION_COOKIE_AGE, not renewed by activity) and after 30 minutes
# without a request (core.sessions.SessionTimeoutMiddleware).
SESSION_COOKIE_AGE = 8 * 60 * 60
# Production only: cookies without Secure, to try the site over plain HTTP.
INSECURE_COOKIES_OVER_HTTP = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Kept False: the CSRF token lives in its own cookie, set only where a form
# is shown (anonymous article/location pages set no cookie at all).
CSRF_USE_SESSIONS = False

# django-axes: five wrong passwords for one username from one client lock
# that pair for an hour; the client address is read like everywhere else.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.proxies.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Never store or log the password or other submitted values.
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2", "otp_token"]

# Two-factor authentication (TOTP, wagtail-2fa) for admin users: required in
# production (production.py); elsewhere optional, but asked at sign-in of
# anyone who enrolled an app (core.two_factor_enrolled).
WAGTAIL_2FA_REQUIRED = env_bool("WAGTAIL_2FA_REQUIRED", False)
# ensure_admin refuses these usernames (production.py lists "admin").
REFUSED_ADMIN_USERNAMES = []
# The authenticator app names the clinic (Settings › Clinic settings) unless
# WAGTAIL_2FA_OTP_TOTP_NAME says otherwise: core.branding.
WAGTAIL_2FA_OTP_TOTP_NAME = env_str("WAGTAIL_2FA_OTP_TOTP_NAME", "")
OTP_TOTP_ISSUER = totp_issuer

# --- Speed and scale -------------------------------------------------------------
# Full-page cache for anonymous visitors (pagecache): in the shared cache
# (Redis when REDIS_URL is set), invalidated exactly on publish/unpublish/
# move/delete, snippet/image/setting saves (pagecache.signals).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 24 * 3600)
# What a CDN may keep (Cache-Control: s-maxage, stale-while-revalidate) of an
# anonymous page without per-visitor tokens; it is purged on change when
# WAGTAILFRONTENDCACHE is configured (below).
PAGE_CACHE_S_MAXAGE = env_int("PAGE_CACHE_S_MAXAGE", 300)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env_int("PAGE_CACHE_STALE_WHILE_REVALIDATE", 60)
# A hit is also kept in the app server's memory for this long (milliseconds):
# invalidation still reaches every server within a second.
PAGE_CACHE_LOCAL_SECONDS = env_int("PAGE_CACHE_LOCAL_MS", 0) / 1000
# Query parameters a cacheable page may have (others: served uncached).
PAGE_CACHE_QUERY_PARAMETERS = ("page", "location")
# Campaign and click-tracking parameters that links from newsletters, ads and
# social networks add: no page reads them, so they neither make a request
# uncacheable nor make a separate cache entry.
PAGE_CACHE_IGNORED_PARAMETERS = env_list(
    "PAGE_CACHE_IGNORED_PARAMETERS",
    [
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
        "utm_id",
        "fbclid",
        "gclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "dclid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "igshid",
        "ttclid",
        "li_fat_id",
    ],
)

# A CDN in front: Wagtail's frontend cache purges changed pages from it.
# FRONTEND_CACHE_BACKEND: cloudflare | cloudfront | http (e.g. Varnish).
FRONTEND_CACHE_BACKEND = env_str("FRONTEND_CACHE_BACKEND", "")
if FRONTEND_CACHE_BACKEND:
    # Sent by pagecache.frontend after each commit that changes pages (the
    # wagtail.contrib.frontend_cache app is not installed: see there).
    _frontend = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": env_str("FRONTEND_CACHE_CLOUDFLARE_TOKEN", ""),
            "ZONEID": env_str("FRONTEND_CACHE_CLOUDFLARE_ZONEID", ""),
        },
        "cloudfront": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": env_str("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID", ""),
        },
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env_str("FRONTEND_CACHE_LOCATION", ""),
        },
    }
    WAGTAILFRONTENDCACHE = {"default": _frontend[FRONTEND_CACHE_BACKEND]}
