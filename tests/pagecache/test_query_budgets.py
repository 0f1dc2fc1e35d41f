"""Queries per uncached page with the demo content: exact, and within the
project's budgets (home/article/blog index/topic <= 12, the others <= 10).
Settings, menus, footer clinics, the request's Site and whether any page
has a privacy setting come from the shared cache (pagecache.chrome), and a
path served before is routed from it (pagecache.routes): its page comes with
what the page type keeps (related rows, a clinic's hours, an article's
people and topics, image renditions), checked by one small query against
the page's row. Walking the tree the first time costs more; the route table
is emptied by any page, image, document or snippet change
(tests/pagecache/test_routes.py). Both are pinned: a first render, and one
that finds its route and its fragments (an article's body and "More To
Explore", a list of articles, the consultation form's fields) in the
cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from pagecache import tags as cache_tags

pytestmark = pytest.mark.django_db

# page type: (exact queries of a first render, exact queries of a render that
# finds its route and fragments cached, budget)
EXPECTED = {
    "HomePage": (3, 1, 12),
    "StandardPage": (3, 1, 10),
    "LocationIndexPage": (6, 1, 10),
    "LocationPage": (7, 1, 10),
    "ConsultationPage": (4, 1, 10),
    "BlogIndexPage": (8, 1, 12),
    "ArticlePage": (10, 1, 12),
    "topic": (9, 1, 12),
}


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_ENABLED = False  # count what a full render costs


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queries_per_page_type(client, demo_site, settings):
    urls = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        name = type(page).__name__
        urls.setdefault(name, page.url)
        if name == "BlogIndexPage":
            urls["topic"] = f"{page.url}topic/{page.topics_in_use().first().slug}/"
    first, cached = {}, {}
    for name, url in urls.items():
        cache_tags.purge(cache_tags.ROUTES)
        client.get(url)  # warm the renditions, settings, menus and content types
        # A first render: the route table emptied (as any page change does),
        # no fragments kept (as after a change to what they show).
        settings.PAGE_FRAGMENT_CACHE_ENABLED = False
        cache_tags.purge(cache_tags.ROUTES)
        first[name] = count(client, url)
        settings.PAGE_FRAGMENT_CACHE_ENABLED = True
        client.get(url)  # keeps its fragments
        cached[name] = count(client, url)
    assert first == {name: exact for name, (exact, _, _) in EXPECTED.items()}
    assert cached == {name: exact for name, (_, exact, _) in EXPECTED.items()}
    assert all(a <= budget and b <= a for a, b, budget in EXPECTED.values())


def test_more_menu_links_cost_no_more_queries(client, demo_site):
    """Many more header and footer links to pages: a page rendered right after
    the menus changed (the chrome rebuilt) costs the same queries, and the
    links are all there."""
    from home.models import NavigationSettings

    def cold(url):
        cache_tags.purge(cache_tags.CHROME, cache_tags.ROUTES)
        return count(client, url)

    client.get("/about/")
    before = cold("/about/")
    pages = list(Page.objects.live().filter(depth__gt=2).order_by("path"))
    assert len(pages) >= 8
    nav = NavigationSettings.for_site(demo_site)
    for page in pages:
        nav.header_links.append(("link", {"page": page, "url": "", "label": f"Menu {page.pk}"}))
        nav.footer_links.append(("link", {"page": page, "url": "", "label": f"Foot {page.pk}"}))
    nav.save()
    # The standard page (3) and the chrome rebuilt (10: the Site, settings,
    # menus and the pages they link to, the footer's clinics, privacy).
    assert before == 13
    assert cold("/about/") == before
    html = client.get("/about/").content.decode()
    for page in pages:
        assert f"Menu {page.pk}" in html and f"Foot {page.pk}" in html
