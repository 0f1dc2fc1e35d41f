"""Routing from the cache (pagecache.routes): a path served before finds its
page with one query, and every change to where paths lead applies at once."""

import datetime

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


# --- What the route table keeps with a page ----------------------------------
# A path served before comes with its page's related rows, a clinic's hours,
# an article's people and topics and the images' renditions: every change to
# one of them shows on the next render.


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_article_kept_with_its_people_and_topics_follows_their_changes(
    client, demo_site, committed
):
    from blog.models import Topic

    url = "/blog/how-does-ketamine-help-depression/"
    article = ArticlePage.objects.get(url_path="/home" + url)
    text(client, url)
    first, queries = render(client, url)
    assert queries == 1  # the kept page, checked against its row
    assert article.author.name in first.content.decode()

    author = article.author
    author.name = "Jordan Renamed"
    with committed():
        author.save()  # a snippet: no page is published
    assert "Jordan Renamed" in text(client, url)

    topic = article.topics.first()
    topic.name = "Mood Disorders"
    with committed():
        topic.save()
    html = text(client, url)
    assert "Mood Disorders" in html
    topic_page = text(client, f"/blog/topic/{topic.slug}/")
    assert "<h1>Mood Disorders</h1>" in topic_page
    assert Topic.objects.filter(name="Mood Disorders").count() == 1


def test_a_clinic_kept_with_its_hours_follows_a_publish(client, demo_site, committed):
    from locations.models import OpeningHours

    url = "/locations/portland/"
    text(client, url)
    assert render(client, url)[1] == 1
    portland = LocationPage.objects.get(slug="portland")
    portland.opening_hours = [
        OpeningHours(weekday=6, opens=datetime.time(7, 15), closes=datetime.time(8, 45))
    ]
    with committed():
        portland.save_revision().publish()
    html = text(client, url)
    assert "7:15" in html and "8:45" in html
    # The index lists the same clinic with its new hours.
    assert "7:15" in text(client, "/locations/")


def test_kept_renditions_deleted_are_made_again(client, demo_site, committed):
    from bs4 import BeautifulSoup
    from wagtail.images import get_image_model

    url = "/locations/portland/"
    text(client, url)
    image = LocationPage.objects.get(slug="portland").image
    Rendition = get_image_model().get_rendition_model()
    with committed():
        Rendition.objects.filter(image=image).delete()
    html = text(client, url)
    sources = [img["src"] for img in BeautifulSoup(html, "html.parser").select("main img[src]")]
    assert sources
    stored = {r.url for r in Rendition.objects.filter(image=image)}
    assert set(sources) & stored  # the page shows renditions that exist again


def test_a_draft_is_not_shown_and_a_lock_changes_nothing(client, demo_site, committed):
    url = "/about/"
    text(client, url)
    about = Page.objects.get(url_path="/home/about/").specific
    about.title = "Draft title nobody sees"
    with committed():
        about.save_revision()  # a draft: the live page stays
    assert "Draft title nobody sees" not in text(client, url)
    with committed():
        about.save_revision().publish()
    assert "Draft title nobody sees" in text(client, url)
