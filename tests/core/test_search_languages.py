"""Search in the reader's language with its stemming (core.search): on
PostgreSQL, /es/search/ stems Spanish words in the Spanish tree and
/search/ English words in the English one."""

import pytest
from bs4 import BeautifulSoup
from django.test import TestCase
from wagtail.models import Locale

from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db


def results(client, url, query):
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [a["href"] for a in page.select(".search-result__title a")]


def translate(page, **fields):
    with TestCase.captureOnCommitCallbacks(execute=True):
        copy = page.copy_for_translation(Locale.objects.get(language_code="es"))
        for name, value in fields.items():
            setattr(copy, name, value)
        copy.save()
        copy.save_revision().publish()
    return copy


@pytest.fixture
def two_trees(home_page):
    english = StandardPageFactory(
        parent=home_page,
        title="Treatment",
        slug="treatment",
        body=[("paragraph", "<p>Help for depressions that lingered through other care.</p>")],
    )
    StandardPageFactory(parent=home_page, title="Parking", slug="parking")
    translate(home_page)
    spanish = translate(
        english,
        title="Tratamiento",
        slug="tratamiento",
        body=[("paragraph", "<p>Ayuda para las depresiones que resistieron otros cuidados.</p>")],
    )
    return english, spanish


def test_spanish_search_stems_spanish_words(client, two_trees):
    english, spanish = two_trees
    # "depresión" (singular, accented) finds the page that says "depresiones".
    assert results(client, "/es/search/", "depresión") == [spanish.url]
    assert results(client, "/es/search/", "resistir") == [spanish.url]
    assert results(client, "/es/search/", "tratamientos") == [spanish.url]  # the title


def test_english_search_stems_english_words_and_lists_no_spanish_page(client, two_trees):
    english, spanish = two_trees
    found = results(client, "/search/", "depression")  # the home page's hero says it too
    assert english.url in found and not [url for url in found if url.startswith("/es/")]
    assert results(client, "/search/", "lingering") == [english.url]
    assert results(client, "/search/", "depresiones") == []  # the Spanish page is not listed


def test_a_title_match_comes_before_a_body_match(client, home_page):
    body_only = StandardPageFactory(
        parent=home_page,
        title="First visit",
        slug="first-visit",
        body=[("paragraph", "<p>We talk about mindfulness at the first visit.</p>")],
    )
    titled = StandardPageFactory(parent=home_page, title="Mindfulness", slug="mindfulness")
    assert results(client, "/search/", "mindfulness") == [titled.url, body_only.url]


def test_sqlite_and_languages_without_a_configuration_use_wagtails_search(settings, home_page):
    from wagtail.models import Page

    from core.search import language_config, search_pages

    pages = Page.objects.live()
    assert language_config(pages, "es") == "spanish"
    settings.SEARCH_LANGUAGE_CONFIGS = {}
    assert language_config(pages, "es") is None
    assert type(search_pages(pages, "home", "es")).__name__ == "PostgresSearchResults"
