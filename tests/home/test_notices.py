"""The notices a clinic must post (home.models.NoticePage): the Notice of
Privacy Practices, the notice of nondiscrimination, the notice of language
assistance with its taglines, the accessibility statement, the notice of the
right to a Good Faith Estimate. The clinic
settings name which page is which; every page's footer links them in the
visitor's language; the consultation form's consent line links the Notice
of Privacy Practices."""

import pytest
from bs4 import BeautifulSoup
from django.test import TestCase
from wagtail.models import Page

from core.models import NOTICE_PAGE_FIELDS, SiteSettings
from forms_app.models import ConsultationPage, ConsultationSubmission
from home.blocks import LanguageTaglinesBlock
from home.models import NoticePage
from tests.forms_app.conftest import valid_data

pytestmark = pytest.mark.django_db

NOTICE_URLS = {
    "en": [
        "/notice-of-privacy-practices/",
        "/nondiscrimination/",
        "/language-assistance/",
        "/accessibility/",
        "/good-faith-estimate/",
    ],
    "es": [
        "/es/aviso-de-practicas-de-privacidad/",
        "/es/no-discriminacion/",
        "/es/asistencia-linguistica/",
        "/es/accesibilidad/",
        "/es/presupuesto-de-buena-fe/",
    ],
}


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def footer_notices(response):
    """[(href, text, lang)] of the footer's notice links."""
    return [
        (a["href"], a.get_text(strip=True), a.get("lang", ""))
        for a in soup(response).select("footer .site-footer__notices a")
    ]


def published(page):
    """Publish ``page``, its after-commit cache purges run as a real request's."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision().publish()


def test_every_page_footer_links_the_notices_in_its_language(client, demo_site):
    """Each live page of the demo, in both languages, and the page-not-found
    page: the five notices, the Notice of Privacy Practices first."""
    pages = Page.objects.live().filter(depth__gt=1).specific()
    assert {type(page).__name__ for page in pages} >= {
        "HomePage",
        "StandardPage",
        "NoticePage",
        "BlogIndexPage",
        "ArticlePage",
        "LocationIndexPage",
        "LocationPage",
        "ConsultationPage",
    }
    for page in pages:
        language = page.locale.language_code
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert [href for href, _text, _lang in footer_notices(response)] == NOTICE_URLS[language], (
            page.url
        )
    for url, language in (("/no-such-page/", "en"), ("/es/no-such-page/", "es")):
        response = client.get(url)
        assert response.status_code == 404
        assert [href for href, _text, _lang in footer_notices(response)] == NOTICE_URLS[language]

    english = footer_notices(client.get("/"))
    assert [text for _href, text, _lang in english] == [
        "Notice of Privacy Practices",
        "Notice of Nondiscrimination",
        "Language assistance",
        "Accessibility statement",
        "Your right to a Good Faith Estimate",
    ]
    spanish = soup(client.get("/es/"))
    assert spanish.select_one("footer .site-footer__notices")["aria-label"] == "Avisos"
    assert [a.get_text(strip=True) for a in spanish.select("footer .site-footer__notices a")][
        :2
    ] == ["Aviso de prácticas de privacidad", "Aviso de no discriminación"]


def test_the_language_assistance_notice_has_taglines_in_at_least_15_languages(client, demo_site):
    for url in ("/language-assistance/", "/es/asistencia-linguistica/"):
        page = soup(client.get(url))
        taglines = page.select(".taglines .tagline")
        languages = [tagline["lang"] for tagline in taglines]
        assert len(set(languages)) == len(languages) >= 15, url
        assert {"es", "vi", "zh-Hans", "zh-Hant", "ru", "ko", "ar", "so"} <= set(languages)
        direction = {tagline["lang"]: tagline["dir"] for tagline in taglines}
        assert direction["ar"] == direction["fa"] == "rtl"
        assert direction["es"] == direction["vi"] == "ltr"
        # Each gives the clinic's number (the clinic settings' phone) and the TTY.
        for tagline in taglines:
            numbers = [a["href"] for a in tagline.select("a")]
            assert numbers == ["tel:+15035550100", "tel:711"], tagline["lang"]
        vietnamese = page.select_one('.tagline[lang="vi"]').get_text(" ", strip=True)
        assert vietnamese.startswith("Tiếng Việt CHÚ Ý: Nếu bạn nói Tiếng Việt")


def test_notices_show_their_effective_date_in_the_visitors_language(client, demo_site):
    english = soup(client.get("/notice-of-privacy-practices/"))
    effective = english.select_one(".notice-page__effective")
    # The same long date as the articles and clinic pages (core/formats/en).
    assert effective.get_text(" ", strip=True) == "Effective November 1, 2026"
    assert effective.select_one("time")["datetime"] == "2026-11-01"
    spanish = soup(client.get("/es/aviso-de-practicas-de-privacidad/"))
    assert spanish.select_one("html")["lang"] == "es"
    assert (
        spanish.select_one(".notice-page__effective").get_text(" ", strip=True)
        == "En vigor desde el 1 de noviembre de 2026"
    )
    assert spanish.select_one("h1").get_text() == "Aviso de prácticas de privacidad"
    assert "Sus derechos" in [h2.get_text() for h2 in spanish.select("main h2")]


def test_accessibility_statement_says_how_to_report_a_barrier(client, demo_site):
    page = soup(client.get("/accessibility/"))
    assert "Report a barrier" in [h2.get_text() for h2 in page.select("main h2")]
    links = [a["href"] for a in page.select("main a")]
    assert any(href.startswith("mailto:accessibility@") for href in links)
    assert "tel:+15035550100" in links


def test_an_untranslated_notice_is_still_linked_from_the_spanish_footer(client, demo_site):
    """A notice the clinic must post is never left out: the Spanish footer
    links the English page, marked as English."""
    translation = NoticePage.objects.get(slug="no-discriminacion")
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.unpublish()
    links = footer_notices(client.get("/es/"))
    assert ("/nondiscrimination/", "Notice of Nondiscrimination", "en") in links
    assert len(links) == 5


def test_editing_a_notice_or_the_settings_updates_every_footer(client, demo_site, settings):
    """With the page cache on: the footer's cached links change when a notice
    is renamed, and when the settings name another page."""
    settings.PAGE_CACHE_ENABLED = True
    assert footer_notices(client.get("/about/"))[1][1] == "Notice of Nondiscrimination"
    assert footer_notices(client.get("/about/"))[1][1] == "Notice of Nondiscrimination"

    notice = NoticePage.objects.get(slug="nondiscrimination")
    notice.title = "Nondiscrimination notice"
    published(notice)
    assert footer_notices(client.get("/about/"))[1][1] == "Nondiscrimination notice"

    spanish_notice = NoticePage.objects.get(slug="no-discriminacion")
    spanish_notice.title = "Aviso contra la discriminación"
    published(spanish_notice)
    assert footer_notices(client.get("/es/"))[1][1] == "Aviso contra la discriminación"

    site_settings = SiteSettings.for_site(demo_site)
    site_settings.accessibility_page = None
    with TestCase.captureOnCommitCallbacks(execute=True):
        site_settings.save()
    assert [text for _h, text, _l in footer_notices(client.get("/about/"))] == [
        "Notice of Privacy Practices",
        "Nondiscrimination notice",
        "Language assistance",
        "Your right to a Good Faith Estimate",
    ]


def test_no_notice_pages_chosen_no_notices_nav(client, demo_site):
    site_settings = SiteSettings.for_site(demo_site)
    for name in NOTICE_PAGE_FIELDS:
        setattr(site_settings, name, None)
    with TestCase.captureOnCommitCallbacks(execute=True):
        site_settings.save()
    page = soup(client.get("/"))
    assert page.select("footer .site-footer__notices") == []
    # The footer's small print is still there.
    assert (
        "not a substitute for professional medical advice"
        in page.select_one("footer .site-footer__small").get_text()
    )


def test_the_consent_line_links_the_notice_of_privacy_practices(
    client, demo_site, django_capture_on_commit_callbacks
):
    english = soup(client.get("/request-a-consultation/"))
    links = [(a["href"], a.get_text()) for a in english.select(".form-field__links a")]
    assert links == [
        ("/privacy/", "Privacy policy"),
        ("/notice-of-privacy-practices/", "Notice of Privacy Practices"),
    ]
    spanish = soup(client.get("/es/solicitar-una-consulta/"))
    links = [(a["href"], a.get("lang")) for a in spanish.select(".form-field__links a")]
    assert links == [("/es/privacidad/", None), ("/es/aviso-de-practicas-de-privacidad/", None)]
    # A policy with no Spanish version live is linked in English, and marked so.
    Page.objects.get(locale__language_code="es", slug="privacidad").unpublish()
    spanish = soup(client.get("/es/solicitar-una-consulta/"))
    links = [(a["href"], a.get("lang")) for a in spanish.select(".form-field__links a")]
    assert links == [("/privacy/", "en"), ("/es/aviso-de-practicas-de-privacidad/", None)]

    # The request stores the wording the visitor agreed to, with both pages.
    page = ConsultationPage.objects.get(locale__language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, valid_data(page))
    assert response.status_code == 303
    stored = ConsultationSubmission.objects.get()
    assert stored.consent_text.startswith("I agree to be contacted")
    assert "[Privacy policy: http://localhost/privacy/]" in stored.consent_text
    assert (
        "[Notice of Privacy Practices: http://localhost/notice-of-privacy-practices/]"
        in stored.consent_text
    )


def test_the_taglines_block_refuses_a_bad_phone_number():
    from django.core.exceptions import ValidationError

    block = LanguageTaglinesBlock()
    value = block.to_python(
        {
            "phone": "call us",
            "tty": "711",
            "taglines": [{"language": "vi", "language_name": "Tiếng Việt", "text": "Gọi số"}],
        }
    )
    with pytest.raises(ValidationError) as raised:
        block.clean(value)
    assert "phone" in raised.value.block_errors
    value["phone"] = "(503) 555-0100"
    assert block.clean(value)["phone"] == "(503) 555-0100"


def test_taglines_are_not_offered_for_translation(demo_site):
    """wagtail-localize copies them into a translation as they are: a
    translator sees the notice's own words, not 18 other languages."""
    from wagtail_localize.models import String, TranslationSource

    notice = NoticePage.objects.get(slug="language-assistance")
    source, _created = TranslationSource.get_or_create_from_instance(notice)
    strings = set(String.objects.filter(segments__source=source).values_list("data", flat=True))
    assert "Help in your language" in strings
    assert not any(text.startswith("CHÚ Ý") or text == "Tiếng Việt" for text in strings)


def test_the_admin_names_the_notice_pages(demo_site, admin_client):
    from django.urls import reverse

    url = reverse("wagtailsettings:edit", args=["core", "sitesettings", demo_site.pk])
    page = soup(admin_client.get(url))
    for name in NOTICE_PAGE_FIELDS:
        assert page.select_one(f'input[name="{name}"]') is not None, name
    add = reverse("wagtailadmin_pages:add", args=["home", "noticepage", demo_site.root_page_id])
    assert admin_client.get(add).status_code == 200


def test_the_good_faith_estimate_notice_has_the_federal_standard_content(client, demo_site):
    """The No Surprises Act notice (45 CFR 149.610) in both languages: the
    right to an estimate of the total expected cost, in writing at least one
    business day before, the $400 dispute, keeping a copy, and where to learn
    more (www.cms.gov/nosurprises, 1-800-985-3059)."""
    english = soup(client.get("/good-faith-estimate/"))
    text = english.select_one("main").get_text(" ", strip=True)
    for words in (
        "Good Faith Estimate",
        "total expected cost of any non-emergency items or services",
        "in writing at least 1 business day before",
        "before you schedule an item or service",
        "at least $400 more than your Good Faith Estimate, you can dispute the bill",
        "save a copy or picture",
    ):
        assert words in text, words
    spanish = soup(client.get("/es/presupuesto-de-buena-fe/"))
    assert spanish.select_one("html")["lang"] == "es"
    texto = spanish.select_one("main").get_text(" ", strip=True)
    for words in (
        "Presupuesto de buena fe",
        "costo total previsto",
        "al menos 1 día hábil antes",
        "al menos $400",
        "guardar una copia",
    ):
        assert words in texto, words
    for page in (english, spanish):
        hrefs = [a["href"] for a in page.select("main a")]
        assert "https://www.cms.gov/nosurprises" in hrefs
        assert "tel:+18009853059" in hrefs
