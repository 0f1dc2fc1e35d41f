"""Visitors choose query strings; they must not choose what the cache keeps.
A page is stored with a query parameter only when its page type declares it
and the page accepted the value (a page number that exists, a live clinic)."""

import random
import re
import string

import pytest
from django.core.cache import cache

from pagecache import tags as cache_tags

pytestmark = pytest.mark.django_db

PAGES = ["/", "/about/", "/blog/", "/locations/portland/", "/request-a-consultation/"]


@pytest.fixture
def written(monkeypatch):
    """Keys the page cache writes from now on."""
    keys = []
    for name in ("set", "add", "set_many"):
        real = getattr(cache, name)

        def spy(key, *args, _real=real, **kwargs):
            keys.extend(key if isinstance(key, dict) else [key])
            return _real(key, *args, **kwargs)

        monkeypatch.setattr(cache, name, spy)
    return keys


def random_value():
    """A value no page accepts: never a page number that may exist ("1" is
    as random as any, and rightly stored) nor a clinic's slug."""
    alphabet = string.ascii_letters + string.digits + "-_"
    while True:
        value = "".join(random.choices(alphabet, k=random.randint(1, 40)))  # noqa: S311
        might_exist = value.isdigit() and not value.startswith("0") and int(value) <= 1000
        if not might_exist and value not in ("portland", "hood-river"):
            return value


def test_random_values_add_no_cache_entries(client, demo_site, written):
    for url in PAGES:
        for _ in range(2):
            assert client.get(url).status_code == 200  # stored, with its fragments
    written.clear()
    statuses = set()
    # 80 values: each page type meets both parameters eight times over; the
    # decision is the same for every unaccepted value, so more only costs time.
    for n in range(80):
        url = PAGES[n % len(PAGES)]
        name = "location" if n % 2 else "page"
        response = client.get(url, {name: random_value()})
        statuses.add(response.status_code)
        assert response.get("X-Cache") != "HIT", url
        if url == "/request-a-consultation/" and response.status_code == 200:
            # An unknown clinic preselects nothing.
            form = response.content.decode().split("<form", 1)[1]
            assert re.findall(r'value="([^"]*)" selected', form) == [""]
    assert statuses <= {200, 404}
    assert [key for key in written if key.startswith(cache_tags.KEY_PREFIX)] == []


def test_accepted_values_are_cached_and_others_are_not(client, demo_site):
    def hits(url, times=3):
        return [client.get(url).get("X-Cache") for _ in range(times)]

    assert hits("/request-a-consultation/?location=portland") == ["MISS", "HIT", "HIT"]
    page = client.get("/request-a-consultation/?location=portland").content.decode()
    assert 'value="portland" selected' in page
    assert hits("/blog/?page=1") == ["MISS", "HIT", "HIT"]
    # The same page spelled otherwise, a clinic that does not exist, a
    # parameter this page type does not declare: rendered, never stored.
    for url in [
        "/blog/?page=01",
        "/request-a-consultation/?location=atlantis",
        "/about/?location=portland",
        "/locations/portland/?page=1",
    ]:
        assert hits(url) == [None, None, None], url
    assert client.get("/blog/?page=99").status_code == 404
    # Tracking parameters share the page's entry.
    client.get("/about/")
    assert client.get("/about/?utm_source=newsletter")["X-Cache"] == "HIT"
