"""Queries per uncached page with the demo content: exact, and the same
with 500 more articles.

Every figure starts with the same two: the page's own row (its route, the
page's id and type, is kept by path: pagecache.routes) and the Site
(Wagtail's ``Site.find_for_request``). The clinic, menu and wagtail-seo
settings, footer clinics, the default share image's URL and whether any
page has a privacy setting come from the shared cache as plain data
(pagecache.chrome). Pinned twice: a first render (no fragments kept, as
right after the page changed) and one that finds its fragments (the meta
tags, an article's header, body, credits, topics, tags, JSON-LD and "More
to explore", a list of articles, a clinic's header, photos, map and hours,
the consultation form's fields and introduction) in the cache."""

import contextlib
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from pagecache import tags as cache_tags

pytestmark = pytest.mark.django_db

# page type: (exact queries of a first render, exact queries of a render that
# finds its fragments cached); each starts with the page and the Site (2).
EXPECTED = {
    # With its body fragment, the organisation's image in its structured
    # data. A first render adds the sections: the three newest articles and
    # their card renditions (2), the clinician quote's person (1), the pages
    # its service and band links lead to (2: one per kind of block), less
    # what the body fragment held.
    "HomePage": (8, 3),
    # About: a first render adds its team block's people and the blog index
    # their profiles are under (2).
    "StandardPage": (4, 2),
    "NoticePage": (2, 2),
    "CostsPage": (2, 2),
    # The clinics; a first render adds their hours (2 queries for every
    # clinic, kept as one fragment).
    "LocationIndexPage": (5, 3),
    # A first render adds the clinic list it links back to, the gallery's
    # images and the hours (2).
    "LocationPage": (6, 2),
    # The first step's appointment types with their clinics.
    "BookingPage": (3, 3),
    # Its clinics. A first render adds its questions (1) and the
    # introduction's link to the booking page (a rich-text page link: the
    # page, its specific row and its locale: 3), which its fragments keep.
    "ConsultationPage": (7, 3),
    "BlogIndexPage": (7, 2),
    # A topic's page: the topic.
    "topic": (8, 3),
    # A first render adds the blog index, the byline's people, its topics
    # and tags (2), "More to explore" (its articles and their renditions:
    # 2), all kept as fragments.
    "ArticlePage": (9, 2),
}
# At most this many for a render that finds its fragments.
BUDGET = 3


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_ENABLED = False  # count what a full render costs


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queries_per_page_type(client, demo_site, settings):
    first, cached = {}, {}
    for name, url in page_urls().items():
        client.get(url)  # warm the renditions, settings, menus and content types
        # A first render: no fragments kept (as after a change to what they show).
        settings.PAGE_FRAGMENT_CACHE_ENABLED = False
        first[name] = count(client, url)
        settings.PAGE_FRAGMENT_CACHE_ENABLED = True
        client.get(url)  # keeps its fragments
        cached[name] = count(client, url)
    actual = {name: (first[name], cached[name]) for name in first}
    assert actual == EXPECTED, repr(actual)
    assert all(b <= BUDGET and b <= a for a, b in EXPECTED.values())


def page_urls():
    urls = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        name = type(page).__name__
        urls.setdefault(name, page.url)
        if name == "BlogIndexPage" and "topic" not in urls:
            urls["topic"] = f"{page.url}topic/{page.topics_in_use().first().slug}/"
    return urls


def test_queries_do_not_grow_with_500_more_articles(client, demo_site, settings):
    """500 more articles (each with topics and tags) in the demo's blog:
    every page type costs the same queries, first render or not."""
    from blog.models import ArticlePage, BlogIndexPage, Topic

    urls = page_urls()

    def counts():
        cache.clear()  # nothing kept from before the articles came
        result = {}
        for fragments in (False, True):
            settings.PAGE_FRAGMENT_CACHE_ENABLED = fragments
            for name, url in urls.items():
                client.get(url)  # the route, the chrome and (when on) the fragments
                result[name, fragments] = count(client, url)
        return result

    before = counts()
    blog = BlogIndexPage.objects.get(locale__language_code="en")
    topics = list(Topic.objects.filter(locale__language_code="en"))
    template = ArticlePage.objects.filter(locale__language_code="en").first()
    for n in range(500):
        article = ArticlePage(
            title=f"More article {n}",
            slug=f"more-article-{n}",
            summary="More words.",
            date=template.date,
            body=[("paragraph", "<p>Words.</p>")],
            author_id=template.author_id,
            medical_reviewer_id=template.medical_reviewer_id,
            last_reviewed=template.last_reviewed,
            next_review_due=template.next_review_due,
            hero_image_id=template.hero_image_id,
        )
        blog.add_child(instance=article)
        article.topics.set(topics[: 1 + n % len(topics)])
        article.tags.add("more", f"more-{n % 7}")
        article.save()
    assert ArticlePage.objects.live().count() > 500
    assert counts() == before


def test_more_menu_links_cost_no_more_queries(client, demo_site):
    """Many more header and footer links to pages: a page rendered right after
    the menus changed (the chrome rebuilt) costs the same queries, and the
    links are all there."""
    from core.models import NavigationSettings

    def cold(url):
        cache_tags.purge(cache_tags.CHROME)
        return count(client, url)

    client.get("/privacy/")
    before = cold("/privacy/")
    pages = list(
        Page.objects.live().filter(depth__gt=2, locale__language_code="en").order_by("path")
    )
    assert len(pages) >= 8
    nav = NavigationSettings.for_site(demo_site)
    for page in pages:
        nav.header_links.append(("link", {"page": page, "url": "", "label": f"Menu {page.pk}"}))
        nav.footer_links.append(("link", {"page": page, "url": "", "label": f"Foot {page.pk}"}))
    nav.save()
    # The standard page (its row and the Site; its route stays kept: menus
    # do not move pages) and the chrome rebuilt (the settings rows,
    # wagtail-seo's included, the site text in the page's language, the
    # menus' and the header button's pages, the footer's clinics and notice
    # pages, privacy, and the page's translations for the language
    # switcher, kept under the chrome's tag as every URL is). Links to pages
    # of the other language are left out of the menus, and cost nothing
    # more.
    assert before == 17
    assert cold("/privacy/") == before
    html = client.get("/privacy/").content.decode()
    for page in pages:
        assert f"Menu {page.pk}" in html and f"Foot {page.pk}" in html

    # Links to Spanish pages lead, on the English site, to their English
    # originals: one query for all of them.
    spanish = list(Page.objects.live().filter(depth__gt=2, locale__language_code="es"))
    assert len(spanish) >= 5
    for page in spanish:
        nav.header_links.append(("link", {"page": page, "url": "", "label": ""}))
    nav.save()
    assert cold("/privacy/") == before + 1
    html = client.get("/privacy/").content.decode()
    assert "/es/" not in " ".join(
        a["href"] for a in BeautifulSoup(html, "html.parser").select(".site-nav a")
    )


def test_redis_down_costs_the_same_queries(client, demo_site, request):
    """With the shared cache down, each process keeps what it computed for a
    few seconds (pagecache.tags.outage_get_or_build): after the first render,
    every page type costs what it costs with Redis up, and a change made in
    this process shows at once."""
    urls = page_urls()
    up = {}
    for name, url in urls.items():
        client.get(url)
        up[name] = count(client, url)
    request.getfixturevalue("cache_down")  # from here on
    down = {}
    for name, url in urls.items():
        client.get(url)
        down[name] = count(client, url)
    assert down == up
    assert max(down.values()) <= BUDGET

    about = Page.objects.get(slug="about", locale__language_code="en").specific
    about.title = "About us, while Redis is down"
    about.save_revision().publish()
    assert "About us, while Redis is down" in client.get(about.url).content.decode()


# Round trips to the shared cache of a render that finds its fragments: the
# kept route with its tag's version, the languages' version, the versions of
# everything the page shows (read once, before the render: pagecache.tags.
# request_scope), and at most a couple of Wagtail's own (its site root paths,
# a picture's renditions).
ROUND_TRIPS = 6


def test_shared_cache_round_trips_per_page_type(client, demo_site):
    from django.core.cache import caches

    backend = caches["default"]  # this thread's: the one the test client's requests use
    calls = []

    def counting(name):
        real = getattr(backend, name)

        def counted(*args, **kwargs):
            calls.append((name, args[:1]))
            return real(*args, **kwargs)

        return counted

    methods = ("get", "get_many", "set", "set_many", "add")
    counts = {}
    for name, url in page_urls().items():
        client.get(url)
        client.get(url)  # route, chrome and fragments kept
        calls.clear()
        with contextlib.ExitStack() as stack:
            for method in methods:
                stack.enter_context(mock.patch.object(backend, method, counting(method)))
            assert client.get(url).status_code == 200
        counts[name] = len(calls)
    assert all(n <= ROUND_TRIPS for n in counts.values()), counts
