"""Routing by path from the cache (pagecache.routes): one query for the page
instead of a walk down the tree, and never a path that leads somewhere it no
longer leads after a publish, unpublish, rename, move or delete."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def full_renders(settings):
    settings.PAGE_CACHE_ENABLED = False  # every request routed and rendered


def page_queries(client, url):
    """(status, the queries that read a page row)."""
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    rows = [q["sql"] for q in ctx.captured_queries if '"wagtailcore_page"' in q["sql"]]
    return status, rows


def test_a_known_path_costs_one_query_for_its_page(client, demo_site):
    url = "/locations/portland/"
    assert client.get(url).status_code == 200  # routed by Wagtail, then remembered
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert not any('"wagtailcore_site"' in q for q in sql)  # the Site from the cache
    assert sum('"locations_locationpage"."page_ptr_id" = ' in q for q in sql) == 1
    # A routable page's sub-path too (a blog topic).
    blog = Page.objects.get(url_path="/home/blog/").specific
    topic_url = f"/blog/topic/{blog.topics_in_use().first().slug}/"
    assert client.get(topic_url).status_code == 200
    assert client.get(topic_url).status_code == 200


def test_unpublishing_a_page_or_a_section_stops_its_path(client, demo_site, committed):
    article = Page.objects.get(url_path="/home/blog/how-does-ketamine-help-depression/")
    url = "/blog/how-does-ketamine-help-depression/"
    client.get(url)
    assert client.get(url).status_code == 200
    with committed():
        article.unpublish()
    assert client.get(url).status_code == 404
    with committed():
        article.specific.save_revision().publish()
    assert client.get(url).status_code == 200


def test_a_renamed_page_and_its_children_move_with_it(client, demo_site, committed):
    index = Page.objects.get(url_path="/home/locations/").specific
    for url in ["/locations/", "/locations/portland/"]:
        client.get(url)
        assert client.get(url).status_code == 200
    index.slug = "clinics"
    with committed():
        index.save_revision().publish()
    # Wagtail's automatic redirect from the old path, never the old route.
    old = client.get("/locations/")
    assert old.status_code == 301 and old["Location"] == "/clinics/"
    assert client.get("/locations/portland/").status_code in (301, 404)
    assert client.get("/clinics/").status_code == 200
    response = client.get("/clinics/portland/")
    assert response.status_code == 200 and "Portland" in response.content.decode()


def test_a_moved_page_leaves_its_old_path(client, demo_site, committed):
    portland = Page.objects.get(url_path="/home/locations/portland/")
    about = Page.objects.get(url_path="/home/about/")
    client.get("/locations/portland/")
    assert client.get("/locations/portland/").status_code == 200
    with committed():
        portland.move(about, pos="last-child")
    old = client.get("/locations/portland/")
    assert old.status_code == 404 or (
        old.status_code == 301 and old["Location"] == "/about/portland/"
    )
    assert client.get("/about/portland/").status_code == 200


def test_a_deleted_page_is_a_404(client, demo_site, committed):
    url = "/notice-of-privacy-practices/"
    client.get(url)
    assert client.get(url).status_code == 200
    with committed():
        Page.objects.get(url_path=f"/home{url}").delete()
    assert client.get(url).status_code == 404


def test_each_language_keeps_its_own_routes(client, demo_site):
    for url in ["/about/", "/es/"]:
        client.get(url)
    english = client.get("/about/")
    assert english.status_code == 200 and 'lang="en"' in english.content.decode()
    spanish = Page.objects.live().filter(locale__language_code="es", depth=3).first()
    client.get(spanish.url)
    response = client.get(spanish.url)
    assert response.status_code == 200 and 'lang="es"' in response.content.decode()


def test_with_the_cache_down_pages_are_routed_by_wagtail(client, demo_site, settings):
    from django.core.cache import cache

    client.get("/about/")
    cache.clear()  # the routes forgotten, as after a restart of the cache
    assert client.get("/about/").status_code == 200
    settings.PAGE_ROUTE_CACHE_ENABLED = False
    assert client.get("/locations/portland/").status_code == 200
