"""Routing from the cache (pagecache.routes): a path served before finds its
page with one query, and every change to where paths lead applies at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from blog.models import ArticlePage
from locations.models import LocationPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def full_renders(settings):
    settings.PAGE_CACHE_ENABLED = False  # every request renders: routing is what we watch


def render(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


def test_a_path_served_before_is_routed_from_the_cache(client, demo_site):
    for url, text in [
        ("/locations/portland/", "Portland"),
        ("/blog/how-does-ketamine-help-depression/", "How Does Ketamine Help Depression?"),
        ("/about/", "About us"),
        ("/blog/topic/depression/", "Depression"),  # a routable page's sub-route
        ("/blog/", "Articles"),
    ]:
        first, walked = render(client, url)
        second, cached = render(client, url)
        assert first.status_code == second.status_code == 200, url
        assert text in second.content.decode(), url
        assert cached < walked, url
        # The same page, not just the same status.
        assert second.content.decode().count("<h1") == first.content.decode().count("<h1")


def test_publishing_a_new_slug_moves_the_page_at_once(client, demo_site, committed):
    url = "/locations/portland/"
    render(client, url)
    render(client, url)
    portland = LocationPage.objects.get(slug="portland")
    portland.slug = "portland-pearl"
    with committed():
        portland.save_revision().publish()
    response = client.get(url)  # Wagtail's automatic redirect, not the old route
    assert response.status_code == 301
    assert response["Location"] == "/locations/portland-pearl/"
    assert client.get("/locations/portland-pearl/").status_code == 200


def test_unpublished_moved_and_deleted_pages(client, demo_site, committed):
    article_url = "/blog/how-does-ketamine-help-depression/"
    client.get(article_url)
    article = ArticlePage.objects.get(slug="how-does-ketamine-help-depression")
    with committed():
        article.unpublish()
    assert client.get(article_url).status_code == 404
    with committed():
        article.save_revision().publish()
    assert client.get(article_url).status_code == 200

    client.get("/about/")
    about = Page.objects.get(url_path="/home/about/")
    with committed():
        about.move(Page.objects.get(url_path="/home/privacy/"), pos="last-child")
    response = client.get("/about/")
    assert response.status_code == 301 and response["Location"] == "/privacy/about/"
    assert client.get("/privacy/about/").status_code == 200
    with committed():
        Page.objects.get(url_path="/home/privacy/about/").delete()
    assert client.get("/privacy/about/").status_code == 404


def test_a_change_made_behind_wagtails_back_is_not_served(client, demo_site):
    """No signal, no purge: the recorded route is checked and not trusted."""
    url = "/locations/hood-river/"
    client.get(url)
    assert client.get(url).status_code == 200
    LocationPage.objects.filter(slug="hood-river").update(live=False)
    assert client.get(url).status_code == 404
    LocationPage.objects.filter(slug="hood-river").update(live=True)
    assert client.get(url).status_code == 200
    Page.objects.filter(slug="hood-river").update(url_path="/home/locations/elsewhere/")
    response = client.get(url)
    assert response.status_code in (200, 404)  # whatever Wagtail's own routing says
    if response.status_code == 200:
        assert "Hood River" in response.content.decode()
