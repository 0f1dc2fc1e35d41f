"""Per-client rate limits on the public forms (the consultation form, the
booking page): at most so many accepted posts per client network and window.

``take(request, scope, rate)`` counts one post and says whether it is within
the limit; a post over it is not counted. Counted atomically, so that
simultaneous posts cannot all pass a check made before any was counted:

- in the cache (Redis in production, shared by every app server): ``add``
  the window's key, then ``incr`` it, and only then compare; a post over the
  limit gives its increment back (``decr``);
- while the cache is down (``incr`` answers None through the fail-fast
  backend, core.cache), in PostgreSQL: every accepted post is also a
  ``RateLimitHit`` row, and the window's rows of this client are counted
  under a transaction-level advisory lock for this client and scope (two
  app servers count one after the other), so an outage does not open the
  forms to floods.

The client is its network: an IPv4 address, an IPv6 /64 (one subscriber's
share, which it can rotate through), taken behind trusted proxies as
django-axes takes it (core.proxies.client_ip). Stored and cached only as a
keyed hash (HMAC under SECRET_KEY); rows older than a day are deleted by
the worker (core.tasks.prune_rate_limit_hits).

Rates are written "5/h", "20/10m", "100/d"; "0" or "off" disables a limit.
"""

import contextlib
import datetime
import hashlib
import ipaddress
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$", re.IGNORECASE)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_OFF = {"", "0", "off", "none", "false", "no"}
# Rows are kept this long (the longest window a setting may reasonably use).
KEEP_HITS = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int  # seconds


def parse_rate(value, setting="CONSULTATION_RATE_LIMIT"):
    """'5/h' -> Rate(5, 3600); '20/10m' -> Rate(20, 600); '0' / 'off' -> None."""
    raw = str(value if value is not None else "").strip().lower()
    if raw in _OFF:
        return None
    match = _RATE.match(raw)
    if not match:
        raise ImproperlyConfigured(
            f"{setting} must look like '5/h', '20/10m' or 'off', got {value!r}."
        )
    limit, count, unit = int(match[1]), int(match[2] or 1), match[3]
    if limit == 0:
        return None
    return Rate(limit=limit, window=count * _UNITS[unit])


def rate_setting(name, default):
    """The Rate of the setting ``name`` (None when the limit is off)."""
    return parse_rate(getattr(settings, name, default), name)


def client_network(request):
    """The client's network as text: the address (IPv4), its /64 (IPv6)."""
    from core.proxies import client_ip

    address = client_ip(request) or "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def client_key(request):
    """Who is asking, hashed: no visitor's address is written anywhere."""
    return salted_hmac("core.rate-limit", client_network(request)).hexdigest()[:32]


@dataclass
class Hit:
    """An accepted post; ``give_back()`` when it turned out to store nothing
    (e.g. the booked time was just taken), so it does not count."""

    scope: str
    client: str
    cache_key: str = ""
    row_id: int | None = None

    def give_back(self):
        from core.models import RateLimitHit

        if self.cache_key:
            with contextlib.suppress(ValueError):  # expired meanwhile
                cache.decr(self.cache_key)
        if self.row_id is not None:
            RateLimitHit.objects.filter(pk=self.row_id).delete()


def take(request, scope, rate, now=None):
    """Count one post of this client in ``scope``: a Hit when it is within
    ``rate`` (None: no limit), None when it is over the limit."""
    client = client_key(request)
    if rate is None:
        return Hit(scope, client)
    now = time.time() if now is None else now
    key = f"core:rate:{scope}:{client}:{rate.window}:{int(now // rate.window)}"
    count = _cache_count(key, rate)
    if count is None:  # the cache is down: PostgreSQL counts
        row_id = _database_take(scope, client, rate, now)
        return None if row_id is None else Hit(scope, client, row_id=row_id)
    if count > rate.limit:
        with contextlib.suppress(ValueError):
            cache.decr(key)  # a refused post does not count
        return None
    return Hit(scope, client, cache_key=key, row_id=_record(scope, client, now))


def _cache_count(key, rate):
    """This post's number in the window (counted first), None without a cache."""
    for _attempt in range(2):
        cache.add(key, 0, timeout=rate.window + 5)
        try:
            return cache.incr(key)  # None: the fail-fast cache could not ask Redis
        except ValueError:  # expired between add and incr: add it again
            continue
    return None


def _record(scope, client, now):
    from core.models import RateLimitHit

    created = datetime.datetime.fromtimestamp(now, tz=datetime.UTC)
    return RateLimitHit.objects.create(scope=scope, client=client, created_at=created).pk


def _lock_id(scope, client):
    """A signed 64-bit number for pg_advisory_xact_lock, per scope and client."""
    digest = hashlib.blake2b(f"rate:{scope}:{client}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _database_take(scope, client, rate, now):
    """Count this client's accepted posts of the window in PostgreSQL and, if
    within the limit, add this one: the row id, or None when over it."""
    from core.models import RateLimitHit

    since = datetime.datetime.fromtimestamp(now - rate.window, tz=datetime.UTC)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Held to the end of the transaction: simultaneous posts of this
            # client count one after the other, each seeing the rows before it.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_id(scope, client)])
        recent = RateLimitHit.objects.filter(scope=scope, client=client, created_at__gte=since)
        if recent.count() >= rate.limit:
            return None
        return _record(scope, client, now)


def prune_hits(now=None):
    """Forget accepted posts older than a day (the worker, daily)."""
    from core.models import RateLimitHit

    cutoff = (now or timezone.now()) - KEEP_HITS
    return RateLimitHit.objects.filter(created_at__lt=cutoff).delete()[0]
