"""The cache is an accelerator, never a dependency: with Redis down, hanging
or restarted mid-traffic, every page, the consultation form and the admin
work uncached, a request is stored once, and /healthz names the degraded
cache. Real Redis servers and listeners (tests/servers.py), no mocks."""

import time

import pytest
from django.core import mail
from django.test import Client

from clinic_site.settings.base import cache_settings
from forms_app.models import ConsultationSubmission
from tests.pagecache.test_page_cache import fill_in
from tests.servers import HangingListener, RedisServer, free_port

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/blog/",
    "/blog/how-does-ketamine-help-depression/",
    "/locations/portland/",
    "/request-a-consultation/",
    "/admin/login/",
]


RETRY_AFTER = 5  # seconds: the breaker's window in production


def use_cache(settings, url, retry_after=RETRY_AFTER):
    caches = cache_settings(url, key_prefix="failure-test", location="failure-test")
    caches["default"]["OPTIONS"]["RETRY_AFTER"] = retry_after
    settings.CACHES = caches


@pytest.fixture
def site_with_page_cache(demo_site, settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    settings.CONSULTATION_MIN_SECONDS = 0
    return demo_site


def visit_everything(client):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Cache" not in response or response["X-Cache"] == "MISS", url


def send_request(django_capture_on_commit_callbacks):
    visitor = Client()
    page = visitor.get("/request-a-consultation/")
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post("/request-a-consultation/", fill_in(page))
    assert response.status_code == 303, response.content[:300]
    thanks = visitor.get(response["Location"])
    assert thanks.status_code == 200
    assert "your request was sent" in thanks.content.decode()


def sign_in(admin_user):
    staff = Client()
    response = staff.post(
        "/admin/login/", {"username": admin_user.username, "password": "password"}
    )
    assert response.status_code == 302
    assert staff.get("/admin/").status_code == 200


@pytest.mark.parametrize("state", ["down", "hanging"])
def test_pages_form_and_admin_work_without_the_cache(
    site_with_page_cache, settings, client, admin_user, django_capture_on_commit_callbacks, state
):
    with HangingListener() as listener:
        port = listener.port if state == "hanging" else free_port()
        use_cache(settings, f"redis://127.0.0.1:{port}/0")
        started = time.monotonic()
        visit_everything(client)
        visit_everything(client)  # nothing was stored: served uncached again
        send_request(django_capture_on_commit_callbacks)
        sign_in(admin_user)
        health = client.get("/healthz")
        elapsed = time.monotonic() - started
        if state == "hanging":
            # The breaker: one try (at most two connections) per 5 s window,
            # not one socket timeout per cache call (a page makes dozens).
            # Counted per window, so a slow machine's longer run allows
            # its extra windows and nothing depends on the machine's speed.
            windows = 1 + int(elapsed // RETRY_AFTER)
            assert len(listener.accepted) <= 2 * windows, (len(listener.accepted), elapsed)
    assert health.status_code == 200
    assert health.content == b"degraded: cache unavailable\n"
    assert ConsultationSubmission.objects.count() == 1
    assert len(mail.outbox) == 2


def test_a_redis_restarted_mid_traffic(site_with_page_cache, settings, client):
    with RedisServer() as redis:
        use_cache(settings, redis.url, retry_after=0.2)
        client.get("/about/")
        assert client.get("/about/")["X-Cache"] == "HIT"
        redis.stop()
        for url in ["/about/", "/blog/", "/request-a-consultation/"]:
            assert client.get(url).status_code == 200
        redis.start()  # empty, as a restart leaves it
        time.sleep(0.3)  # the breaker tries again
        assert client.get("/about/")["X-Cache"] == "MISS"
        assert client.get("/about/")["X-Cache"] == "HIT"


@pytest.mark.django_db(transaction=True)  # the worker commits, as in production
def test_a_purge_that_cannot_reach_a_hanging_redis_is_delivered_later(
    site_with_page_cache, settings, client, monkeypatch
):
    """A Redis that hangs keeps its entries: a page published meanwhile must
    not be served as it was before once Redis answers again. The purge goes
    to the worker's queue (PostgreSQL) and is repeated until it lands."""
    from django.core.management import call_command

    from home.models import StandardPage
    from pagecache import tags as cache_tags

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "worker": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    }
    monkeypatch.setattr(cache_tags, "RETRY_PURGE_SECONDS", 0)
    with RedisServer() as redis:
        use_cache(settings, redis.url, retry_after=0.2)
        client.get("/about/")
        assert client.get("/about/")["X-Cache"] == "HIT"
        about = StandardPage.objects.get(url_path="/home/about/")
        about.title = "About the clinic, revised"
        redis.pause(1500)
        about.save_revision().publish()
        time.sleep(1.6)  # Redis answers again, with the old page still in it
        call_command("db_worker", "--backend=worker", "--batch", "--no-startup-delay", verbosity=0)
        response = client.get("/about/")
        assert "About the clinic, revised" in response.content.decode()


def test_clearing_the_cache_empties_every_key_version_and_only_this_sites_keys(settings):
    """Wagtail keeps its site root paths under key version 2: a clear that
    left them would serve URLs of Sites that no longer exist."""
    from django.core.cache import caches

    with RedisServer() as redis:
        settings.CACHES = {
            **cache_settings(redis.url, key_prefix="site-a*", location="a"),
            "other": cache_settings(redis.url, key_prefix="site-b", location="b")["default"],
        }
        ours, theirs = caches["default"], caches["other"]
        ours.set("page", "1")
        ours.set("wagtail_site_root_paths", ["old"], version=2)
        theirs.set("page", "theirs")
        ours.clear()
        assert ours.get("page") is None
        assert ours.get("wagtail_site_root_paths", version=2) is None
        assert theirs.get("page") == "theirs"
