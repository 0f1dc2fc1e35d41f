"""Full-page cache for anonymous visitors, shared by every app server.

Only Wagtail pages are stored (the ``before_serve_page`` hook marks the
request with the cache tags of the page being served): never the admin,
search results, previews, form posts, redirects or errors. A request is
served from the cache only when it cannot be visitor-specific: GET/HEAD,
no session cookie (so nobody is logged in), no flash messages, and a query
string made only of parameters that some page type declares.

Entries live in the shared cache (Redis in production) under a key made of
the matched Wagtail Site (never the raw Host header), path and query, with
the version of each tag the page depends on; a purge gives a tag a new
version (pagecache.tags) and the entry becomes a miss on every server.

Visitors choose query strings, so they must not choose what is stored: a
page is stored with a query string only when its page type declares each
parameter (``cache_query_parameters``) and its code accepted the value
(``accept_query_value``: a page number that exists, a live clinic's slug).
Anything else is served as rendered and not stored. pagecache.pages
documents what a page type declares.

``PAGE_CACHE_LOCAL_SECONDS`` (production: 0.25 s) also keeps a hit in the
process's memory that long, which keeps invalidation within one second on
every server while a hot page costs no network round trip.

Pages with per-visitor tokens (the consultation form: CSRF token and the
signed timing token) are cached too, as HTML with placeholders where the
tokens go: each hit puts in fresh values (see ``FRESH_VALUES``), so every
visitor gets their own CSRF token (Django's ``get_token``, which also has
CsrfViewMiddleware set the visitor's cookie) and their own timing token.
Such responses are never stored by a browser or CDN (Cache-Control: private,
no-store). Other pages are stored gzip-compressed once and sent as they are;
a page with tokens is stored as compressed parts between the placeholders
(deflate blocks ended with a sync flush, which may follow one another), and
a hit puts the fresh values in as uncompressed deflate blocks and joins the
parts into one gzip stream (``gzip_with_fresh``). The tokens are never
compressed, let alone in one window with text a visitor could have put in
the page, so compression cannot leak them (BREACH); Django masks the CSRF
token afresh for every response too.

With the cache down (or hanging: a fail-fast backend such as
core.cache.FailFastCache answers at once after the first timeout) every
request is a miss, served as rendered, and nothing is stored.

Position in MIDDLEWARE: inside CsrfViewMiddleware (so a hit that hands out a
CSRF token gets its cookie) and outside Session/Authentication/Messages: a
hit needs none of them (no session or messages cookie means an anonymous
visitor with nothing to show), and a miss is stored only after they have
answered (no cookie of theirs, no logged-in user, no modified session).
"""

import gzip
import hashlib
import re
import secrets
import struct
import time
import zlib
from collections import OrderedDict
from functools import cache

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import tags as cache_tags
from .pages import FRESH_VALUES
from .sites import site_id_for_request

CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
MARKER = b"@@pagecache:%s:%s@@"
MARKER_RE = re.compile(rb"@@pagecache:([a-z0-9_-]+):([A-Za-z0-9_-]*)@@")
STORED_HEADERS = {
    "content-type",
    "content-language",
    "cache-control",
    "expires",
    "x-robots-tag",
    "link",
    "x-frame-options",  # set by XFrameOptionsMiddleware, which a hit skips
}


# A gzip member's header (no name, no time, unknown OS) and the final empty
# deflate block that ends a stream of sync-flushed blocks.
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
DEFLATE_END = b"\x03\x00"


def _deflate_part(data):
    """``data`` as raw deflate blocks ending on a byte boundary (sync flush):
    such parts can follow one another in one deflate stream."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def compressed_parts(body):
    """[(text, its deflate part) or ((name, arg) of a placeholder, None)] of a
    body with placeholders for fresh values, the text compressed once when
    stored."""
    parts, start = [], 0
    for match in MARKER_RE.finditer(body):
        text = body[start : match.start()]
        parts.append((text, _deflate_part(text)))
        parts.append(((match[1].decode(), match[2].decode()), None))
        start = match.end()
    text = body[start:]
    parts.append((text, _deflate_part(text)))
    return parts


def _stored_part(data):
    """``data`` as uncompressed ("stored") deflate blocks: what a fresh token
    needs, since it must not share a compression window with anything, and
    it costs no compressor (RFC 1951, 3.2.4: a 3-bit block header padded to
    the byte, LEN and its complement, the bytes)."""
    blocks = []
    for start in range(0, len(data), 0xFFFF):
        chunk = data[start : start + 0xFFFF]
        blocks.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(blocks)


def gzip_with_fresh(parts, fresh):
    """One gzip stream of the stored parts, with ``fresh(name, arg)`` in place
    of each placeholder, uncompressed (never in a window with other text)."""
    out = [GZIP_HEADER]
    crc, size = 0, 0
    for text, deflated in parts:
        if deflated is None:
            text = fresh(*text)
            deflated = _stored_part(text)
        out.append(deflated)
        crc = zlib.crc32(text, crc)
        size += len(text)
    out.append(DEFLATE_END)
    out.append(struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF))
    return b"".join(out)


# A query parameter value longer than this is not a page's navigation (a
# page number, a clinic's slug): such a request is not served from or kept
# in the cache, and no part of its page is either.
MAX_PARAMETER_LENGTH = 60


def conf(name, default):
    return getattr(settings, name, default)


def shared_cache_control(response):
    """What a CDN or proxy may keep of a response every visitor gets alike
    and that a purge reaches (pagecache.frontend): browsers ask again each
    time, the proxy keeps it for ``PAGE_CACHE_S_MAXAGE``."""
    s_maxage = conf("PAGE_CACHE_S_MAXAGE", 300)
    swr = conf("PAGE_CACHE_STALE_WHILE_REVALIDATE", 60)
    response["Cache-Control"] = (
        f"public, max-age=0, s-maxage={s_maxage}, stale-while-revalidate={swr}"
    )
    return response


@cache
def declared_parameters():
    """Every query parameter some page type declares it may be cached with."""
    from wagtail.models import get_page_models

    names = set()
    for model in get_page_models():
        names.update(getattr(model, "cache_query_parameters", ()))
    return frozenset(names)


def query_items(request):
    """The query's (name, value) pairs that count for the cache, sorted."""
    ignored = conf("PAGE_CACHE_IGNORED_PARAMETERS", ())
    return sorted((k, v) for k, v in request.GET.items() if k not in ignored)


# Hits kept in this process's memory for PAGE_CACHE_LOCAL_SECONDS, shared by
# the middleware and the hits answered before Django (pagecache.wsgi).
_local = OrderedDict()
LOCAL_MAX_ENTRIES = 500


def lookup(key):
    """The stored entry for ``key`` if none of its tags was purged since (or
    None): from this process's memory when it was read moments ago, else
    from the shared cache with the tags' versions (one round trip each)."""
    local_seconds = conf("PAGE_CACHE_LOCAL_SECONDS", 0)
    now = time.monotonic()
    if local_seconds:
        hit = _local.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
    entry = cache_tags.cache().get(key)
    if not isinstance(entry, dict) or "tags" not in entry:
        return None
    if cache_tags.current_versions(entry["tags"]) != entry["tags"]:
        return None  # a tag was purged (or lost): stale
    if local_seconds:
        _local[key] = (now + local_seconds, entry)
        _local.move_to_end(key)
        while len(_local) > LOCAL_MAX_ENTRIES:
            _local.popitem(last=False)
    return entry


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    # --- request side ------------------------------------------------------

    def cacheable_request(self, request):
        if not conf("PAGE_CACHE_ENABLED", True):
            return False
        if request.method not in ("GET", "HEAD"):
            return False
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return False
        allowed = declared_parameters()
        ignored = conf("PAGE_CACHE_IGNORED_PARAMETERS", ())
        for name, values in request.GET.lists():
            if name in ignored:
                continue
            if name not in allowed or len(values) != 1 or len(values[0]) > MAX_PARAMETER_LENGTH:
                return False
        return True

    def key(self, request, site_id):
        query = "&".join(f"{k}={v}" for k, v in query_items(request))
        raw = f"{site_id}|{request.path}|{query}"
        return cache_tags.KEY_PREFIX + "page:" + hashlib.sha256(raw.encode()).hexdigest()

    def __call__(self, request):
        with cache_tags.request_scope():
            return self.respond(request)

    def respond(self, request):
        site_id = None
        if self.cacheable_request(request):
            site_id = site_id_for_request(request)
        if site_id is not None:
            key = self.key(request, site_id)
            entry = lookup(key)
            if entry is not None:
                return self.from_entry(request, entry, key)
        response = self.get_response(request)
        if getattr(request, "page_cache_tags", None) is None:
            return response  # not a Wagtail page: its view decides its headers
        if site_id is not None and self.storable(request, response, site_id):
            self.store(request, key, response)
            response["X-Cache"] = "MISS"
        else:
            # A page for this visitor only (logged in, form errors, unusual
            # query...): no shared cache may keep it.
            patch_cache_control(response, private=True, no_cache=True)
        return response

    # --- storing -----------------------------------------------------------

    def storable(self, request, response, site_id):
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return False
        if getattr(request, "page_cache_site_id", None) != site_id:
            return False  # Wagtail served another Site than the key says
        names = {name for name, _value in query_items(request)}
        declared = getattr(request, "page_cache_parameters", ())
        accepted = getattr(request, "page_cache_accepted", set())
        if not names <= (set(declared) & accepted):
            return False  # a value the page did not vouch for
        if not response.get("Content-Type", "").startswith("text/html"):
            return False
        if response.cookies or response.has_header("Content-Encoding"):
            return False
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        fresh = getattr(request, "page_cache_fresh", None)
        cache_control = response.get("Cache-Control", "")
        # A page with per-visitor tokens says "private, no-store" to browsers
        # and CDNs; here it is stored with placeholders for those tokens.
        return bool(fresh) or not ("private" in cache_control or "no-store" in cache_control)

    def store(self, request, key, response):
        body = response.content
        fresh = getattr(request, "page_cache_fresh", None) or []
        for name, arg, value in fresh:
            body = body.replace(value.encode(), MARKER % (name.encode(), arg.encode()))
        body, csrf_count = CSRF_INPUT.subn(rb"\1" + MARKER % (b"csrf", b"") + rb"\3", body)
        needs_fresh = bool(fresh or csrf_count)
        if not needs_fresh:
            shared_cache_control(response)
        headers = [(k, v) for k, v in response.items() if k.lower() in STORED_HEADERS]
        entry = {
            "status": response.status_code,
            "headers": headers,
            "body": None if needs_fresh else body,  # fresh: the parts hold it
            "gzip": None if needs_fresh else gzip.compress(body, 6, mtime=0),
            "gzip_parts": compressed_parts(body) if needs_fresh else None,
            "fresh": needs_fresh,
            "tags": cache_tags.versions_for_storing(request.page_cache_tags),
            # Which stored copy this is (pagecache.wsgi answers later hits of
            # the same copy with the headers Django gave this one).
            "id": secrets.token_hex(8),
        }
        if entry["tags"] is None:
            return  # the cache does not answer: nothing to store in
        cache_tags.cache().set(key, entry, conf("PAGE_CACHE_SECONDS", 3600))

    # --- serving a hit -------------------------------------------------------

    def from_entry(self, request, entry, key):
        response = response_from_entry(request, entry)
        response["X-Cache"] = "HIT"
        # pagecache.wsgi may answer the next hit of this copy itself (a copy
        # with per-visitor values only when each can be made before Django).
        response.page_cache_hit = (key, entry)
        return response


def fresh_names(entry):
    """The names of the per-visitor values a stored copy has placeholders for."""
    return {text[0] for text, deflated in entry["gzip_parts"] or () if deflated is None}


def entry_body(request, entry):
    """(body, gzip-compressed or not) of the stored copy for this request:
    compressed when the visitor accepts it, with this visitor's fresh values
    in place of the placeholders."""
    accepts_gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
    if entry["fresh"]:

        def fresh(name, arg):
            return FRESH_VALUES[name](request, arg).encode()

        # Stored as the text between the placeholders (and its deflate
        # parts): a hit joins them, without searching the page.
        parts = entry["gzip_parts"]
        if accepts_gzip:
            return gzip_with_fresh(parts, fresh), True
        body = b"".join(fresh(*text) if deflated is None else text for text, deflated in parts)
        return body, False
    if entry["gzip"] is not None and accepts_gzip:
        return entry["gzip"], True
    return entry["body"], False


def response_from_entry(request, entry):
    """The stored copy as a response for this request (``entry_body``)."""
    body, compressed = entry_body(request, entry)
    response = HttpResponse(body, status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    if compressed:
        response["Content-Encoding"] = "gzip"
    # As the page rendered for this visitor would say: it differs by
    # encoding and, for a logged-in editor (session cookie), by cookie.
    patch_vary_headers(response, ("Accept-Encoding", "Cookie"))
    response["Content-Length"] = str(len(body))
    return response
