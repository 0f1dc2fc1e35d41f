"""The Spanish site: /es/ prefixes, the language switcher, hreflang links,
<html lang>, Spanish furniture words, and pages never served in the wrong
language (core.i18n)."""

import pathlib

import polib
import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import TestCase
from wagtail.models import Locale, Page

from core.labels import SiteLabels
from core.models import NavigationSettings
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def spanish():
    return Locale.objects.get(language_code="es")


def translate(page, **fields):
    """A published Spanish translation of ``page`` (its parent translated
    first), with its after-commit cache purges run as a real request's."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation = page.copy_for_translation(spanish(), copy_parents=True)
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save()  # a new slug moves the page's address
        translation.save_revision().publish()
    return translation


@pytest.fixture
def untranslated_privacy(demo_site):
    """The demo's privacy policy with its Spanish translation taken away."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        Page.objects.get(locale=spanish(), slug="privacidad").delete()
    return Page.objects.get(url_path="/home/privacy/").specific


def alternates(response):
    return {
        link["hreflang"]: link["href"]
        for link in soup(response).select('head link[rel="alternate"][hreflang]')
    }


def switcher(response):
    return [
        (a["hreflang"], a["href"], a.get_text(strip=True))
        for a in soup(response).select(".language-switcher a")
    ]


def test_both_languages_are_wagtail_locales(db):
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en", "es"}


def test_spanish_home_page_is_spanish_at_es(client, demo_site):
    response = client.get("/es/")
    assert response.status_code == 200
    assert soup(response).html["lang"] == "es"
    assert response["Content-Language"] == "es"
    # The language is the URL's: no Vary on the browser's preferences.
    assert "Accept-Language" not in response.get("Vary", "")
    english = client.get("/")
    assert soup(english).html["lang"] == "en"
    assert english["Content-Language"] == "en"


def test_translated_pages_link_each_other_with_hreflang_and_switcher(client, demo_site):
    english = client.get("/")
    assert alternates(english) == {
        "en": "http://localhost/",
        "es": "http://localhost/es/",
        "x-default": "http://localhost/",
    }
    assert switcher(english) == [("es", "/es/", "Español")]
    spanish_page = client.get("/es/")
    assert alternates(spanish_page) == alternates(english)
    assert switcher(spanish_page) == [("en", "/", "English")]
    link = soup(spanish_page).select_one(".language-switcher a")
    assert link["lang"] == "en"  # the language's name is read in its language


def test_untranslated_page_switches_to_the_other_home_without_hreflang(
    client, untranslated_privacy
):
    page = untranslated_privacy
    assert page.get_translation_or_none(spanish()) is None
    response = client.get("/privacy/")
    assert response.status_code == 200
    assert alternates(response) == {}
    assert switcher(response) == [("es", "/es/", "Español")]
    link = soup(response).select_one(".language-switcher a")
    assert link["rel"] == ["nofollow"]


def test_an_english_page_asked_for_under_es_redirects_to_its_address(client, demo_site):
    # Wagtail routes /es/... from the Spanish home; an English page reached
    # there (no Spanish home) or a path of the English tree is never served
    # as if it were Spanish.
    Page.objects.filter(locale=spanish()).delete()
    response = client.get("/es/about/")
    assert response.status_code == 302
    assert response["Location"] == "/about/"


def test_publishing_a_translation_updates_the_cached_original(
    client, untranslated_privacy, settings
):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    cache.clear()
    privacy = untranslated_privacy
    assert alternates(client.get("/privacy/")) == {}
    assert client.get("/privacy/")["X-Cache"] == "HIT"
    translate(privacy, title="Privacidad", slug="privacidad")
    response = client.get("/privacy/")
    assert response["X-Cache"] == "MISS"
    assert alternates(response)["es"] == "http://localhost/es/privacidad/"
    assert switcher(response) == [("es", "/es/privacidad/", "Español")]
    spanish_privacy = client.get("/es/privacidad/")
    assert spanish_privacy.status_code == 200
    assert soup(spanish_privacy).h1.get_text(strip=True) == "Privacidad"


def test_spanish_menus_link_translations_and_leave_out_untranslated_pages(
    client, demo_site, untranslated_privacy
):
    privacy = untranslated_privacy
    nav = NavigationSettings.for_site(demo_site)
    assert "/privacy/" in [block.value.href for block in nav.footer_links]
    spanish_footer = {
        a["href"]: a.get_text(strip=True)
        for a in soup(client.get("/es/")).select(".site-footer__nav a")
    }
    # The translated About page is linked with its Spanish title; the
    # untranslated privacy page is left out of the Spanish menu.
    assert spanish_footer.get("/es/quienes-somos/") == "Quiénes somos"
    assert "/privacy/" not in spanish_footer
    assert all(href.startswith("/es/") or not href.startswith("/") for href in spanish_footer)
    spanish_header = [a["href"] for a in soup(client.get("/es/")).select(".site-nav__list a")]
    assert "/es/quienes-somos/" in spanish_header

    translate(privacy, title="Privacidad", slug="privacidad")
    spanish_footer = {
        a["href"]: a.get_text(strip=True)
        for a in soup(client.get("/es/")).select(".site-footer__nav a")
    }
    assert spanish_footer.get("/es/privacidad/") == "Privacidad"
    english = [a["href"] for a in soup(client.get("/")).select(".site-footer__nav a")]
    assert "/privacy/" in english


def test_furniture_words_are_spanish_on_spanish_pages(client, demo_site):
    page = soup(client.get("/es/"))
    assert page.select_one(".skip-link").get_text(strip=True) == "Saltar al contenido principal"
    assert page.select_one(".site-header__call-label").get_text(strip=True) == "Llámenos"
    assert page.select_one(".site-header__cta").get_text(strip=True) == "Solicitar una consulta"
    english = soup(client.get("/"))
    assert english.select_one(".skip-link").get_text(strip=True) == "Skip to main content"


def test_an_english_edit_leaves_the_spanish_words_alone(client, demo_site):
    from tests.factories.core import edit_site_text

    edit_site_text(label_skip_link="Jump to content")
    # Each language has its own copy of the site text (core.site_text).
    english = soup(client.get("/"))
    assert english.select_one(".skip-link").get_text(strip=True) == "Jump to content"
    spanish = soup(client.get("/es/"))
    assert spanish.select_one(".skip-link").get_text(strip=True) == "Saltar al contenido principal"


def test_spanish_search_page_is_spanish(client, demo_site):
    response = client.get("/es/search/", {"q": "ketamina"})
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "es"
    assert switcher(response) == [("en", "/", "English")]


def test_every_default_label_has_spanish_words():
    po = polib.pofile(str(ROOT / "locale/es/LC_MESSAGES/django.po"))
    translated = {entry.msgid for entry in po.translated_entries()}
    defaults = {SiteLabels._meta.get_field(name).default for name in SiteLabels.label_names()}
    assert defaults - translated == set()


def test_compiled_catalog_matches_its_source():
    """`make messages` was run after the .po last changed."""
    po_path = ROOT / "locale/es/LC_MESSAGES/django.po"
    source = {entry.msgid: entry.msgstr for entry in polib.pofile(str(po_path))}
    compiled = {
        entry.msgid: entry.msgstr
        for entry in polib.mofile(str(po_path.with_suffix(".mo")))
        if entry.msgid
    }
    assert compiled == source


def test_a_page_outside_the_demo_gets_a_spanish_translation_url(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Services", slug="services")
    page.save_revision().publish()
    spanish_page = translate(page, title="Servicios", slug="servicios")
    assert spanish_page.url == "/es/servicios/"
    response = client.get("/es/servicios/")
    assert response.status_code == 200
    assert soup(response).html["lang"] == "es"
    assert alternates(response)["en"] == "http://localhost/services/"


def test_crisis_notice_is_in_spanish_on_spanish_pages(client, demo_site):
    spanish_page = soup(client.get("/es/"))
    notice = spanish_page.select_one(".crisis-notice").get_text(" ", strip=True)
    assert "988 Lifeline en español" in notice
    assert spanish_page.select_one('.crisis-notice a[href="tel:988"]')
    form = soup(client.get("/es/solicitar-una-consulta/"))
    assert "Este formulario no es para emergencias" in form.get_text(" ", strip=True)
    english = soup(client.get("/")).select_one(".crisis-notice").get_text(" ", strip=True)
    assert "Suicide & Crisis Lifeline" in english
