"""Cached hits answered before Django, with the headers Django gave them.

A hit served by PageCacheMiddleware still pays for Django around it: the
request object, a dozen middleware (security headers, CSP, WhiteNoise,
gzip, the outage guard, CSRF...), the signals and the response object;
together about half of what gunicorn spends on a static file. Yet a hit
for the same copy, address, host and encoding gets the same answer every
time. So this WSGI wrapper (clinic_site/wsgi.py) watches the answers going
out: when Django answered a cached hit of a page that is the same for
every visitor (PageCacheMiddleware marks it), it keeps, for that request's
shape (method, host and forwarding headers, scheme, port, path, gzip or
not), the status line and the full list of headers every middleware set.
The next request of the same shape is answered here: the stored copy is
looked up as the middleware does (this process's memory for
PAGE_CACHE_LOCAL_SECONDS, else the shared cache with its tags' versions),
and if it is still the same copy, its bytes go out with those headers.

Anything else goes to Django, unchanged: another copy (a purge, a new
render), a query string, a cookie naming a session or flash messages, a
path with characters outside [A-Za-z0-9/_.-], a page with per-visitor
tokens, a method other than GET or HEAD, the cache down. Nothing here
decides what Django would decide (allowed hosts, HTTPS redirects, which
Site, privacy): it only repeats an answer Django gave to a request of the
same shape, for as long as the copy it came with is current.

``log_hit(environ, status_code, size, milliseconds)`` writes the access
log line Django's middleware would have (core.logging).
"""

import contextlib
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings

from .middleware import lookup

SAFE_PATH = re.compile(r"^[A-Za-z0-9/_.\-]*$")
# What decides Django's answer besides the path: the host as Django reads it
# (forwarded host and port when trusted), the scheme (HTTPS redirect, HSTS)
# and the Site matched from them.
SHAPE_KEYS = (
    "REQUEST_METHOD",
    "SCRIPT_NAME",
    "PATH_INFO",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PROTO",
    "wsgi.url_scheme",
)
# Headers that belong to one response, never repeated.
NOT_REPEATED = {"content-length", "set-cookie", "date"}
MAX_SHAPES = 2000


class FastHits:
    def __init__(self, application, log_hit=None):
        self.application = application
        self.log_hit = log_hit
        self.known = OrderedDict()  # shape -> (key, entry id, status, headers)
        self.lock = threading.Lock()

    def shape(self, environ):
        """The request's shape, or None when Django must answer it."""
        if not getattr(settings, "PAGE_CACHE_ENABLED", True):
            return None
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        if environ.get("QUERY_STRING"):
            return None
        if not SAFE_PATH.match(environ.get("PATH_INFO", "")):
            return None
        cookies = environ.get("HTTP_COOKIE", "")
        if cookies and (settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies):
            return None  # possibly signed in, or a message to show
        gzip = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
        return (gzip, *(environ.get(name, "") for name in SHAPE_KEYS))

    def __call__(self, environ, start_response):
        shape = self.shape(environ)
        if shape is not None:
            known = self.known.get(shape)
            if known is not None:
                answer = self.answer(environ, start_response, shape, known)
                if answer is not None:
                    return answer
        captured = []

        def capture(status, headers, exc_info=None):
            captured[:] = [status, headers]
            return start_response(status, headers, exc_info)

        response = self.application(environ, capture)
        hit = getattr(response, "page_cache_hit", None)
        if shape is not None and hit is not None and captured:
            self.learn(shape, hit, *captured)
        return response

    def learn(self, shape, hit, status, headers):
        key, entry = hit
        if not status.startswith("200 ") or entry.get("id") is None:
            return
        if any(name.lower() == "set-cookie" for name, _value in headers):
            return  # an answer for this visitor only
        kept = [(name, value) for name, value in headers if name.lower() not in NOT_REPEATED]
        with self.lock:
            self.known[shape] = (key, entry["id"], status, kept)
            self.known.move_to_end(shape)
            while len(self.known) > MAX_SHAPES:
                self.known.popitem(last=False)

    def answer(self, environ, start_response, shape, known):
        started = time.perf_counter()
        key, entry_id, status, headers = known
        try:
            entry = lookup(key)
        except Exception:  # noqa: BLE001 - Django answers (and reports) instead
            return None
        if entry is None or entry.get("id") != entry_id:
            with self.lock:
                self.known.pop(shape, None)  # Django answers, and teaches again
            return None
        gzip = shape[0]
        body = entry["gzip"] if gzip else entry["body"]
        if body is None:
            return None
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        if self.log_hit is not None:
            # Logging never breaks a request.
            with contextlib.suppress(Exception):
                self.log_hit(
                    environ, int(status[:3]), len(body), (time.perf_counter() - started) * 1000
                )
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]
