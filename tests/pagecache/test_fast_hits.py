"""Cached hits answered before Django (pagecache.wsgi): the same status,
headers and bytes as Django's own hit, never a stale copy, never a page
for one visitor, and nothing Django would refuse."""

import io
import logging

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from core.logging import log_fast_hit
from home.models import StandardPage
from pagecache.wsgi import FastHits

pytestmark = pytest.mark.django_db


@pytest.fixture
def app():
    """The site's WSGI application as gunicorn runs it."""
    return FastHits(WSGIHandler(), log_hit=log_fast_hit)


class Answer:
    def __init__(self, status, headers, body, django):
        self.status, self.body, self.django = status, body, django
        self.headers = dict(headers)

    @property
    def code(self):
        return int(self.status[:3])


def call(app, path, method="GET", query="", **extra):
    environ = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        **extra,
    }
    started = []
    request_started.connect(
        lambda **kwargs: started.append(1), weak=False, dispatch_uid="fast-hits-test"
    )
    # Inside the test's transaction: as Django's test client does, the
    # request does not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got = []
    try:
        result = app(environ, lambda status, headers, exc_info=None: got.extend([status, headers]))
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
    finally:
        request_started.disconnect(dispatch_uid="fast-hits-test")
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return Answer(got[0], got[1], body, django=bool(started))


def test_a_hit_django_answered_is_answered_again_before_it(app, demo_site):
    first = call(app, "/about/")
    assert (first.code, first.headers["X-Cache"], first.django) == (200, "MISS", True)
    second = call(app, "/about/")
    assert (second.headers["X-Cache"], second.django) == ("HIT", True)
    with CaptureQueriesContext(connection) as ctx:
        third = call(app, "/about/")
    assert third.django is False and len(ctx.captured_queries) == 0
    assert third.status == second.status
    assert third.body == second.body
    # Every header Django's middleware set: security, CSP, caching, Vary.
    assert third.headers == second.headers
    for name in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "Vary"):
        assert third.headers[name] == second.headers[name]
    assert third.headers["Content-Encoding"] == "gzip"
    # Without gzip: its own shape, learned from Django's hit first.
    plain = [call(app, "/about/", HTTP_ACCEPT_ENCODING="") for _ in range(3)]
    assert [answer.django for answer in plain] == [True, False, False]
    assert b"<h1" in plain[2].body and "Content-Encoding" not in plain[2].headers


def test_a_publish_is_seen_at_once(app, demo_site, django_capture_on_commit_callbacks):
    for _ in range(3):
        call(app, "/about/")
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    about.title = "About the clinic, renamed"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    after = call(app, "/about/", HTTP_ACCEPT_ENCODING="")
    assert after.django is True
    assert b"About the clinic, renamed" in after.body


def test_what_django_must_answer_itself(app, demo_site, settings):
    for _ in range(3):
        call(app, "/about/")
    assert call(app, "/about/").django is False
    # A session cookie (an editor), flash messages, a query string, a POST.
    assert call(app, "/about/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=x").django
    assert call(app, "/about/", HTTP_COOKIE="messages=x").django
    assert call(app, "/about/", query="utm_source=x").django
    assert call(app, "/about/", method="POST").django
    # Another host: Django's own answer (a 400 for a host it does not serve).
    other = call(app, "/about/", HTTP_HOST="attacker.example")
    assert other.django and other.code == 400
    # HTTPS through the proxy is another shape, with its own headers.
    assert call(app, "/about/", HTTP_X_FORWARDED_PROTO="https").django


def test_per_visitor_pages_are_never_answered_before_django(app, demo_site):
    tokens = set()
    for _ in range(4):
        answer = call(app, "/request-a-consultation/", HTTP_ACCEPT_ENCODING="")
        assert answer.code == 200 and answer.django
        tokens.add(answer.body.split(b'name="csrfmiddlewaretoken" value="')[1][:64])
    assert len(tokens) == 4


def test_head_and_the_access_log(app, demo_site, caplog):
    call(app, "/about/")
    get = call(app, "/about/")  # a hit: the stored copy's bytes
    for _ in range(2):
        call(app, "/about/", method="HEAD")
    with caplog.at_level(logging.INFO, logger="core.access"):
        head = call(app, "/about/", method="HEAD", HTTP_USER_AGENT="Phone")
    assert head.django is False and head.body == b""
    assert head.headers["Content-Length"] == str(len(get.body))
    line = [r.getMessage() for r in caplog.records if r.name == "core.access"][-1]
    assert '"HEAD /about/ HTTP/1.1" 200' in line and '"Phone"' in line


def test_the_cache_down_leaves_every_request_to_django(app, demo_site, request):
    for _ in range(3):
        call(app, "/about/")
    request.getfixturevalue("cache_down")  # from here on
    answer = call(app, "/about/")
    assert answer.django and answer.code == 200
