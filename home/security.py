"""Production hardening: client address, headers, graceful failure.

- ``client_ip``: the visitor's address. X-Forwarded-For is read only when
  the connection comes from one of ``TRUSTED_PROXIES`` (addresses or
  networks); then the right-most address in it that is not a trusted proxy
  is the client (each proxy appends the address it saw; anything further
  left was written by the client). A client reaching the app directly, or
  writing its own X-Forwarded-For, escapes nothing. Used by django-axes
  (AXES_CLIENT_IP_CALLABLE) and the consultation form's rate limit.
- ``SecurityHeadersMiddleware``: Permissions-Policy on every response and the
  admin's own, looser Content-Security-Policy (the strict public policy from
  django-csp excludes only the admin prefixes).
- ``PublicRequestLimitMiddleware``: public POSTs are bounded (body size and
  number of fields) with a 400 page in the site's chrome; the admin keeps
  Django's larger limits for long pages.
- ``DatabaseUnavailableMiddleware``: PostgreSQL down or restarting gives a
  friendly 503 page (with the crisis notice), never a bare 500, and a
  consultation form's thank-you page still thanks the visitor (their
  request was stored before the redirect there).
"""

import ipaddress
import logging
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Versioned with what the snapshot holds: a server of a new release does not
# keep an older release's snapshot, which lacks what its pages read (":2":
# the notices in each language).
CHROME_SNAPSHOT_KEY = "home:chrome-snapshot:2"
ADMIN_PREFIXES = ("/admin/",)


@lru_cache(maxsize=8)
def trusted_networks(entries):
    """``TRUSTED_PROXIES`` (addresses or CIDR networks) as networks."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def is_trusted_proxy(address):
    networks = trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks:
        return False
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind a trusted proxy the
    right-most X-Forwarded-For entry that is not itself a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not is_trusted_proxy(remote):
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    for hop in reversed(forwarded):
        if not is_trusted_proxy(hop):
            return hop[:64]
    # Only proxies (or nothing) in the header: the earliest one is the client.
    return (forwarded[0] if forwarded else remote)[:64]


def is_admin_path(path):
    return path.startswith(ADMIN_PREFIXES)


class SecurityHeadersMiddleware:
    """Permissions-Policy everywhere; the admin's own CSP on admin paths."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        admin_csp = getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY", "")
        if admin_csp and is_admin_path(request.path_info):
            response["Content-Security-Policy"] = admin_csp
        return response


class PublicRequestLimitMiddleware:
    """Bound public POST bodies (bytes and fields): a clear 400, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD", "OPTIONS") and not is_admin_path(
            request.path_info
        ):
            problem = self.check(request)
            if problem:
                logger.warning("Refused a public request: %s", problem)
                return bad_request_response(request)
        return self.get_response(request)

    def check(self, request):
        max_bytes = settings.PUBLIC_REQUEST_MAX_BYTES
        max_fields = settings.PUBLIC_REQUEST_MAX_FIELDS
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return "invalid Content-Length"
        if length > max_bytes:
            return f"body of {length} bytes (limit {max_bytes})"
        body = request.body  # bounded above; read once, parsed below from memory
        if len(body) > max_bytes:  # sent without a Content-Length (chunked)
            return f"body of {len(body)} bytes (limit {max_bytes})"
        # Counted by Django's own parsers, exactly as the view will see the
        # data (header names in any case, every value of a repeated name);
        # beyond DATA_UPLOAD_MAX_NUMBER_FIELDS they refuse to parse at all.
        try:
            fields = sum(len(values) for _name, values in request.POST.lists())
            fields += sum(len(files) for _name, files in request.FILES.lists())
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
            return f"{exc.__class__.__name__} from Django's parser"
        except MultiPartParserError:
            return "malformed multipart body"
        if fields > max_fields:
            return f"{fields} fields (limit {max_fields})"
        return ""


def bad_request_response(request):
    from home.views import bad_request

    return bad_request(request)


# --- Session lifetime ----------------------------------------------------------


def _now():
    return int(time.time())


SESSION_STARTED_KEY = "_session_started_at"
SESSION_SEEN_KEY = "_session_seen_at"


def mark_session_start(sender, request, user, **kwargs):
    """user_logged_in: remember when this session began (absolute limit)."""
    now = _now()
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_SEEN_KEY] = now


class SessionTimeoutMiddleware:
    """Log out after SESSION_COOKIE_AGE since login or SESSION_IDLE_TIMEOUT idle.

    Only sessions of logged-in users are looked at; anonymous visitors get
    no session (and no cookie). The "last seen" time is written at most once
    a minute, not on every admin request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = _now()
            session = request.session
            started = session.get(SESSION_STARTED_KEY) or now
            seen = session.get(SESSION_SEEN_KEY) or now
            if (
                now - started > settings.SESSION_COOKIE_AGE
                or now - seen > settings.SESSION_IDLE_TIMEOUT
            ):
                from django.contrib.auth import logout

                logout(request)
            else:
                if SESSION_STARTED_KEY not in session:
                    session[SESSION_STARTED_KEY] = started
                if now - seen >= 60 or SESSION_SEEN_KEY not in session:
                    session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


# --- Database unavailable ------------------------------------------------------


# What the pages served without the database show: the clinic's name, phone
# and crisis notice, and what other apps add (register_snapshot_part: the
# clinics' phones, the thank-you pages). Kept in the cache and, for when the
# cache is down too, in each process's memory as last seen.
_snapshot_parts = {}
_last_snapshot = {}


def register_snapshot_part(name, build):
    """``build()`` -> plain data kept in the snapshot under ``name``."""
    _snapshot_parts[name] = build


def snapshot_part_names():
    return set(_snapshot_parts)


def remember_chrome(site_settings):
    """Keep what the pages served without the database show (no personal data)."""
    from django.conf import settings
    from django.utils import translation
    from wagtail.rich_text import expand_db_html

    from home.labels import translated

    snapshot = {
        "clinic_name": site_settings.clinic_name or "",
        "phone": site_settings.phone or "",
        "phone_href": site_settings.phone_href or "",
    }
    # The notices in each language of the site, expanded now while the
    # database answers (page links need it). home.labels.translated: the
    # default wording has a translation; an editor's own stays as typed.
    crisis_notice = expand_db_html(site_settings.crisis_notice or "")
    form_emergency_notice = expand_db_html(site_settings.form_emergency_notice or "")
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            snapshot[f"crisis_notice:{code}"] = translated(crisis_notice)
            snapshot[f"form_emergency_notice:{code}"] = translated(form_emergency_notice)
    for name, build in _snapshot_parts.items():
        try:
            snapshot[name] = build()
        except Exception:  # a part that fails must not lose the others
            logger.exception("Could not build the %s part of the chrome snapshot", name)
    _last_snapshot.clear()
    _last_snapshot.update(snapshot)
    cache.set(CHROME_SNAPSHOT_KEY, snapshot, None)  # skipped when the cache is down


def refresh_chrome_snapshot():
    """After a change to what the snapshot holds (a clinic, a form page)."""
    from wagtail.models import Site

    from home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        remember_chrome(SiteSettings.for_site(site))


def chrome_snapshot():
    snapshot = cache.get(CHROME_SNAPSHOT_KEY)
    if snapshot:
        _last_snapshot.clear()
        _last_snapshot.update(snapshot)
        return snapshot
    return dict(_last_snapshot)


def snapshot_page(template, snapshot, request=None, **context):
    """A page served without the database, in the language of the request's
    path (``/es/...``: Spanish), with the snapshot's notices in it."""
    from django.utils import translation

    from home import i18n

    language = i18n.request_language(request) if request is not None else i18n.default_language()
    context = {
        "snapshot": snapshot,
        "page_language": language,
        "home_url": i18n.home_url(language),
        "crisis_notice": snapshot.get(f"crisis_notice:{language}", ""),
        "form_emergency_notice": snapshot.get(f"form_emergency_notice:{language}", ""),
        **context,
    }
    with translation.override(language):
        return render_to_string(template, context)


def unavailable_response(request=None):
    snapshot = chrome_snapshot()
    html = snapshot_page("503.html", snapshot, request)
    response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def thank_you_without_database(request):
    """A consultation page's thank-you page, from the snapshot, or None when
    ``request`` is not for one. The visitor's request was stored before the
    redirect here, so a database blip now must not tell them otherwise."""
    if request is None or request.method not in ("GET", "HEAD"):
        return None
    snapshot = chrome_snapshot()
    page = (snapshot.get("thank_you_pages") or {}).get(request.path)
    if page is None:
        return None
    clinic = (snapshot.get("clinics") or {}).get(request.GET.get("location", ""))
    html = snapshot_page("thank_you_plain.html", snapshot, request, page=page, clinic=clinic)
    response = HttpResponse(html, status=200, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """OperationalError/InterfaceError from the database: a 503 page, not a 500.

    The connection is closed so the next request opens a fresh one (together
    with CONN_HEALTH_CHECKS, service comes back as soon as PostgreSQL does).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError):
            return self.handle(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            return self.handle(request)
        return None

    def handle(self, request):
        from django.db import connections

        for connection in connections.all(initialized_only=True):
            try:
                if connection.in_atomic_block:
                    connection.needs_rollback = True
                else:
                    connection.close()
            except Exception:  # noqa: S110 - already broken; it is reopened next time
                pass
        thanks = thank_you_without_database(request)
        if thanks is not None:
            logger.error("Database unavailable; served the thank-you page from the snapshot")
            return thanks
        logger.error("Database unavailable; served the 503 page")
        return unavailable_response(request)


# --- Data-too-big errors raised by Django itself -------------------------------

REQUEST_TOO_BIG_ERRORS = (RequestDataTooBig, TooManyFieldsSent)
