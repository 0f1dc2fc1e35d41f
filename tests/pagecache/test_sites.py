"""The page cache keys pages by the Site Wagtail would serve, found without
the database (pagecache.sites), never by the Host header a visitor sends."""

import itertools

import pytest
from django.test import Client, RequestFactory
from wagtail.models import Page, Site

from pagecache import sites
from pagecache import tags as cache_tags

pytestmark = pytest.mark.django_db

HOSTS = ["testserver", "other.example", "third.example", "unknown.example", "OTHER.example"]
PORTS = [80, 443, 8000]


def wagtail_answer(hostname, port):
    request = RequestFactory().get("/", HTTP_HOST=f"{hostname}:{port}", SERVER_PORT=str(port))
    site = Site.find_for_request(request)
    return site.pk if site is not None else None


@pytest.mark.parametrize(
    "layout",
    [
        "default only",
        "default and another host",
        "two ports of one host",
        "two ports, no default",
        "no default",
    ],
)
def test_matching_agrees_with_wagtail(settings, demo_site, layout):
    settings.ALLOWED_HOSTS = ["*"]
    root = demo_site.root_page
    privacy = Page.objects.get(url_path="/home/privacy/")
    if layout != "default only":
        Site.objects.create(hostname="other.example", port=80, root_page=privacy)
    if layout.startswith("two ports"):
        Site.objects.create(hostname="other.example", port=8000, root_page=root)
    if layout in ("no default", "two ports, no default"):
        Site.objects.filter(pk=demo_site.pk).update(is_default_site=False)
    rows = sites.load_table()
    for hostname, port in itertools.product(HOSTS, PORTS):
        assert sites.match(rows, hostname, port) == wagtail_answer(hostname, port), (
            layout,
            hostname,
            port,
        )


def test_host_headers_make_no_cache_keys(client, demo_site, settings, monkeypatch):
    """Any number of Host names that all lead to the default site share one
    cached page; a host that ALLOWED_HOSTS refuses gets Django's 400."""
    from django.core.cache import cache

    settings.ALLOWED_HOSTS = ["*"]
    stored = []
    real_set = cache.set

    def spy(key, value, *args, **kwargs):
        if key.startswith(cache_tags.KEY_PREFIX + "page:"):
            stored.append(key)
        return real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    first = Client(HTTP_HOST="a.example").get("/about/")
    assert first["X-Cache"] == "MISS"
    for n in range(20):
        response = Client(HTTP_HOST=f"host-{n}.example").get("/about/")
        assert response.status_code == 200
        assert response["X-Cache"] == "HIT"
    assert len(stored) == 1

    settings.ALLOWED_HOSTS = ["testserver"]
    assert Client(HTTP_HOST="evil.example").get("/about/").status_code == 400
