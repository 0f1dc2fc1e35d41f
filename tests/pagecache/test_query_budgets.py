"""Queries per uncached page with the demo content: exact, and within the
project's budgets (home/blog index/topic <= 12, article <= 13, the others
<= 10).

Every uncached render asks Wagtail for the request's Site (one query) and
routes down the page tree as Wagtail does, from the site's home page in the
URL's language (Wagtail's ``root_page.localized``: one query for the active
Locale, the one query the Spanish site adds to each page type but the home
page's, whose render saved another); the clinic and menu settings,
footer clinics, the default share image's URL and whether any page has a
privacy setting come from the shared cache as plain data (pagecache.chrome),
and wagtail-seo's settings are one query. Pinned twice: a first render
(no fragments kept) and one that finds its fragments (an article's body
and "More To Explore", a list of articles, the consultation form's fields)
in the cache."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from pagecache import tags as cache_tags

pytestmark = pytest.mark.django_db

# page type: (exact queries of a first render, exact queries of a render that
# finds its fragments cached, budget)
EXPECTED = {
    # The home page's sections, when its body fragment is not kept: the three
    # newest articles and their card renditions (2), the clinician quote's
    # person (1), the pages its service and band links lead to (2: one per
    # kind of block); the clinic cards come from the chrome cache. A render
    # that finds the body fragment costs what the page did without sections.
    "HomePage": (10, 5, 12),
    # The demo's first standard page is About: 5, and its team block's people
    # and the blog index their profiles are under (2), which the body
    # fragment keeps.
    "StandardPage": (8, 6, 10),
    "LocationIndexPage": (9, 9, 10),
    # A clinic: what the index costs, and its gallery's images (1, however
    # many; their renditions from Wagtail's rendition cache, as the clinic
    # photo's are).
    "LocationPage": (10, 10, 10),
    # The form, and the link to the booking page in the demo's introduction
    # (a rich-text page link: the page, its specific row and its locale: 3).
    "ConsultationPage": (10, 10, 12),
    # The booking page's first step: its appointment types and clinics (never
    # cached: the free times must never be stale).
    "BookingPage": (8, 8, 10),
    # A notice (the demo's first is the Notice of Privacy Practices): what a
    # standard page costs without section blocks; the footer's notice links
    # come from the chrome cache.
    "NoticePage": (6, 6, 10),
    # The costs page: its prices and payment fields are the page's own row,
    # the links to the consultation page and the Good Faith Estimate notice
    # come from the chrome cache; its (empty) section body costs nothing.
    "CostsPage": (6, 6, 10),
    "BlogIndexPage": (11, 6, 12),
    "ArticlePage": (13, 10, 13),
    "topic": (12, 7, 12),
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
        if name == "BlogIndexPage" and "topic" not in urls:
            urls["topic"] = f"{page.url}topic/{page.topics_in_use().first().slug}/"
    first, cached = {}, {}
    for name, url in urls.items():
        client.get(url)  # warm the renditions, settings, menus and content types
        # A first render: no fragments kept (as after a change to what they show).
        settings.PAGE_FRAGMENT_CACHE_ENABLED = False
        first[name] = count(client, url)
        settings.PAGE_FRAGMENT_CACHE_ENABLED = True
        client.get(url)  # keeps its fragments
        cached[name] = count(client, url)
    assert {name: (first[name], cached[name]) for name in first} == {
        name: (a, b) for name, (a, b, _) in EXPECTED.items()
    }
    assert all(a <= budget and b <= a for a, b, budget in EXPECTED.values())


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
    # The standard page (6, with the active Locale) and the chrome rebuilt
    # (15: the settings rows, the site text in the page's language, the
    # menus' and the header button's pages, the footer's clinics and notice
    # pages, privacy, the header logo's rendition (the demo's brand), and
    # the page's translations for the language switcher, kept under the
    # chrome's tag as every URL is). Links to pages of the other language
    # are left out of the menus, and cost nothing more.
    assert before == 21
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
