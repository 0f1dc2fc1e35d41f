"""Which Wagtail Site a request is for, without the database: the page cache
keys its entries by the matched Site, never by the Host header a visitor
sends, and a hit must not need PostgreSQL.

The table of Sites (id, hostname, port, default: plain data) lives in the
shared cache under one key, which saving or deleting a Site deletes
(pagecache.signals), and for a moment in each process's memory. ``match``
applies the rules of Wagtail's ``Site.find_for_request`` to it;
tests/pagecache/test_sites.py checks that both agree for many hosts and
ports, so a change of those rules in an upgrade fails a test instead of
mixing up two sites' pages. The middleware also stores a page only when
Wagtail's own answer for the request is the Site it was keyed by.
"""

import threading
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port

from . import tags as cache_tags

KEY = f"{cache_tags.KEY_PREFIX}sites"
SECONDS = 24 * 3600

_memo = {"until": 0.0, "table": None}
_memo_lock = threading.Lock()


def load_table():
    from wagtail.models import Site

    return [
        [site_id, hostname.lower(), port, is_default]
        for site_id, hostname, port, is_default in Site.objects.order_by("pk").values_list(
            "pk", "hostname", "port", "is_default_site"
        )
    ]


def table():
    """[[id, hostname, port, is_default], ...] of every Site."""
    now = time.monotonic()
    if _memo["table"] is not None and now < _memo["until"]:
        return _memo["table"]
    rows = cache_tags.cache().get(KEY)
    if rows is None:
        rows = cache_tags.outage_get(KEY)  # kept while the cache was down
    if rows is None:
        rows = load_table()
        if cache_tags.cache().set_many({KEY: rows}, SECONDS):  # not stored: down
            cache_tags.outage_set(KEY, rows)
    with _memo_lock:
        _memo["table"] = rows
        _memo["until"] = now + max(getattr(settings, "PAGE_CACHE_LOCAL_SECONDS", 0), 0)
    return rows


def forget():
    """After a Site changed: this process and every other (the shared key)."""
    with _memo_lock:
        _memo["table"] = None
        _memo["until"] = 0.0
    cache_tags.cache().delete(KEY)


def match(rows, hostname, port):
    """The id of the Site for ``hostname`` and ``port``, or None, by the rules
    of Wagtail's Site.find_for_request: the site with this hostname and port;
    else this hostname if it is the default site; else the default site,
    unless exactly one other site has this hostname; else None."""
    hostname = hostname.lower()
    same_host = [row for row in rows if row[1] == hostname]
    for row in same_host:
        if row[2] == port:
            return row[0]
    for row in same_host:
        if row[3]:
            return row[0]
    default = next((row for row in rows if row[3]), None)
    if default is not None:
        return same_host[0][0] if len(same_host) == 1 else default[0]
    return same_host[0][0] if len(same_host) == 1 else None


def site_id_for_request(request):
    """The matched Site's id, or None (no such site, or a Host header that
    ALLOWED_HOSTS refuses: Django answers that request with a 400 itself)."""
    try:
        hostname = split_domain_port(request.get_host())[0]
    except DisallowedHost:
        return None
    if not hostname:
        return None
    return match(table(), hostname, int(request.get_port() or 80))
