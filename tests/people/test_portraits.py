"""A portrait wherever a person is named: their photo, or without one their
initials on a soft tint. Decorative either way (hidden from screen readers):
the name is always there as text."""

import datetime

import pytest
import wagtail_factories

from tests.blog.conftest import visible_text
from tests.blog.test_article_page import get_soup
from tests.core.test_spanish_site import publish
from tests.factories.blog import ArticlePageFactory, PersonFactory
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def avery():
    return PersonFactory(
        name="Avery Lin",
        credentials="MD",
        role="Medical Director",
        photo=wagtail_factories.ImageFactory(),
    )


@pytest.fixture
def jordan():
    return PersonFactory(name="Jordan Ellery", credentials="", role="Health writer")


def assert_photo(portrait):
    assert portrait["aria-hidden"] == "true"
    image = portrait.find("img")
    assert image is not None and image["alt"] == ""
    assert image["width"] and image["height"]
    assert image["loading"] == "lazy"  # as every picture but a hero
    assert portrait.find("source", type="image/avif") is not None
    assert "portrait--initials" not in portrait["class"]


def assert_initials(portrait, letters):
    assert portrait["aria-hidden"] == "true"
    assert portrait.find("img") is None
    assert "portrait--initials" in portrait["class"]
    assert any(name.startswith("portrait--tint-") for name in portrait["class"])
    assert visible_text(portrait) == letters


def test_initials_come_from_the_first_and_last_names():
    assert PersonFactory.build(name="Avery Lindqvist").initials == "AL"
    assert PersonFactory.build(name="María José de la Cruz").initials == "MC"
    assert PersonFactory.build(name="Cher").initials == "C"


def test_team_block_shows_photos_and_initials_with_the_names_as_text(
    client, home_page, blog_index, avery, jordan
):
    page = StandardPageFactory(parent=home_page, slug="team", title="Team")
    team = page.body.stream_block.child_blocks["team"]
    page.body = [("team", team.to_python({"heading": "Our team", "people": [avery.pk, jordan.pk]}))]
    publish(page)
    people = get_soup(client, page.url).select(".team__person")
    assert_photo(people[0].select_one(".portrait"))
    assert_initials(people[1].select_one(".portrait"), "JE")
    assert [visible_text(p.select_one(".team__name")) for p in people] == [
        "Avery Lin, MD",
        "Jordan Ellery",
    ]


def test_article_byline_review_line_and_credits_show_portraits(client, blog_index, avery, jordan):
    article = ArticlePageFactory(
        parent=blog_index,
        author=jordan,
        medical_reviewer=avery,
        last_reviewed=datetime.date(2026, 5, 4),
    )
    soup = get_soup(client, article.url)
    assert_initials(soup.select_one(".article__byline .portrait"), "JE")
    assert_photo(soup.select_one(".article__review .portrait"))
    assert "Avery Lin, MD" in visible_text(soup.select_one(".article__review"))
    credits = soup.select(".people .person")
    assert len(credits) == 2
    portraits = [credit.select_one(".portrait") for credit in credits]
    assert sum("portrait--initials" in p["class"] for p in portraits) == 1


def test_profile_without_a_photo_shows_initials(client, blog_index, jordan):
    ArticlePageFactory(parent=blog_index, author=jordan)
    soup = get_soup(client, "/blog/people/jordan-ellery/")
    assert_initials(soup.select_one(".profile__header .portrait"), "JE")
    assert visible_text(soup.h1) == "Jordan Ellery"


def test_demo_people_have_drawn_portraits_wherever_they_are_named(client, demo_site):
    from people.models import Person

    for person in Person.objects.all():
        assert person.photo.title.startswith("Illustration: portrait of "), person
        assert person.photo.collection.name == "Demo images"
    quote = get_soup(client, "/").select_one(".clinician-quote")
    assert_photo(quote.select_one(".portrait"))
    about = get_soup(client, "/about/").select(".team__person .portrait")
    assert len(about) == 2
    for portrait in about:
        assert_photo(portrait)
    profile = get_soup(client, "/blog/people/avery-lindqvist/")
    assert_photo(profile.select_one(".profile__header .portrait"))


def test_search_lists_the_people_whose_name_matches_with_their_portraits(client, demo_site):
    soup = get_soup(client, "/search/?q=lindqvist")
    people = soup.select(".search-people .search-person")
    assert [visible_text(p.select_one(".search-person__name a")) for p in people] == [
        "Avery Lindqvist, MD"
    ]
    assert people[0].select_one("a")["href"] == "/blog/people/avery-lindqvist/"
    assert_photo(people[0].select_one(".portrait"))
    assert "Medical Director" in visible_text(people[0])
    # A search for something else lists nobody.
    assert get_soup(client, "/search/?q=parking").select_one(".search-people") is None


def test_spanish_search_lists_people_in_spanish(client, demo_site):
    soup = get_soup(client, "/es/search/?q=lindqvist")
    section = soup.select_one(".search-people")
    assert visible_text(section.h3) == "Personas"
    assert "Directora médica" in visible_text(section)
