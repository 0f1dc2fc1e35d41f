"""The blog index, topic and tag pages, pagination, feeds and sitemap."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from wagtail.models import Page, PageViewRestriction

from blog.models import ArticlePage, BlogIndexPage
from home.models import StandardPage
from tests.blog.conftest import visible_text
from tests.factories.blog import ArticlePageFactory, BlogIndexPageFactory, TopicFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def get_soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def card_titles(soup):
    return [visible_text(a) for a in soup.select(".article-card__title a")]


@pytest.fixture
def articles(blog_index):
    """Three live articles (oldest first), a draft and a private one."""
    depression = TopicFactory(name="Depression", slug="depression")
    ketamine = TopicFactory(name="Ketamine Therapy", slug="ketamine-therapy")
    created = [
        ArticlePageFactory(
            parent=blog_index,
            title="First article",
            date=datetime.date(2025, 1, 10),
            summary="The first summary.",
            hero_image=wagtail_factories.ImageFactory(),
            topics=[depression],
            tags=["sleep"],
        ),
        ArticlePageFactory(
            parent=blog_index,
            title="Second article",
            date=datetime.date(2025, 2, 10),
            topics=[ketamine],
            tags=["ketamine"],
        ),
        ArticlePageFactory(
            parent=blog_index,
            title="Third article",
            date=datetime.date(2025, 3, 10),
            topics=[depression, ketamine],
        ),
    ]
    ArticlePageFactory(parent=blog_index, title="Draft article", live=False, topics=[depression])
    private = ArticlePageFactory(parent=blog_index, title="Private article", topics=[depression])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return created


def test_index_lists_live_public_articles_newest_first(client, blog_index, articles):
    soup = get_soup(client, "/blog/")
    assert visible_text(soup.h1) == "Articles"
    assert card_titles(soup) == ["Third article", "Second article", "First article"]
    first = soup.select(".article-card")[-1]
    assert "January 10, 2025" in visible_text(first)
    assert "The first summary." in visible_text(first)
    assert first.find("picture") is not None
    assert [a["href"] for a in first.select(".article-card__topic")] == ["/blog/topic/depression/"]
    html = soup.decode()
    assert "Draft article" not in html
    assert "Private article" not in html


def test_index_topic_filter_lists_only_topics_in_use(client, blog_index, articles):
    TopicFactory(name="Unused topic")
    soup = get_soup(client, "/blog/")
    links = [visible_text(a) for a in soup.select(".topic-nav a")]
    assert links == ["All articles", "Depression", "Ketamine Therapy"]
    assert soup.select_one(".topic-nav a[aria-current]").get_text() == "All articles"


def test_pagination_uses_the_editable_page_size(client, blog_index, articles):
    blog_index.articles_per_page = 2
    blog_index.save_revision().publish()
    page1 = get_soup(client, "/blog/")
    assert card_titles(page1) == ["Third article", "Second article"]
    assert page1.find("a", rel="next")["href"] == "?page=2"
    assert page1.find("link", rel="canonical")["href"] == "http://localhost/blog/"
    page2 = get_soup(client, "/blog/?page=2")
    assert card_titles(page2) == ["First article"]
    assert page2.find("link", rel="canonical")["href"] == "http://localhost/blog/?page=2"
    assert "(page 2)" in page2.title.get_text()


def test_spanish_pagination_is_read_in_spanish():
    """The words only a screen reader says, and the current page, in Spanish."""
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("es"):
        html = render_to_string(
            "components/pagination.html", {"page_obj": Paginator(range(5), 2).page(2)}
        )
    pagination = BeautifulSoup(html, "html.parser")
    hidden = [span.get_text() for span in pagination.select(".visually-hidden")]
    assert hidden == [" página", " página"]
    assert pagination.select_one('[aria-current="page"]').get_text() == "Página 2 de 3"


@pytest.mark.parametrize(
    "query",
    ["page=abc", "page=99", "page=0", "page=-1", "page=1.5", "page=" + "9" * 5000, "page=%00"],
)
def test_a_bad_page_number_is_a_404_not_an_error(client, blog_index, articles, query):
    response = client.get(f"/blog/?{query}")
    assert response.status_code == 404


def test_an_empty_page_parameter_is_the_first_page(client, blog_index, articles):
    assert card_titles(get_soup(client, "/blog/?page=")) == [
        "Third article",
        "Second article",
        "First article",
    ]


def test_bad_input_is_never_reflected(client, blog_index, articles):
    response = client.get("/blog/?page=<script>alert(1)</script>")
    assert response.status_code == 404
    assert b"<script>alert(1)" not in response.content
    response = client.get("/blog/topic/%3Cscript%3E/")
    assert response.status_code == 404
    assert b"<script>" not in response.content


def test_topic_page_lists_the_topics_articles(client, blog_index, articles):
    soup = get_soup(client, "/blog/topic/depression/")
    assert visible_text(soup.h1) == "Depression"
    assert card_titles(soup) == ["Third article", "First article"]
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/blog/topic/depression/"
    assert soup.title.get_text().startswith("Depression | Articles")
    assert soup.select_one(".topic-nav a[aria-current]").get_text() == "Depression"
    assert soup.find("meta", attrs={"name": "robots"}) is None
    breadcrumbs = [
        json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")
    ][0]
    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert [i["name"] for i in breadcrumbs["itemListElement"]] == ["Home", "Articles", "Depression"]


def test_tag_page_lists_the_tagged_articles_and_is_not_indexed(client, blog_index, articles):
    soup = get_soup(client, "/blog/tag/ketamine/")
    assert visible_text(soup.h1) == "Articles tagged “ketamine”"
    assert card_titles(soup) == ["Second article"]
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"


def test_unknown_topic_or_tag_is_a_404(client, blog_index, articles):
    assert client.get("/blog/topic/no-such-topic/").status_code == 404
    assert client.get("/blog/tag/no-such-tag/").status_code == 404
    assert client.get("/blog/topic/depression/?page=5").status_code == 404


def test_rss_feed_parses_and_lists_the_articles(client, blog_index, articles):
    response = client.get("/blog/feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("link") == "http://localhost/blog/"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == [
        "Third article",
        "Second article",
        "First article",
    ]
    first = items[-1]
    assert first.findtext("link") == articles[0].full_url
    assert first.findtext("description") == "The first summary."
    assert first.findtext("pubDate").startswith("Fri, 10 Jan 2025")
    assert [c.text for c in first.findall("category")] == ["Depression"]


def test_atom_feed_parses_and_lists_the_articles(client, blog_index, articles):
    response = client.get("/blog/feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    self_link = [
        link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"
    ]
    assert self_link == ["http://localhost/blog/feed/atom/"]
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Third article",
        "Second article",
        "First article",
    ]
    first = entries[-1]
    assert first.find(f"{ATOM}link").get("href") == articles[0].full_url
    assert first.findtext(f"{ATOM}summary") == "The first summary."
    assert first.findtext(f"{ATOM}published").startswith("2025-01-10")
    assert first.findtext(f"{ATOM}updated")


def test_index_head_links_to_the_feeds(client, blog_index, articles):
    soup = get_soup(client, "/blog/")
    alternates = [link["href"] for link in soup.find_all("link", rel="alternate")]
    assert alternates == ["/blog/feed/rss/", "/blog/feed/atom/"]


def test_sitemap_lists_articles_and_topic_pages(client, blog_index, articles):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = [loc.text for loc in ET.fromstring(response.content).iter(f"{ns}loc")]
    assert "http://localhost/blog/" in locations
    for article in articles:
        assert article.full_url in locations
    assert "http://localhost/blog/topic/depression/" in locations
    assert not any("Draft" in loc or "tag/" in loc for loc in locations)


def test_page_tree_rules(home_page, blog_index):
    assert BlogIndexPage.allowed_subpage_models() == [ArticlePage]
    assert ArticlePage.allowed_parent_page_models() == [BlogIndexPage]
    assert ArticlePage.can_create_at(blog_index)
    assert not ArticlePage.can_create_at(home_page)
    assert not BlogIndexPage.can_create_at(Page.get_first_root_node())
    # One blog per home page, and only there.
    assert not BlogIndexPage.can_create_at(home_page)
    assert StandardPage not in BlogIndexPage.allowed_subpage_models()


def test_a_second_site_can_have_its_own_blog(home_page):
    from home.models import HomePage

    root = Page.get_first_root_node()
    other_home = root.add_child(instance=HomePage(title="Other", slug="other", hero_heading="Hi"))
    assert BlogIndexPage.can_create_at(other_home)
    BlogIndexPageFactory(parent=other_home)
    assert not BlogIndexPage.can_create_at(other_home)
