"""The site while PostgreSQL is down or restarting: a 503 page with the
clinic's phone and crisis notice (never a bare 500), and a consultation
form's thank-you page that still thanks the visitor (their request was
stored before the redirect there).

Both are rendered without the database from the outage snapshot: the
clinic's name, phone and notices in each language, and what the apps add
(``register_snapshot_part``: the clinics' phones, the thank-you pages), as
last saved. It is kept in the cache and, for when the cache is down too,
in each process's memory as last seen; saving the clinic settings, the site text,
a clinic or a form page refreshes it, and /healthz puts it back after a cache
restart.
"""

import logging

from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Versioned with what the snapshot holds: a server of a new release does not
# keep an older release's snapshot, which lacks what its pages read.
SNAPSHOT_KEY = "core:outage-snapshot:3"


# What the pages served without the database show: the clinic's name, phone
# and crisis notice, and what other apps add (register_snapshot_part: the
# clinics' phones, the thank-you pages). Kept in the cache and, for when the
# cache is down too, in each process's memory as last seen.
_snapshot_parts = {}
_last_snapshot = {}


def register_snapshot_part(name, build):
    """``build()`` -> plain data kept in the snapshot under ``name``."""
    _snapshot_parts[name] = build


# Pages of other apps served without the database (register_outage_page):
# functions (request, snapshot) -> a response, or None when not theirs.
_outage_pages = []


def register_outage_page(handler):
    """``handler(request, snapshot)``: its app's page without the database
    (the booking page's phone numbers instead of times), or None."""
    _outage_pages.append(handler)


def outage_page(request):
    if request is None:
        return None
    snapshot = current_snapshot()
    for handler in _outage_pages:
        try:
            response = handler(request, snapshot)
        except Exception:  # the generic 503 page is still there
            logger.exception("An outage page failed")
            continue
        if response is not None:
            return response
    return None


def snapshot_part_names():
    return set(_snapshot_parts)


def remember_snapshot(site_settings):
    """Keep what the pages served without the database show (no personal data)."""
    from django.conf import settings
    from wagtail.rich_text import expand_db_html

    from core.site_text import build_words

    snapshot = {
        "clinic_name": site_settings.clinic_name or "",
        "phone": site_settings.phone or "",
        "phone_href": site_settings.phone_href or "",
    }
    # The notices in each language of the site (core.site_text), expanded
    # now while the database answers (page links need it); read from the
    # database, not the chrome cache, which the same save is purging.
    for code, _name in settings.LANGUAGES:
        words = build_words(site_settings.site_text_id, code)
        for name in ("crisis_notice", "form_emergency_notice"):
            snapshot[f"{name}:{code}"] = expand_db_html(words[name] or "")
    for name, build in _snapshot_parts.items():
        try:
            snapshot[name] = build()
        except Exception:  # a part that fails must not lose the others
            logger.exception("Could not build the %s part of the outage snapshot", name)
    _last_snapshot.clear()
    _last_snapshot.update(snapshot)
    cache.set(SNAPSHOT_KEY, snapshot, None)  # skipped when the cache is down


def refresh_snapshot():
    """After a change to what the snapshot holds (a clinic, a form page)."""
    from wagtail.models import Site

    from core.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        remember_snapshot(SiteSettings.for_site(site))


def current_snapshot():
    snapshot = cache.get(SNAPSHOT_KEY)
    if snapshot:
        _last_snapshot.clear()
        _last_snapshot.update(snapshot)
        return snapshot
    return dict(_last_snapshot)


def snapshot_page(template, snapshot, request=None, **context):
    """A page served without the database, in the language of the request's
    path (``/es/...``: Spanish), with the snapshot's notices in it."""
    from django.utils import translation

    from core import i18n

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
    snapshot = current_snapshot()
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
    snapshot = current_snapshot()
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
        page = outage_page(request)
        if page is not None:
            logger.error("Database unavailable; served %s's page from the snapshot", request.path)
            return page
        logger.error("Database unavailable; served the 503 page")
        return unavailable_response(request)
