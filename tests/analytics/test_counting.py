"""Counting views: the beacon's endpoint, what it stores and what it refuses."""

import pytest
from django.core.cache import cache
from django.db import OperationalError

from analytics.models import DailySalt, Hit
from tests.factories.home import StandardPageFactory

from .conftest import ADDRESS, BROWSER, beacon

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, title="About us", slug="about")


def test_a_page_carries_the_beacon_and_sets_no_cookie(visitor, about, settings):
    """Served from the app and from the page cache alike: the script is in the
    page (so a cached or CDN copy counts too), from this site, and no cookie."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    for expected in ("MISS", "HIT"):
        response = visitor.get("/about/")
        assert response.status_code == 200
        assert response["X-Cache"] == expected
        html = response.content.decode()
        assert f'data-page="{about.pk}"' in html
        assert 'src="/static/analytics/visit.js"' in html
        assert 'data-endpoint="/_/visit"' in html
        assert not response.cookies


def test_a_view_from_a_campaign_is_counted_without_address_or_browser(visitor, about):
    response = beacon(
        visitor,
        about,
        "/about/?utm_source=Newsletter&utm_medium=email&utm_campaign=spring",
        referrer="https://www.example.org/some/where?x=1",
    )
    assert response.status_code == 204
    hit = Hit.objects.get()
    assert (hit.page_id, hit.path, hit.language, hit.referrer) == (
        about.pk,
        "/about/",
        "en",
        "example.org",
    )
    assert (hit.source, hit.medium, hit.campaign, hit.entry) == (
        "newsletter",
        "email",
        "spring",
        True,
    )
    # The database and the cache hold neither the address nor the browser.
    stored = [str(value) for value in Hit.objects.values_list() for value in value]
    stored += [str(value) for row in DailySalt.objects.values_list() for value in row]
    for needle in (ADDRESS, BROWSER, "TestBrowser"):
        assert not any(needle in value for value in stored)
    if hasattr(cache.inner, "delete_pattern"):  # Redis: every key and value of this run
        redis = cache.inner.client.get_client()
        for key in redis.keys(f"{cache.inner.key_prefix}:*"):
            assert ADDRESS.encode() not in key and b"TestBrowser" not in key
            value = redis.get(key) or b""
            assert ADDRESS.encode() not in value and b"TestBrowser" not in value


def test_internal_navigation_is_not_a_new_visit_and_spanish_is_spanish(visitor, about):
    beacon(visitor, about, "/es/about/", referrer="http://testserver/es/")
    hit = Hit.objects.get()
    assert (hit.language, hit.entry, hit.referrer) == ("es", False, "")


GARBAGE = [
    {},
    {"p": "abc", "l": "/about/"},
    {"p": "-1", "l": "/about/"},
    {"p": "1", "l": "https://elsewhere.example/"},
    {"p": "1", "l": "//elsewhere.example/"},
    {"p": "1", "l": "/" + "a" * 3000},
    {"p": "1" * 30, "l": "/about/"},
    {"p": "١٢", "l": "/about/"},
]


def test_a_garbage_beacon_gets_a_400_and_stores_nothing(visitor):
    for data in GARBAGE:
        assert visitor.post("/_/visit", data).status_code == 400, data
    assert not Hit.objects.exists()


def test_only_a_post_is_counted(visitor):
    assert visitor.get("/_/visit").status_code == 405
    assert visitor.post("/_/visit", "x" * 5000, content_type="text/plain").status_code == 400
    assert not Hit.objects.exists()


LEFT_OUT = {
    "do not track": {"HTTP_DNT": "1"},
    "global privacy control": {"HTTP_SEC_GPC": "1"},
    "a robot": {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1)"},
    "a headless browser": {"HTTP_USER_AGENT": "Mozilla/5.0 HeadlessChrome/140.0"},
    "no user agent": {"HTTP_USER_AGENT": ""},
    "another site's page": {"HTTP_SEC_FETCH_SITE": "cross-site"},
}


def test_what_is_left_out(visitor, about):
    for reason, headers in LEFT_OUT.items():
        assert beacon(visitor, about, "/about/", **headers).status_code == 204, reason
    assert not Hit.objects.exists()


def test_one_address_adds_a_bounded_number_of_hits_a_day(visitor, about, settings):
    settings.ANALYTICS_MAX_HITS_PER_ADDRESS = 3
    codes = [beacon(visitor, about, "/about/").status_code for _ in range(5)]
    assert codes == [204, 204, 204, 429, 429]
    assert Hit.objects.count() == 3


def test_database_down_the_beacon_still_answers_quietly(visitor, about, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Hit, "save", down)
    assert beacon(visitor, about, "/about/").status_code == 204


def test_redis_down_views_are_still_counted_and_pages_served(visitor, about, settings):
    """The per-address limit lives in the cache: without it the view is
    counted all the same (the roll-up's cap per visitor still holds)."""
    from tests.core.test_cache_failure import use_cache
    from tests.servers import free_port

    use_cache(settings, f"redis://127.0.0.1:{free_port()}/0")
    assert visitor.get("/about/").status_code == 200
    assert beacon(visitor, about, "/about/").status_code == 204
    assert Hit.objects.count() == 1


def test_the_access_log_names_no_client_beside_a_beacon(visitor, about, caplog):
    """A consultation page's beacon leaves as the page is seen: its log line
    must not tie the client's address to that moment."""
    with caplog.at_level("INFO", logger="core.access"):
        beacon(visitor, about, "/request-a-consultation/")
    lines = [r.getMessage() for r in caplog.records if r.name == "core.access"]
    assert any(line.startswith('- "POST /_/visit ') for line in lines), lines
    assert not any(ADDRESS in line for line in lines)
