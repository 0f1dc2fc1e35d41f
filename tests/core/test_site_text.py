"""The words of the page furniture per language (core.site_text): editors
change the English and the Spanish crisis notice in the admin, and each
language's pages show their own words on the next request, also from the
page cache."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, TestCase
from wagtail.models import Locale
from wagtail.test.utils.form_data import rich_text

from blog.editorial import MARKETING_EDITORS, ensure_editorial_setup
from core.labels import LABEL_NAMES
from core.models import SiteSettings
from core.site_text import BUTTON_FIELDS, WORD_FIELDS, SiteText
from tests.factories.core import site_text

pytestmark = pytest.mark.django_db

RICH_TEXT_FIELDS = {"crisis_notice", "form_emergency_notice", "footer_text"}


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0


@pytest.fixture
def spanish_home(home_page):
    with TestCase.captureOnCommitCallbacks(execute=True):
        home = home_page.copy_for_translation(Locale.objects.get(language_code="es"))
        home.save_revision().publish()
    return home


@pytest.fixture
def editor(home_page):
    ensure_editorial_setup()
    user = get_user_model().objects.create_user("words", password="x" * 16)  # noqa: S106
    user.groups.add(Group.objects.get(name=MARKETING_EDITORS))
    client = Client()
    client.force_login(user)
    return client


def form_data(text, **changes):
    """What the site text's edit form posts: every field as it is, but
    ``changes`` (rich text as HTML)."""
    data = {"name": text.name}
    for name in sorted(LABEL_NAMES) + list(WORD_FIELDS):
        value = changes.get(name, getattr(text, name))
        data[name] = rich_text(value) if name in RICH_TEXT_FIELDS else value
    return data


def crisis_band(response):
    band = BeautifulSoup(response.content, "html.parser").select_one(".crisis-notice")
    return band.get_text(" ", strip=True) if band else ""


def test_an_editor_changes_the_crisis_notice_in_english_and_in_spanish(
    client, home_page, spanish_home, editor, page_cache_on, django_capture_on_commit_callbacks
):
    english = site_text("en")
    spanish = site_text("es")
    for url in ["/", "/es/"]:
        assert client.get(url)["X-Cache"] == "MISS"
        assert client.get(url)["X-Cache"] == "HIT"

    for text, words in [
        (english, "<p>In crisis? Call or text 988 today.</p>"),
        (spanish, "<p>¿En crisis? Llame o envíe un texto al 988 hoy.</p>"),
    ]:
        url = f"/admin/snippets/core/sitetext/edit/{text.pk}/"
        assert editor.get(url).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = editor.post(url, form_data(text, crisis_notice=words))
        assert response.status_code == 302, response.content.decode()[:2000]

    english_home = client.get("/")
    assert english_home["X-Cache"] == "MISS"
    assert crisis_band(english_home) == "In crisis? Call or text 988 today."
    spanish_home_page = client.get("/es/")
    assert spanish_home_page["X-Cache"] == "MISS"
    assert crisis_band(spanish_home_page) == "¿En crisis? Llame o envíe un texto al 988 hoy."
    assert "¿En crisis?" in SiteText.objects.get(pk=spanish.pk).crisis_notice
    # Stored again: the next visitor gets the new words from the cache.
    assert client.get("/es/")["X-Cache"] == "HIT"


def test_a_language_without_its_copy_falls_back_to_the_english_words(client, spanish_home):
    text = site_text("en")
    text.crisis_notice = "<p>Call the clinic's own crisis line.</p>"
    text.save()

    spanish = client.get("/es/")
    assert crisis_band(spanish) == "Call the clinic's own crisis line."  # as typed, not lost
    # The English set's default words are given in Spanish (the catalog's).
    footer = BeautifulSoup(spanish.content, "html.parser")
    assert footer.select_one(".skip-link").get_text() == "Saltar al contenido principal"


def test_without_any_site_text_pages_show_the_default_words(client, home_page, spanish_home):
    assert not SiteText.objects.exists()
    english = BeautifulSoup(client.get("/").content, "html.parser")
    spanish = BeautifulSoup(client.get("/es/").content, "html.parser")
    assert english.select_one(".skip-link").get_text() == "Skip to main content"
    assert spanish.select_one(".skip-link").get_text() == "Saltar al contenido principal"
    assert not english.select_one(".crisis-notice")


def test_the_clinic_settings_choose_the_set_of_words(home_page):
    first = site_text("en")
    other = SiteText.objects.create(name="Another site", label_skip_link="Skip ahead")
    settings = SiteSettings.for_site(home_page.get_site())
    assert settings.words("en")["label_skip_link"] == first.label("label_skip_link")
    settings.site_text = other
    settings.save()
    assert SiteSettings.for_site(home_page.get_site()).words("en")["label_skip_link"] == (
        "Skip ahead"
    )


def test_reviewers_cannot_change_the_site_text(home_page):
    ensure_editorial_setup()
    user = get_user_model().objects.create_user("reviewer", password="x" * 16)  # noqa: S106
    user.groups.add(Group.objects.get(name="Medical reviewers"))
    client = Client()
    client.force_login(user)
    text = site_text("en")
    url = f"/admin/snippets/core/sitetext/edit/{text.pk}/"
    response = client.post(url, form_data(text, crisis_notice="<p>Changed.</p>"))
    assert response.status_code in (302, 403)
    assert SiteText.objects.get(pk=text.pk).crisis_notice == ""


def test_the_migration_gives_the_spanish_copy_the_catalogs_words():
    """core/migrations/0003 copies the catalog's Spanish of today's default
    words and the demo's notices (it may not import the application)."""
    import importlib
    from pathlib import Path

    import polib
    from django.conf import settings as django_settings

    from core.labels import SiteLabels
    from demo.content.home import DEMO_WORDS

    migration = importlib.import_module("core.migrations.0003_site_text")
    catalog = {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(
            str(Path(django_settings.BASE_DIR) / "locale/es/LC_MESSAGES/django.po")
        )
        if not entry.msgctxt
    }
    # core/migrations/0005 put two labels in sentence case (a Spanish copy
    # keeps the words 0003 gave the Title Case ones) and added the footer
    # menu's heading, left empty in other languages' copies (they show the
    # catalog's words).
    renamed = importlib.import_module("core.migrations.0005_sentence_case_labels").NEW_WORDING
    earlier = {new: old for old, new in renamed.values()}
    names = [name for name in LABEL_NAMES if name != "label_footer_links"]
    english = [SiteLabels._meta.get_field(name).default for name in names]
    english += [SiteText._meta.get_field(name).default for name in BUTTON_FIELDS]
    english += list(DEMO_WORDS.values())
    assert {words: migration.SPANISH.get(earlier.get(words, words)) for words in english} == {
        words: catalog[words] for words in english
    }
    assert sorted(migration.WORD_FIELDS) == sorted(names + list(WORD_FIELDS))
