"""Cached hits answered before Django (pagecache.wsgi): the same status,
headers and bytes as Django's own hit, never a stale copy, never a page
for one visitor, and nothing Django would refuse."""

import gzip
import io
import logging

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.logging import log_fast_hit
from forms_app.models import ConsultationSubmission
from home.models import StandardPage
from pagecache.wsgi import FastHits
from tests.pagecache.test_page_cache import fill_in, form_tokens

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


def test_a_form_is_answered_before_django_with_each_visitors_own_tokens(
    app, demo_site, settings, django_capture_on_commit_callbacks
):
    """The consultation form: after Django's first hit, hits are answered
    here, each with a new CSRF token and timing token and the CSRF cookie;
    what a visitor sends back from such a page is accepted and stored."""
    settings.CONSULTATION_MIN_SECONDS = 0
    path = "/request-a-consultation/"
    answers = [call(app, path, HTTP_ACCEPT_ENCODING="") for _ in range(5)]
    assert [answer.django for answer in answers] == [True, True, False, False, False]
    assert all(answer.code == 200 for answer in answers)
    fast = answers[2:]
    tokens = [form_tokens(Page(answer.body)) for answer in fast]
    assert len({csrf for csrf, _timing in tokens}) == 3
    assert len({timing for _csrf, timing in tokens}) == 3
    cookie = settings.CSRF_COOKIE_NAME
    assert all(answer.headers["Set-Cookie"].strip().startswith(cookie + "=") for answer in fast)
    assert b"@@pagecache" not in fast[0].body
    # The same page as Django's hit but for the tokens; the same headers
    # but for the cookie.
    django_hit = answers[1]
    assert strip_tokens(fast[0]) == strip_tokens(django_hit)
    same = {name for name in django_hit.headers if name not in ("Set-Cookie", "Content-Length")}
    assert {name: fast[0].headers[name] for name in same} == {
        name: django_hit.headers[name] for name in same
    }
    assert "no-store" in fast[0].headers["Cache-Control"]
    # gzip: its own shape, learned from Django, the tokens fresh too.
    zipped = [call(app, path) for _ in range(3)]
    assert zipped[2].django is False and zipped[2].headers["Content-Encoding"] == "gzip"
    unzipped = gzip.decompress(zipped[2].body)
    assert form_tokens(Page(unzipped))[0] not in {csrf for csrf, _timing in tokens}

    # A visitor who already has a CSRF cookie keeps it: the token is for it.
    visitor = Client(enforce_csrf_checks=True)
    secret = fast[0].headers["Set-Cookie"].strip().split(";")[0].split("=", 1)[1]
    returning = call(app, path, HTTP_ACCEPT_ENCODING="", HTTP_COOKIE=f"{cookie}={secret}")
    assert returning.django is False
    visitor.cookies[cookie] = secret
    stored = ConsultationSubmission.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        posted = visitor.post(path, fill_in(Page(returning.body)))
    assert posted.status_code == 303, posted.content[:300]
    assert ConsultationSubmission.objects.count() == stored + 1
    # A token from another visitor's page does not pass with this cookie.
    stranger = Client(enforce_csrf_checks=True)
    stranger.cookies[cookie] = secret
    assert stranger.post(path, fill_in(Page(fast[1].body))).status_code == 403
    assert ConsultationSubmission.objects.count() == stored + 1


class Page:
    """A page's bytes where the form helpers expect a response."""

    def __init__(self, content):
        self.content = content


def strip_tokens(answer):
    csrf, timing = form_tokens(Page(answer.body))
    return answer.body.replace(csrf.encode(), b"").replace(timing.encode(), b"")


def test_a_value_only_django_can_make_keeps_the_page_with_django(app):
    """A copy with a placeholder whose value needs the database (a booking
    day's free times) is never answered before Django."""
    entry = {
        "id": "x",
        "fresh": True,
        "gzip_parts": [(b"<p>", b""), (("booking-day", "1"), None), (b"</p>", b"")],
    }
    app.learn(("shape",), ("key", entry), "200 OK", [("Content-Type", "text/html")])
    assert app.known == {}
    entry["gzip_parts"][1] = (("csrf", ""), None)
    app.learn(("shape",), ("key", entry), "200 OK", [("Set-Cookie", " csrftoken=x; Path=/")])
    assert list(app.known) == [("shape",)]
    # Any other cookie: an answer for one visitor.
    app.known.clear()
    app.learn(("shape",), ("key", entry), "200 OK", [("Set-Cookie", " other=x; Path=/")])
    assert app.known == {}


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
