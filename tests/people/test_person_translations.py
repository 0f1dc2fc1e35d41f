"""People's role, credentials and bio in the page's language: the Team
block, bylines, the review box, the clinician quote, profile pages and their
JSON-LD show the Spanish words on Spanish pages, the English words (marked
lang="en") where a person has none in Spanish, and English pages as before."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from people.models import PersonTranslation
from tests.blog.conftest import visible_text
from tests.blog.test_article_page import get_soup, json_ld, of_type
from tests.core.test_spanish_site import publish, translate
from tests.factories.blog import ArticlePageFactory, PersonFactory
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db


def spanish(person, **words):
    return PersonTranslation.objects.create(
        person=person, locale=Locale.objects.get(language_code="es"), **words
    )


@pytest.fixture
def avery():
    person = PersonFactory(
        name="Avery Lin",
        credentials="MD",
        role="Medical Director",
        bio="Avery leads the ketamine therapy program.",
    )
    spanish(
        person,
        role="Directora médica",
        bio="Avery dirige el programa de terapia con ketamina.",
    )
    return person


@pytest.fixture
def jordan():
    """A person without Spanish words."""
    return PersonFactory(
        name="Jordan Ellery", credentials="", role="Health writer", bio="Jordan writes."
    )


def team_page(home_page, blog_index, people):
    publish(blog_index)
    translate(blog_index)
    page = StandardPageFactory(parent=home_page, slug="team", title="Team")
    team = page.body.stream_block.child_blocks["team"]
    value = {"heading": "Our team", "intro": "", "people": [person.pk for person in people]}
    page.body = [("team", team.to_python(value))]
    publish(page)
    return page, translate(page, title="Equipo", slug="equipo")


def test_spanish_team_block_shows_spanish_words_and_english_ones_marked_english(
    client, home_page, blog_index, avery, jordan
):
    _english, spanish_page = team_page(home_page, blog_index, [avery, jordan])
    team = get_soup(client, spanish_page.url).select_one(".team")
    roles = team.select(".team__role")
    assert [(visible_text(p), p.get("lang")) for p in roles] == [
        ("Directora médica", None),
        ("Health writer", "en"),
    ]
    bios = team.select(".team__bio")
    assert [(visible_text(p), p.get("lang")) for p in bios] == [
        ("Avery dirige el programa de terapia con ketamina.", None),
        ("Jordan writes.", "en"),
    ]
    names = [(visible_text(a), a["href"]) for a in team.select(".team__name a")]
    assert names == [
        ("Avery Lin, MD", "/es/blog/personas/avery-lin/"),
        ("Jordan Ellery", "/es/blog/personas/jordan-ellery/"),
    ]
    # The English page as before, nothing marked.
    english = get_soup(client, "/team/").select_one(".team")
    assert [visible_text(p) for p in english.select(".team__role")] == [
        "Medical Director",
        "Health writer",
    ]
    assert not english.select("[lang]")


def test_team_block_queries_do_not_grow_with_its_people(client, home_page, blog_index, settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.PAGE_FRAGMENT_CACHE_ENABLED = False
    people = [PersonFactory(name=f"Person {n}", role="Psychiatrist") for n in range(4)]
    for person in people:
        spanish(person, role="Psiquiatra")
    _english, one = team_page(home_page, blog_index, people[:1])
    team = one.body.stream_block.child_blocks["team"]
    many = StandardPageFactory(parent=home_page, slug="many", title="Many")
    many.body = [("team", team.to_python({"heading": "Team", "people": [p.pk for p in people]}))]
    publish(many)
    many = translate(many, slug="muchos")

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            soup = get_soup(client, url)
        return len(ctx.captured_queries), [visible_text(p) for p in soup.select(".team__role")]

    small, roles = count(one.url)
    assert roles == ["Psiquiatra"]
    large, roles = count(many.url)
    assert roles == ["Psiquiatra"] * 4
    assert large == small


def test_spanish_article_byline_review_box_and_json_ld(
    client, home_page, blog_index, avery, jordan
):
    article = ArticlePageFactory(
        parent=blog_index,
        author=jordan,
        medical_reviewer=avery,
        last_reviewed=datetime.date(2026, 5, 4),
        title="Ketamine and sleep",
        slug="ketamine-and-sleep",
    )
    publish(blog_index)
    publish(article)
    translated = translate(
        article,
        slug="la-ketamina-y-el-sueno",
        medical_reviewer=avery,
        last_reviewed=datetime.date(2026, 5, 4),
    )
    soup = get_soup(client, translated.url)
    assert soup.select_one(".article__review a")["href"] == "/es/blog/personas/avery-lin/"
    assert soup.select_one(".article__meta a")["href"] == "/es/blog/personas/jordan-ellery/"
    box = [
        (visible_text(li.select_one(".person__role")), visible_text(li.select_one(".person__bio")))
        for li in soup.select(".people .person")
    ]
    assert box == [
        ("Autoría · Health writer", "Jordan writes."),
        ("Revisión médica · Directora médica", "Avery dirige el programa de terapia con ketamina."),
    ]
    writer_box, reviewer_box = soup.select(".people .person")
    assert writer_box.select_one(".person__role span")["lang"] == "en"
    assert writer_box.select_one(".person__bio")["lang"] == "en"
    assert reviewer_box.select_one(".person__bio").get("lang") is None
    (data,) = of_type(json_ld(soup), "MedicalWebPage")
    assert data["reviewedBy"]["jobTitle"] == "Directora médica"
    assert data["author"]["jobTitle"] == "Health writer"

    english = get_soup(client, article.url)
    assert [visible_text(p) for p in english.select(".person__role")] == [
        "Author · Health writer",
        "Medical reviewer · Medical Director",
    ]
    (data,) = of_type(json_ld(english), "MedicalWebPage")
    assert data["reviewedBy"]["jobTitle"] == "Medical Director"


def test_spanish_profile_page_and_fallback_marked_english(
    client, home_page, blog_index, avery, jordan
):
    publish(blog_index)
    translate(blog_index)
    soup = get_soup(client, "/es/blog/personas/avery-lin/")
    assert visible_text(soup.h1) == "Avery Lin, MD"
    assert visible_text(soup.select_one(".profile__role")) == "Directora médica"
    assert visible_text(soup.select_one(".profile__bio")) == (
        "Avery dirige el programa de terapia con ketamina."
    )
    assert soup.select_one('meta[name="description"]')["content"] == (
        "Avery dirige el programa de terapia con ketamina."
    )
    (profile,) = of_type(json_ld(soup), "ProfilePage")
    assert profile["mainEntity"]["jobTitle"] == "Directora médica"
    assert profile["mainEntity"]["description"].startswith("Avery dirige")

    fallback = get_soup(client, "/es/blog/personas/jordan-ellery/")
    role = fallback.select_one(".profile__role")
    assert (visible_text(role), role["lang"]) == ("Health writer", "en")
    assert fallback.select_one(".profile__bio")["lang"] == "en"

    english = get_soup(client, "/blog/people/avery-lin/")
    assert visible_text(english.select_one(".profile__role")) == "Medical Director"
    assert english.select_one(".profile__role").get("lang") is None


def test_spanish_credentials_replace_and_empty_ones_fall_back_marked_english(
    client, home_page, blog_index
):
    person = PersonFactory(name="Sam Kim", credentials="PMHNP-BC", role="Nurse practitioner")
    spanish(person, role="Enfermera especializada")
    publish(blog_index)
    translate(blog_index)
    soup = get_soup(client, "/es/blog/personas/sam-kim/")
    assert visible_text(soup.h1) == "Sam Kim, PMHNP-BC"
    assert soup.h1.span["lang"] == "en"
    PersonTranslation.objects.filter(person=person).update(credentials="EPMHN")
    soup = get_soup(client, "/es/blog/personas/sam-kim/")
    assert visible_text(soup.h1) == "Sam Kim, EPMHN" and soup.h1.span is None


def test_an_editor_adds_the_spanish_words_in_the_admin_and_the_page_shows_them(
    admin_client, client, home_page, blog_index, jordan, settings
):
    settings.PAGE_CACHE_ENABLED = True
    publish(blog_index)
    translate(blog_index)
    url = "/es/blog/personas/jordan-ellery/"
    assert visible_text(get_soup(client, url).select_one(".profile__role")) == "Health writer"
    assert client.get(url)["X-Cache"] == "HIT"
    edit = f"/admin/snippets/people/person/edit/{jordan.pk}/"
    form = {
        "name": "Jordan Ellery",
        "slug": "jordan-ellery",
        "credentials": "",
        "role": "Health writer",
        "bio": "Jordan writes.",
        "translations-TOTAL_FORMS": "1",
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
        "translations-0-locale": str(Locale.objects.get(language_code="en").pk),
        "translations-0-role": "Redactor de salud",
        "translations-0-credentials": "",
        "translations-0-bio": "Jordan escribe.",
        "translations-0-id": "",
        "translations-0-ORDER": "1",
        "translations-0-DELETE": "",
    }
    # English words belong in the person's own fields: refused, nothing stored.
    response = admin_client.post(edit, form)
    assert response.status_code == 200
    assert not PersonTranslation.objects.exists()
    form["translations-0-locale"] = str(Locale.objects.get(language_code="es").pk)
    assert admin_client.post(edit, form).status_code == 302
    soup = get_soup(client, url)
    assert visible_text(soup.select_one(".profile__role")) == "Redactor de salud"
    assert soup.select_one(".profile__role").get("lang") is None
    english = get_soup(client, "/blog/people/jordan-ellery/")
    assert visible_text(english.select_one(".profile__role")) == "Health writer"


def test_demo_people_speak_spanish_on_the_spanish_site(client, demo_site):
    from home.models import StandardPage

    spanish_about = StandardPage.objects.get(slug="about").get_translation(
        Locale.objects.get(language_code="es")
    )
    team = get_soup(client, spanish_about.url).select_one(".team")
    assert [visible_text(p) for p in team.select(".team__role")] == [
        "Directora médica",
        "Redactor de salud",
    ]
    # Only the degree stays English (as typed once, on the person), and says so.
    assert [(e.get_text(), e["lang"]) for e in team.select("[lang]")] == [("MD", "en")]
    quote = get_soup(client, "/es/").select_one(".clinician-quote__role")
    assert visible_text(quote) == "Directora médica"
    assert visible_text(get_soup(client, "/about/").select_one(".team__role")) == (
        "Medical Director"
    )
