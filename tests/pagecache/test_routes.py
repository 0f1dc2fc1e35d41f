"""Routes kept by path (pagecache.routes): a page is found without walking
the tree, and every change that moves a URL is seen at once. The page cache
is off here so that each request is routed; what a visitor notices is the
status, the page shown and the queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, PageViewRestriction

from blog.models import ArticlePage, BlogIndexPage
from home.models import StandardPage
from pagecache import routes
from pagecache import tags as cache_tags

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_ENABLED = False


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q["sql"] for q in ctx.captured_queries]


def routing_queries(sqls):
    """Wagtail's walk down the tree: the active Locale, then pages by slug."""
    page_slug = '"wagtailcore_page"."slug" = '
    return [sql for sql in sqls if 'FROM "wagtailcore_locale"' in sql or page_slug in sql]


def test_a_kept_route_walks_no_tree(client, demo_site):
    article = ArticlePage.objects.get(locale__language_code="en", slug__contains="ketamine-help")
    spanish = article.get_translation(Locale.objects.get(language_code="es"))
    for url in ("/about/", article.url, spanish.url, "/blog/topic/depression/", "/es/"):
        first, first_sql = queries(client, url)
        assert first.status_code == 200, url
        assert routing_queries(first_sql), url  # Wagtail routed it
        again, sql = queries(client, url)
        assert again.status_code == 200
        assert routing_queries(sql) == [], url
        assert again.content.decode().count("<h1") == first.content.decode().count("<h1")
    # Each language keeps its own: the Spanish article is in Spanish.
    assert 'lang="es"' in client.get(spanish.url).content.decode()
    assert 'lang="en"' in client.get(article.url).content.decode()


def test_a_new_slug_moves_the_address_at_once(client, demo_site, committed):
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    assert client.get("/about/").status_code == 200
    client.get("/about/")  # served from its kept route
    about.slug = "who-we-are"
    with committed():
        about.save_revision().publish()
    # The old address is Wagtail's redirect to the new one, not the page.
    assert client.get("/about/").status_code in (301, 404)
    response = client.get("/who-we-are/")
    assert response.status_code == 200
    assert "About" in response.content.decode()


def test_unpublished_moved_and_deleted_pages_leave_their_routes(client, demo_site, committed):
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    privacy = StandardPage.objects.get(slug="privacy", locale__language_code="en")
    for url in ("/about/", "/privacy/"):
        client.get(url)
        assert client.get(url).status_code == 200
    with committed():
        about.unpublish()
    assert client.get("/about/").status_code == 404
    with committed():
        about.save_revision().publish()
    assert client.get("/about/").status_code == 200

    with committed():
        privacy.move(about, pos="last-child")
    assert client.get("/privacy/").status_code == 301  # Wagtail's redirect
    assert client.get("/about/privacy/").status_code == 200
    assert client.get("/about/privacy/").status_code == 200
    with committed():
        Page.objects.get(pk=privacy.pk).delete()
    assert client.get("/about/privacy/").status_code == 404


def test_an_unpublish_that_the_cache_missed_is_still_a_404(client, demo_site):
    """Even when the purge did not arrive (its retry still queued), a kept
    route leads to a page that is no longer live: the page routes itself,
    and says 404."""
    client.get("/about/")
    assert client.get("/about/").status_code == 200
    StandardPage.objects.filter(slug="about", locale__language_code="en").update(live=False)
    assert client.get("/about/").status_code == 404


def test_a_private_page_asks_for_a_login_on_a_kept_route(client, demo_site, committed):
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    client.get("/about/")
    assert client.get("/about/").status_code == 200
    with committed():
        PageViewRestriction.objects.create(page=about, restriction_type="login")
    response = client.get("/about/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"] or "login" in response["Location"]


def test_routable_pages_route_their_own_sub_paths(client, demo_site, committed):
    blog = BlogIndexPage.objects.get(locale__language_code="en")
    topic_url = f"{blog.url}topic/depression/"
    assert client.get(topic_url).status_code == 200
    assert client.get(topic_url).status_code == 200
    # A sub-path the blog does not know is a 404 on a kept route too.
    assert client.get(f"{blog.url}topic/no-such-topic/").status_code == 404
    assert client.get(f"{blog.url}topic/no-such-topic/").status_code == 404
    # The consultation form's thank-you page and the booking page's steps.
    assert client.get("/book/").status_code == 200
    assert client.get("/book/").status_code == 200


def test_kept_routes_answer_as_wagtail_does(client, demo_site):
    """Redirects, 404s and pages: the same answer when Wagtail routes the
    request and when its route is kept."""
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    spanish = about.get_translation(Locale.objects.get(language_code="es"))
    spanish_url = spanish.url
    spanish.delete()  # its address now leads nowhere
    urls = [spanish_url, "/about", "/es/about/", "/blog/no-such-article/", "/es/"]
    for url in urls:
        first = client.get(url)
        again = client.get(url)
        assert (again.status_code, again.get("Location")) == (
            first.status_code,
            first.get("Location"),
        ), url


def test_routes_work_with_the_cache_down(client, demo_site, request, committed):
    """Redis down: the first request is routed the long way, then the route
    is kept a few seconds in this process (pagecache.tags.outage_get_or_build);
    a change made here drops it at once."""
    request.getfixturevalue("cache_down")  # from here on
    first, sql = queries(client, "/about/")
    assert first.status_code == 200 and routing_queries(sql)
    again, sql = queries(client, "/about/")
    assert again.status_code == 200 and routing_queries(sql) == []
    assert client.get("/blog/topic/depression/").status_code == 200
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    with committed():
        about.unpublish()
    assert client.get("/about/").status_code == 404


def test_only_plain_data_is_kept(demo_site, client):
    client.get("/about/")
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    entry = cache_tags.cache().get(routes.route_key(demo_site.pk, "en", "about/"))
    assert entry["page"] == about.pk
    assert entry["model"] == "home.standardpage" and entry["rest"] == []
    assert all(isinstance(value, (int, str, list)) for value in entry.values())


def test_a_route_found_while_a_change_commits_is_not_kept(rf, demo_site):
    """A route is kept under the version read before Wagtail routed: a
    purge in between (a publish committing meanwhile) leaves it stale."""
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    request = rf.get("/about/")
    request.page_cache_route_path = "about/"
    request.page_cache_route_kept = False
    request.page_cache_route_version = cache_tags.versions_for_storing([cache_tags.ROUTES])[
        cache_tags.ROUTES
    ]
    cache_tags.purge(cache_tags.ROUTES, frontend=False)  # the other request's publish
    routes.remember(request, about)
    again = rf.get("/about/")
    assert routes.lookup(again, "about/") is None

    # Without a change in between, the same route is kept and found.
    request.page_cache_route_version = cache_tags.versions_for_storing([cache_tags.ROUTES])[
        cache_tags.ROUTES
    ]
    routes.remember(request, about)
    page, _args, _kwargs = routes.lookup(rf.get("/about/"), "about/")
    assert page.pk == about.pk
