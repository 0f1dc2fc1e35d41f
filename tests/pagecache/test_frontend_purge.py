"""A CDN or caching proxy in front (WAGTAILFRONTENDCACHE, Wagtail's HTTP
backend as for Varnish): a change sends it PURGE requests for exactly the
pages it affects, once, after the change is committed."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from wagtail.models import Page

from blog.models import ArticlePage
from core.models import SiteSettings

pytestmark = pytest.mark.django_db


class PurgeListener(BaseHTTPRequestHandler):
    received = None  # set per server

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.server.received.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeListener)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield server.received
    server.shutdown()
    server.server_close()


def paths(received):
    return sorted(path for _host, path in received)


def test_publishing_purges_the_page_and_its_listing_after_the_commit(
    demo_site, cdn, django_capture_on_commit_callbacks
):
    article = ArticlePage.objects.live().first()
    index = article.get_parent()
    article.title = "A brand new title"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.save_revision().publish()
        assert cdn == []  # nothing is purged before the commit
    for callback in callbacks:
        callback()
    purged = paths(cdn)
    assert article.url in purged and index.url in purged
    assert len(purged) == len(set(purged))  # each once
    assert "/about/" not in purged and "/locations/portland/" not in purged
    # The sitemap lists every page with its publishing date: purged too,
    # robots.txt and the icons (the chrome's) not.
    assert "/sitemap.xml" in purged
    assert "/robots.txt" not in purged and "/favicon.ico" not in purged
    assert {host for host, _path in cdn} == {urlsplit(demo_site.root_url).netloc}


def test_site_settings_purge_every_page(demo_site, cdn, django_capture_on_commit_callbacks):
    settings = SiteSettings.for_site(demo_site)
    settings.phone = "(503) 555-0177"
    with django_capture_on_commit_callbacks(execute=True):
        settings.save()
    purged = paths(cdn)
    for url in ["/", "/about/", "/locations/portland/", ArticlePage.objects.live().first().url]:
        assert url in purged, url
    # The icons are made from the logo, a site setting: a proxy keeps them too.
    assert {"/favicon.ico", "/apple-touch-icon.png", "/site.webmanifest"} <= set(purged)
    # robots.txt names the site's address, the sitemap its public pages
    # (settings that make pages private purge the chrome too).
    assert {"/robots.txt", "/sitemap.xml"} <= set(purged)


def test_unpublishing_and_moving_purge_the_sitemap(
    demo_site, cdn, django_capture_on_commit_callbacks
):
    article = ArticlePage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert paths(cdn).count("/sitemap.xml") == 1
    cdn.clear()
    about = Page.objects.get(url_path__endswith="/about/", locale__language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        about.move(article.get_parent(), pos="last-child")
    assert paths(cdn).count("/sitemap.xml") == 1


def test_the_proxy_may_keep_the_sitemap_and_robots_txt(client, demo_site, settings):
    settings.PAGE_CACHE_S_MAXAGE = 300
    for path in ("/sitemap.xml", "/robots.txt"):
        response = client.get(path)
        assert response.status_code == 200
        control = response["Cache-Control"]
        assert "public" in control and "s-maxage=300" in control and "max-age=0" in control


def test_a_purge_is_sent_again_once_no_app_server_can_hold_the_old_page(
    demo_site, cdn, settings, django_capture_on_commit_callbacks
):
    # Production keeps hot pages in each app server's memory for a moment:
    # a proxy refilled from there just after the purge would keep the old
    # page, so every URL is purged again once that memory has expired.
    settings.PAGE_CACHE_LOCAL_SECONDS = 0.05
    article = ArticlePage.objects.live().first()
    article.title = "Another new title"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(cdn) < 2 * len(set(paths(cdn))):
        time.sleep(0.05)
    purged = paths(cdn)
    assert article.url in purged
    assert all(purged.count(path) == 2 for path in purged)
