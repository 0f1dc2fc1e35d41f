"""Part of make bench, run inside the Django project with the bench's
settings: per page type, the SQL queries and median render time (wall and
CPU) of an
uncached request (its fragments cached, as after a change elsewhere), the
same for a first render (no fragments, as after a change to the page
itself), and the page's size.
Prints JSON on stdout."""

import contextlib
import io
import json
import statistics
import sys
import time

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Page  # noqa: E402

RENDERS = int(sys.argv[1]) if len(sys.argv) > 1 else 25


def page_urls():
    by_type = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        name = type(page).__name__
        if name not in by_type:
            by_type[name] = page.url
            if name == "BlogIndexPage":
                topic = page.specific.topics_in_use().first()
                if topic:
                    by_type["BlogTopicPage"] = page.url + f"topic/{topic.slug}/"
    return by_type


def main():
    results = []
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(PAGE_CACHE_ENABLED=False):
        for name, url in page_urls().items():
            client.get(url)  # warm per-process caches (renditions, site root paths)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            # Read now: the next request's request_started signal clears the log.
            queries = len(ctx.captured_queries)
            times, cpu = [], []
            for _ in range(RENDERS):
                start, start_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                cpu.append((time.process_time() - start_cpu) * 1000)
                times.append((time.perf_counter() - start) * 1000)
            first = []
            with override_settings(PAGE_FRAGMENT_CACHE_ENABLED=False):
                for _ in range(RENDERS):
                    start = time.perf_counter()
                    client.get(url)
                    first.append((time.perf_counter() - start) * 1000)
            results.append(
                {
                    "type": name,
                    "url": url,
                    "queries": queries,
                    "render_ms": statistics.median(times),
                    "cpu_ms": statistics.median(cpu),
                    "first_render_ms": statistics.median(first),
                    "size": len(response.content),
                }
            )
    form_url = next((page["url"] for page in results if page["type"] == "ConsultationPage"), None)
    json.dump(
        {
            "pages": results,
            "middleware": middleware_shares(),
            "fast_hits": fast_hit_costs(form_url) if form_url else None,
        },
        sys.stdout,
    )


HITS = 400


def hit_cpu_ms(middleware, url):
    """Median CPU ms of a cached hit of ``url`` with ``middleware`` (a fresh
    handler, so the list applies), over 3 runs of HITS requests."""
    runs = []
    with override_settings(MIDDLEWARE=middleware, PAGE_CACHE_ENABLED=True):
        client = Client(HTTP_HOST="127.0.0.1")
        assert client.get(url).status_code == 200
        for _ in range(3):
            start = time.process_time()
            for _ in range(HITS):
                client.get(url)
            runs.append((time.process_time() - start) * 1000 / HITS)
    return statistics.median(runs)


@contextlib.contextmanager
def access_log_to_devnull():
    """The access log writing its JSON lines to /dev/null, as production
    writes them to stdout: its formatting counted, not a terminal."""
    import logging
    import os

    access = logging.getLogger("core.access")
    formatter = next((h.formatter for h in logging.getLogger().handlers if h.formatter), None)
    sink = logging.StreamHandler(open(os.devnull, "w"))  # noqa: SIM115 - for the process
    sink.setFormatter(formatter)
    saved = (access.handlers, access.level, access.propagate)
    access.handlers, access.propagate = [sink], False
    access.setLevel(logging.INFO)
    try:
        yield
    finally:
        access.handlers, access.level, access.propagate = saved


def middleware_shares():
    """What each middleware in front of a cached hit adds to its CPU time (the
    hit with it, less the hit without it), with the access log written. In
    process, through Django's test client (its own cost is in the total,
    not in any share)."""
    from django.conf import settings

    with access_log_to_devnull():
        url = "/"
        full = list(settings.MIDDLEWARE)
        front = full[: full.index("pagecache.middleware.PageCacheMiddleware")]
        total = hit_cpu_ms(full, url)
        shares = [
            {
                "middleware": name,
                "ms": total - hit_cpu_ms([m for m in full if m != name], url),
            }
            for name in front
        ]
        bare = hit_cpu_ms(["pagecache.middleware.PageCacheMiddleware"], url)
    return {"url": url, "total_ms": total, "page_cache_only_ms": bare, "shares": shares}


def wsgi_environ(path, cookie=""):
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    return environ


def median_cpu_ms(call, times=HITS):
    runs = []
    for _ in range(3):
        start = time.process_time()
        for _ in range(times):
            call()
        runs.append((time.process_time() - start) * 1000 / times)
    return statistics.median(runs)


def fast_hit_costs(form_url):
    """CPU ms of hits answered before Django (pagecache.wsgi, as gunicorn
    calls it): the home page (the same bytes for everyone) and the
    consultation form (each visitor's own CSRF and timing tokens), and what
    Django's ``get_token`` alone costs such a hit, for a visitor without the
    CSRF cookie (a new secret and its mask) and with it (a mask)."""
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
    from django.middleware.csrf import CsrfViewMiddleware, get_token

    from core.logging import log_fast_hit
    from pagecache.wsgi import FastHits

    app = FastHits(WSGIHandler(), log_hit=log_fast_hit)

    def hit(path, cookie=""):
        def call():
            result = app(wsgi_environ(path, cookie), lambda status, headers, exc=None: None)
            b"".join(result)
            if hasattr(result, "close"):
                result.close()

        return call

    csrf = CsrfViewMiddleware(lambda request: None)

    def token(cookie=""):
        def call():
            request = WSGIRequest(wsgi_environ(form_url, cookie))
            csrf.process_request(request)
            get_token(request)

        return call

    with override_settings(PAGE_CACHE_ENABLED=True), access_log_to_devnull():
        for path in ("/", form_url):
            for _ in range(3):  # stored, Django's hit, learned
                hit(path)()
        # A returning visitor's cookie: any well-formed secret (32 letters or digits).
        secret = get_token(WSGIRequest(wsgi_environ(form_url)))[:32]
        cookie = f"{settings.CSRF_COOKIE_NAME}={secret}"
        return {
            "home_ms": median_cpu_ms(hit("/")),
            "form_ms": median_cpu_ms(hit(form_url)),
            "form_with_cookie_ms": median_cpu_ms(hit(form_url, cookie)),
            "csrf_new_ms": median_cpu_ms(token()),
            "csrf_cookie_ms": median_cpu_ms(token(cookie)),
        }


main()
