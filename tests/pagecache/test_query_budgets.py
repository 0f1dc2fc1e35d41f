"""Queries per uncached page with the demo content: exact, and within the
project's budgets (home/article/blog index/topic <= 12, the others <= 10).
Settings, menus, footer clinics, the request's Site and whether any page
has a privacy setting come from the shared cache (pagecache.chrome), and a
path served before is routed from it (pagecache.routes): the page's own row
is its only routing query. Walking the tree the first time costs more; the
route table is emptied by any page change (tests/pagecache/test_routes.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

pytestmark = pytest.mark.django_db

# page type: (exact queries, budget)
EXPECTED = {
    "HomePage": (2, 12),
    "StandardPage": (1, 10),
    "LocationIndexPage": (4, 10),
    "LocationPage": (4, 10),
    "ConsultationPage": (2, 10),
    "BlogIndexPage": (6, 12),
    "ArticlePage": (7, 12),
}


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = False  # count what a full render costs


def test_queries_per_page_type(client, demo_site):
    counts = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        name = type(page).__name__
        if name in counts:
            continue
        client.get(page.url)  # warm the caches (renditions, settings, menus)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page.url).status_code == 200
        counts[name] = len(ctx.captured_queries)
        if name == "BlogIndexPage":
            topic = page.topics_in_use().first()
            url = f"{page.url}topic/{topic.slug}/"
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts["topic"] = len(ctx.captured_queries)
    assert counts.pop("topic") <= 12
    assert counts == {name: exact for name, (exact, _) in EXPECTED.items()}
    assert all(exact <= budget for exact, budget in EXPECTED.values())
