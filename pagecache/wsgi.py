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

A page with per-visitor values (the consultation form's CSRF and timing
tokens) is answered here too when each value can be made from the request
alone (``register_fresh_value(..., before_django=True)``): the same headers,
the visitor's own tokens in the body (pagecache.middleware's
``entry_body``, as Django's hit makes it), and the CSRF cookie Django's
CsrfViewMiddleware sets for them (its public process_request and
process_response hooks around it, as in Django's chain).

Anything else goes to Django, unchanged: another copy (a purge, a new
render), a query string, a cookie naming a session or flash messages, a
path with characters outside [A-Za-z0-9/_.-], a page with a per-visitor
value that needs the database, a method other than GET or HEAD, the cache
down. Nothing here decides what Django would decide (allowed hosts, HTTPS
redirects, which Site, privacy): it only repeats an answer Django gave to a
request of the same shape, for as long as the copy it came with is current.

``log_hit(environ, status_code, size, milliseconds)`` writes the access
log line Django's middleware would have (core.logging).
"""

import contextlib
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware

from .middleware import entry_body, fresh_names, lookup
from .pages import FRESH_BEFORE_DJANGO

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
        # Only its request and response hooks are called (never the view).
        self.csrf = CsrfViewMiddleware(lambda request: None)

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
        if entry.get("fresh") and not fresh_names(entry) <= FRESH_BEFORE_DJANGO:
            return  # a value only Django can make (e.g. from the database)
        csrf_cookie = settings.CSRF_COOKIE_NAME + "="
        for name, value in headers:
            if name.lower() != "set-cookie":
                continue
            if not (entry.get("fresh") and value.strip().startswith(csrf_cookie)):
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
        if entry["fresh"]:
            try:
                body, cookies = self.with_fresh_values(environ, entry)
            except Exception:  # noqa: BLE001 - Django answers (and reports) instead
                return None
        else:
            body, cookies = entry["gzip"] if shape[0] else entry["body"], []
        if body is None:
            return None
        start_response(status, [*headers, *cookies, ("Content-Length", str(len(body)))])
        if self.log_hit is not None:
            # Logging never breaks a request.
            with contextlib.suppress(Exception):
                self.log_hit(
                    environ, int(status[:3]), len(body), (time.perf_counter() - started) * 1000
                )
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def with_fresh_values(self, environ, entry):
        """The copy's body with this visitor's own values, and the CSRF
        cookie's Set-Cookie header, as Django's chain makes them: its
        CsrfViewMiddleware around the page cache's hit."""
        request = WSGIRequest(environ)
        self.csrf.process_request(request)
        body, _compressed = entry_body(request, entry)  # as the learned shape says
        # Only for the cookie CsrfViewMiddleware sets on it: the headers are
        # the ones Django's answer had.
        response = HttpResponse()
        self.csrf.process_response(request, response)
        cookies = [("Set-Cookie", cookie.output(header="")) for cookie in response.cookies.values()]
        return body, cookies
