import xml.etree.ElementTree as ET

import pytest

from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_lists_live_pages_only(client, demo_site):
    home = demo_site.root_page.specific
    draft = StandardPageFactory(parent=home, title="Draft page", slug="draft-page", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = [el.text for el in ET.fromstring(response.content).findall(".//sm:loc", SITEMAP_NS)]
    assert "http://localhost/" in locations
    assert "http://localhost/about/" in locations
    assert "http://localhost/privacy/" in locations
    assert not any(draft.slug in loc for loc in locations)


def test_robots_txt_points_at_sitemap(client, demo_site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_meta_tags_from_wagtail_seo(client, demo_site):
    html = client.get("/about/").content.decode()
    assert '<link rel="canonical" href="http://localhost/about/">' in html
    assert '<meta name="description" content="Who we are' in html
    assert '<meta property="og:title"' in html
    assert '<meta name="twitter:card"' in html


def test_search_finds_a_page_by_a_word_in_its_body(client, home_page):
    StandardPageFactory(
        parent=home_page,
        title="Parking",
        slug="parking",
        body=[("paragraph", "<p>Free bicycle racks beside the zanzibarian entrance.</p>")],
    )
    StandardPageFactory(parent=home_page, title="Unrelated", slug="unrelated")
    response = client.get("/search/", {"q": "zanzibarian"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, follow">' in html
    assert 'href="/parking/">Parking</a>' in html
    assert "Unrelated" not in html
    assert "1 result for" in html


def test_search_excludes_drafts(client, home_page):
    StandardPageFactory(
        parent=home_page,
        title="Secret draft",
        live=False,
        body=[("paragraph", "<p>quokkaword</p>")],
    )
    html = client.get("/search/", {"q": "quokkaword"}).content.decode()
    assert "Secret draft" not in html
    assert "0 results for" in html


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "<script>alert(1)</script>",
        "\x00\x01 null bytes",
        "'; DROP TABLE wagtailcore_page; --",
        "🙂 عربى \u202e reversed",
        "a & b | !c :* (",
        "%",
    ],
)
def test_search_with_odd_input_never_fails_and_escapes(client, demo_site, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "x" * 201 not in html


@pytest.mark.parametrize("page_number", ["abc", "9999", "-1", "0"])
def test_search_pagination_bad_page_numbers(client, demo_site, page_number):
    response = client.get("/search/", {"q": "depression", "page": page_number})
    assert response.status_code == 200


def test_unknown_url_is_a_404_in_the_site_chrome(client, demo_site):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html
    assert "Rainfall Medicine" in html  # the chrome, from the settings
    assert '<meta name="robots" content="noindex">' in html


def test_500_page_uses_the_chrome_and_survives_a_broken_database(rf, demo_site, monkeypatch):
    from core import views

    request = rf.get("/")
    response = views.server_error(request)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "Rainfall Medicine" in response.content.decode()

    def broken(*args, **kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(views, "render_to_string", _fail_first(views.render_to_string))
    response = views.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "988" in html


def _fail_first(real):
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("database is down")
        return real(*args, **kwargs)

    return wrapper


def test_home_page_structured_data_describes_the_clinic(client, demo_site):
    import json
    import re

    from core.models import SiteSettings

    settings = SiteSettings.for_site(demo_site)
    settings.phone = "(541) 555-0123"
    settings.social_links = [
        ("link", {"page": None, "url": "https://social.example/rainfall", "label": "Social"})
    ]
    settings.save()
    html = client.get("/").content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = [json.loads(b) for b in blocks]
    flat = [item for d in data for item in (d if isinstance(d, list) else [d])]
    org = next(item for item in flat if item["@id"] == "http://localhost/#organization")
    assert org["@type"] == "MedicalOrganization"
    assert org["name"] == "Rainfall Medicine"
    assert org["sameAs"] == ["https://social.example/rainfall"]
    assert org["telephone"] == "+15415550123"
    site = next(item for item in flat if item["@type"] == "WebSite")
    assert site["publisher"] == {"@id": "http://localhost/#organization"}


def test_postgres_full_text_search_backend_is_used():
    from wagtail.search.backends import get_search_backend

    assert type(get_search_backend()).__name__ == "PostgresSearchBackend"


def test_twitter_site_only_with_a_handle(client, demo_site):
    from bs4 import BeautifulSoup
    from wagtailseo.models import SeoSettings

    def twitter_site(url):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        assert soup.find("meta", attrs={"name": "twitter:card"}) is not None
        tag = soup.find("meta", attrs={"name": "twitter:site"})
        return tag["content"] if tag else None

    seo = SeoSettings.for_site(demo_site)
    seo.twitter_meta = True
    seo.twitter_site = ""
    seo.save()
    for url in ("/", "/about/", "/blog/", "/locations/"):
        assert twitter_site(url) is None, url
    seo.twitter_site = "@rainfallmed"
    seo.save()
    assert twitter_site("/about/") == "@rainfallmed"


def test_every_page_has_the_header_search_form(client, demo_site):
    from bs4 import BeautifulSoup

    for url in ["/", "/about/", "/blog/", "/locations/portland/", "/request-a-consultation/"]:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        form = soup.select_one(".site-header form[role=search]")
        assert form is not None, url
        assert form["action"] == "/search/" and form["method"] == "get"
        field = form.find("input", attrs={"name": "q"})
        assert soup.find("label", attrs={"for": field["id"]}).get_text(strip=True) == "Search"


def test_search_results_show_each_pages_type_and_summary(client, demo_site):
    from bs4 import BeautifulSoup

    from blog.models import ArticlePage

    article = ArticlePage.objects.live().first()
    word = article.title.split()[-1]
    soup = BeautifulSoup(client.get("/search/", {"q": word}).content, "html.parser")
    results = {
        item.select_one(".search-result__title").get_text(strip=True): item
        for item in soup.select(".search-result")
    }
    item = results[article.title]
    assert item.select_one(".search-result__type").get_text(strip=True) == "Article"
    summary = item.select_one(".search-result__summary").get_text(strip=True)
    assert summary[:60] == (article.search_description or article.summary)[:60]


def test_editors_promote_results_for_a_search(client, home_page):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    parking = StandardPageFactory(parent=home_page, title="Parking", slug="parking")
    draft = StandardPageFactory(parent=home_page, title="Draft pick", slug="draft-pick", live=False)
    query = Query.get("getting here")
    SearchPromotion.objects.create(
        query=query, page=parking, description="Where to park", sort_order=0
    )
    SearchPromotion.objects.create(query=query, page=draft, sort_order=1)
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://trimet.org/",
        external_link_text="TriMet trip planner",
        sort_order=2,
    )
    before = Query.objects.count()
    html = client.get("/search/", {"q": "  Getting   HERE "}).content.decode()
    picks = html[html.index("Recommended") : html.index("</section>", html.index("Recommended"))]
    assert picks.index('href="/parking/">Parking</a>') < picks.index("TriMet trip planner")
    assert "Where to park" in picks and "Draft pick" not in picks
    assert 'href="https://trimet.org/" rel="noopener noreferrer"' in picks
    assert Query.objects.count() == before  # a visitor's search records nothing
    assert "Recommended" not in client.get("/search/", {"q": "parking"}).content.decode()


def test_marketing_editors_manage_promoted_results(client, demo_site, django_user_model):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("editor", "editor@example.test", "x" * 12)
    editor.groups.add(Group.objects.get(name="Marketing editors"))
    client.force_login(editor)
    response = client.get("/admin/searchpicks/")
    assert response.status_code == 200
    assert client.get("/admin/searchpicks/add/").status_code == 200
