"""Counting a view, first-party and without a cookie.

A page (cached or not, from the app, the page cache or a CDN) carries a
small script, ``analytics/visit.js``, served from our own static files. In
the visitor's browser it posts the page's id, its address and the referring
address to ``/visit/`` with ``navigator.sendBeacon`` (nothing when the
browser says Do Not Track or Global Privacy Control, nothing for a page
prerendered and never shown). Without JavaScript nothing is counted; a
failed beacon changes nothing on the page.

The endpoint (analytics.views.visit) checks the post and writes one row
(``Hit``): the page, the language of its address, the referring site's
domain and the utm_* parameters for the first view of a visit, and a
visitor hash: SHA-256 of the day's random salt, the client's address, its
user agent and the site's host, cut to 32 hex digits, as Plausible does.
The address and the user agent are read for this hash only, never stored.
The salt lives in the database for its day only (every app server needs
the same one) and is deleted with the day's hits by the roll-up, after
which a hash matches nothing and the same visitor gets another one the next
day. Robots (user agents that say so, or send none) are not counted.

Bounds on what one address can add: ``ANALYTICS_MAX_HITS_PER_ADDRESS`` hits a
day (a counter in the cache, keyed by a salted hash of the address; without
the cache this check is skipped), and the roll-up counts at most
``ANALYTICS_MAX_VIEWS_PER_PAGE`` views of a page per visitor and day.
"""

import datetime
import hashlib
import logging
import re
import secrets
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError
from django.utils import timezone, translation

from core.proxies import client_ip

from .models import DailySalt, Hit

logger = logging.getLogger(__name__)

# User agents of robots, monitors and scripts (the beacon needs JavaScript,
# which most robots do not run; these are the ones that do).
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|scrape|headless|phantom|lighthouse|pingdom|monitor|preview|"
    r"facebookexternalhit|python|curl|wget|httpclient|java/|go-http|okhttp|axios|node-fetch",
    re.IGNORECASE,
)
CAMPAIGN_PARAMETERS = ("utm_source", "utm_medium", "utm_campaign")
MAX_FIELD = 100
MAX_PATH = 200
MAX_ADDRESS = 2000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

_salt_memo = {}


class BadBeacon(ValueError):
    """A post that no copy of visit.js would send."""


def today():
    return timezone.localdate()


def seconds_left_today():
    now = timezone.localtime()
    midnight = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=now.tzinfo
    )
    return max(60, int((midnight - now).total_seconds()) + 60)


def day_salt(day, create=True):
    """The salt of ``day``, the same on every app server (one row, made by the
    first view of the day), remembered by this process for the day. None
    when ``create`` is false and no view was counted that day."""
    salt = _salt_memo.get(day)
    if salt is not None:
        return salt
    if not create:
        salt = DailySalt.objects.filter(day=day).values_list("salt", flat=True).first()
        if salt is None:
            return None
    else:
        try:
            salt = DailySalt.objects.get_or_create(
                day=day, defaults={"salt": secrets.token_hex(32)}
            )[0].salt
        except IntegrityError:  # another server made it at the same moment
            salt = DailySalt.objects.get(day=day).salt
    _salt_memo.clear()  # yesterday's salt leaves this process too
    _salt_memo[day] = salt
    return salt


def forget_salts():
    _salt_memo.clear()


def _digest(*parts):
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()[:32]


def visitor_hash(request, day, salt=None):
    return _digest(
        salt or day_salt(day),
        client_ip(request) or "",
        request.META.get("HTTP_USER_AGENT", ""),
        request.get_host(),
    )


def is_robot(request):
    agent = request.META.get("HTTP_USER_AGENT", "")
    return not agent or bool(BOT_PATTERN.search(agent))


def does_not_want_counting(request):
    """Do Not Track or Global Privacy Control (headers; visit.js checks them too)."""
    return request.META.get("HTTP_DNT") == "1" or request.META.get("HTTP_SEC_GPC") == "1"


def is_cross_site(request):
    """A beacon is sent by our own pages only: a browser says so (Sec-Fetch-Site)."""
    site = request.META.get("HTTP_SEC_FETCH_SITE")
    return site is not None and site not in ("same-origin", "none")


def clean(value, limit=MAX_FIELD):
    return _CONTROL.sub("", str(value or "")).strip()[:limit]


def referring_domain(referrer, own_host):
    """The other site's domain ("" for none), and whether it is this site."""
    if not referrer:
        return "", False
    try:
        host = (urlsplit(referrer).hostname or "").lower()
    except ValueError:
        return "", False
    own = own_host.split(":")[0].lower()
    if host == own:
        return "", True
    if host.startswith("www."):
        host = host[4:]
    return clean(host), False


def read_beacon(data, request):
    """The post's fields as a Hit's (not saved). Raises BadBeacon."""
    page, address, referrer = data.get("p", ""), data.get("l", ""), data.get("r", "")
    if not (isinstance(page, str) and page.isascii() and page.isdigit() and len(page) <= 10):
        raise BadBeacon("page")
    if not address.startswith("/") or address.startswith("//") or len(address) > MAX_ADDRESS:
        raise BadBeacon("address")
    if len(referrer) > MAX_ADDRESS:
        raise BadBeacon("referrer")
    parts = urlsplit(address)
    query = parse_qs(parts.query, max_num_fields=50)
    campaign = {name: clean((query.get(name) or [""])[0]).lower() for name in CAMPAIGN_PARAMETERS}
    domain, internal = referring_domain(referrer, request.get_host())
    entry = not internal or any(campaign.values())
    return Hit(
        day=today(),
        page_id=int(page) or None,
        language=translation.get_language_from_path(parts.path) or settings.LANGUAGE_CODE,
        referrer=domain if entry else "",
        source=campaign["utm_source"] if entry else "",
        medium=campaign["utm_medium"] if entry else "",
        campaign=campaign["utm_campaign"] if entry else "",
        entry=entry,
        path=clean(parts.path, MAX_PATH),
    )


def over_address_limit(request, day):
    """Whether this address already sent its day's share of hits (counted in
    the cache under a salted hash of the address; no cache, no limit)."""
    limit = settings.ANALYTICS_MAX_HITS_PER_ADDRESS
    if not limit:
        return False
    key = f"analytics:address:{day:%Y%m%d}:{_digest(day_salt(day), client_ip(request) or '')}"
    try:
        cache.add(key, 0, timeout=seconds_left_today())
        count = cache.incr(key)
    except Exception:  # expired meanwhile, or the cache is away: count the view
        return False
    return count is not None and count > limit


class VisitCounter:
    """What core.conversions calls: where a visit started, and a conversion."""

    def attribution(self, request):
        if is_robot(request) or does_not_want_counting(request):
            return {}
        day = today()
        salt = day_salt(day, create=False)
        if salt is None:
            return {}  # no view counted today, so nothing to find
        hit = (
            Hit.objects.filter(day=day, visitor=visitor_hash(request, day, salt), kind=Hit.VIEW)
            .filter(entry=True)
            .order_by("-pk")
            .values("page_id", "path", "referrer", "source", "medium", "campaign")
            .first()
        )
        if hit is None:
            return {}
        return {
            "landing_page_id": str(hit["page_id"] or ""),
            "landing_path": hit["path"],
            "referrer": hit["referrer"],
            "source": hit["source"],
            "medium": hit["medium"],
            "campaign": hit["campaign"],
        }

    def record(self, kind, attribution, language):
        page_id = attribution.get("landing_page_id") or ""
        Hit.objects.create(
            day=today(),
            kind=clean(kind, 20),
            page_id=int(page_id) if str(page_id).isdigit() else None,
            language=clean(language, 10),
            referrer=clean(attribution.get("referrer")),
            source=clean(attribution.get("source")),
            medium=clean(attribution.get("medium")),
            campaign=clean(attribution.get("campaign")),
            path=clean(attribution.get("landing_path"), MAX_PATH),
        )


counter = VisitCounter()
