"""People's public profiles (/blog/people/<slug>/): who wrote and who
medically reviewed each article, linked from bylines, JSON-LD and the team
on the About page."""

import datetime

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.blog.conftest import visible_text
from tests.blog.test_article_page import get_soup, json_ld, of_type
from tests.factories.blog import ArticlePageFactory, PersonFactory
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    return PersonFactory(
        name="Avery Lin",
        credentials="MD",
        role="Medical Director",
        bio="Avery leads the ketamine therapy program.",
        photo=wagtail_factories.ImageFactory(),
    )


def reviewed_article(blog_index, reviewer, **fields):
    return ArticlePageFactory(
        parent=blog_index,
        medical_reviewer=reviewer,
        last_reviewed=datetime.date(2026, 5, 4),
        **fields,
    )


def test_people_get_an_address_from_their_name_unique_among_people():
    first = PersonFactory(name="Sam Kim")
    second = PersonFactory(name="Sam Kim")
    assert (first.slug, second.slug) == ("sam-kim", "sam-kim-2")
    first.name = "Samantha Kim"
    first.save()
    assert first.slug == "sam-kim"  # an address does not change behind the editor's back


def test_profile_shows_the_person_and_the_articles_they_reviewed_and_wrote(
    client, blog_index, reviewer
):
    writer = PersonFactory(name="Jordan Ellery", credentials="", role="Health writer")
    reviewed = reviewed_article(blog_index, reviewer, title="Ketamine and sleep", author=writer)
    own = ArticlePageFactory(parent=blog_index, title="What a first visit is like", author=reviewer)
    ArticlePageFactory(parent=blog_index, title="Someone else's article", author=writer)
    reviewed_article(blog_index, reviewer, title="A draft", live=False)

    soup = get_soup(client, "/blog/people/avery-lin/")
    assert visible_text(soup.h1) == "Avery Lin, MD"
    assert visible_text(soup.select_one(".profile__role")) == "Medical Director"
    assert visible_text(soup.select_one(".profile__bio")) == reviewer.bio
    assert soup.select_one(".profile__photo") is not None
    reviewed_section = soup.find(id="reviewed-heading").parent
    assert visible_text(reviewed_section.h2) == "Articles Avery Lin medically reviewed"
    assert [a["href"] for a in reviewed_section.select(".article-card__title a")] == [reviewed.url]
    written_section = soup.find(id="written-heading").parent
    assert [visible_text(a) for a in written_section.select(".article-card__title a")] == [
        own.title
    ]
    assert "Someone else" not in soup.get_text() and "A draft" not in soup.get_text()
    assert soup.select_one('link[rel="canonical"]')["href"] == (
        "http://localhost/blog/people/avery-lin/"
    )


def test_profile_structured_data_matches_the_visible_profile(client, blog_index, reviewer):
    soup = get_soup(client, "/blog/people/avery-lin/")
    documents = json_ld(soup)
    (profile,) = of_type(documents, "ProfilePage")
    person = profile["mainEntity"]
    assert person["@type"] == "Person"
    assert f"{person['name']}, {person['honorificSuffix']}" == visible_text(soup.h1)
    assert person["jobTitle"] == visible_text(soup.select_one(".profile__role"))
    assert person["url"] == profile["url"] == "http://localhost/blog/people/avery-lin/"
    (breadcrumbs,) = of_type(documents, "BreadcrumbList")
    assert breadcrumbs["itemListElement"][-1]["name"] == "Avery Lin, MD"
    shown = [visible_text(li) for li in soup.select(".breadcrumbs__item")]
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == shown


def test_an_unknown_person_is_not_found(client, blog_index, reviewer):
    assert client.get("/blog/people/nobody/").status_code == 404
    assert client.get("/blog/people/Avery%20Lin/").status_code == 404


def test_bylines_review_lines_and_json_ld_link_the_profiles(client, blog_index, reviewer):
    writer = PersonFactory(name="Jordan Ellery", credentials="", role="Health writer")
    article = reviewed_article(blog_index, reviewer, author=writer)
    soup = get_soup(client, article.url)
    assert soup.select_one(".article__review a")["href"] == "/blog/people/avery-lin/"
    assert soup.select_one(".article__meta a")["href"] == "/blog/people/jordan-ellery/"
    credits = [a["href"] for a in soup.select(".person__name a")]
    assert credits == ["/blog/people/jordan-ellery/", "/blog/people/avery-lin/"]
    (data,) = of_type(json_ld(soup), "MedicalWebPage")
    assert data["reviewedBy"]["url"] == "http://localhost/blog/people/avery-lin/"
    assert data["author"]["url"] == "http://localhost/blog/people/jordan-ellery/"
    # And the reviewer's profile links back to the article.
    profile = get_soup(client, "/blog/people/avery-lin/")
    assert article.url in [a["href"] for a in profile.select(".article-card__title a")]


def test_profile_query_count_does_not_grow_with_articles(client, blog_index, reviewer, settings):
    settings.PAGE_FRAGMENT_CACHE_ENABLED = False

    def count():
        client.get("/blog/people/avery-lin/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/blog/people/avery-lin/").status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        reviewed_article(blog_index, reviewer, hero_image=wagtail_factories.ImageFactory())
    small = count()
    for _ in range(6):
        reviewed_article(
            blog_index,
            reviewer,
            author=reviewer,
            hero_image=wagtail_factories.ImageFactory(),
        )
    assert count() == small


def test_profile_is_fresh_after_the_person_or_their_articles_change(
    client, blog_index, reviewer, settings
):
    settings.PAGE_CACHE_ENABLED = True
    url = "/blog/people/avery-lin/"
    assert client.get(url)["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"
    reviewer.bio = "Avery now also leads the Hood River clinic."
    reviewer.save()
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert visible_text(soup.select_one(".profile__bio")) == reviewer.bio
    reviewed_article(blog_index, reviewer, title="A new review")
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert "A new review" in [visible_text(a) for a in soup.select(".article-card__title a")]


def test_a_team_block_lists_people_linked_to_their_profiles(client, home_page, blog_index):
    first = PersonFactory(name="Avery Lin", role="Medical Director", bio="Psychiatrist.")
    second = PersonFactory(name="Jordan Ellery", credentials="", role="Health writer")
    page = StandardPageFactory(parent=home_page, slug="team", title="Team")
    team = page.body.stream_block.child_blocks["team"]
    page.body = [
        (
            "team",
            team.to_python({"heading": "Our team", "intro": "", "people": [first.pk, second.pk]}),
        )
    ]
    page.save_revision().publish()
    soup = get_soup(client, "/team/")
    section = soup.select_one(".team")
    assert visible_text(section.h2) == "Our team"
    links = [(visible_text(a), a["href"]) for a in section.select(".team__name a")]
    assert links == [
        ("Avery Lin, MD", "/blog/people/avery-lin/"),
        ("Jordan Ellery", "/blog/people/jordan-ellery/"),
    ]
    assert [visible_text(p) for p in section.select(".team__role")] == [
        "Medical Director",
        "Health writer",
    ]


def test_demo_about_page_lists_the_team_and_their_profiles_list_their_articles(client, demo_site):
    soup = get_soup(client, "/about/")
    names = [visible_text(a) for a in soup.select(".team .team__name a")]
    assert names == ["Avery Lindqvist, MD", "Jordan Ellery"]
    reviewer_url = soup.select_one(".team .team__name a")["href"]
    profile = get_soup(client, reviewer_url)
    reviewed = profile.find(id="reviewed-heading").parent
    assert "How Does Ketamine Help Depression?" in [
        visible_text(a) for a in reviewed.select(".article-card__title a")
    ]
