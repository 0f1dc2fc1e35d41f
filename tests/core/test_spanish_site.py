"""The Spanish site equal to the English one: every listing shows the pages
of the request's language (each clinic once), the Spanish home page has
every section of the English one, search keeps to the request's language,
and hours and dates read as a Spanish reader expects."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import TestCase
from wagtail.models import Locale, Page

from tests.factories.blog import ArticlePageFactory, BlogIndexPageFactory
from tests.factories.locations import (
    LocationIndexPageFactory,
    LocationPageFactory,
    OpeningHoursExceptionFactory,
    OpeningHoursFactory,
)

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def translate(page, **fields):
    """A published Spanish translation of ``page`` (its parents translated
    first), after-commit purges run as a real request's."""
    spanish = Locale.objects.get(language_code="es")
    with TestCase.captureOnCommitCallbacks(execute=True):
        translated = page.copy_for_translation(spanish, copy_parents=True)
        for name, value in fields.items():
            setattr(translated, name, value)
        translated.save()
        translated.save_revision().publish()
    return translated


def publish(page):
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision().publish()
    return page


@pytest.fixture
def two_clinics(home_page):
    """Portland and Hood River with their Spanish pages under /es/clinicas/."""
    home_page.body = [("clinic_cards", {"heading": "Our clinics", "intro": "", "clinics": []})]
    publish(home_page)
    translate(home_page, title="Inicio")
    index = LocationIndexPageFactory(parent=home_page)
    translate(index, title="Clínicas", slug="clinicas")
    clinics = []
    for slug, title in [("portland", "Portland, OR"), ("hood-river", "Hood River, OR")]:
        clinic = LocationPageFactory(parent=index, slug=slug, title=title)
        OpeningHoursFactory(page=clinic, weekday=0)
        OpeningHoursExceptionFactory(page=clinic, date=datetime.date(2026, 12, 25))
        publish(clinic)
        translate(clinic)
        clinics.append(clinic)
    return clinics


def card_links(response):
    return [a["href"] for a in soup(response).select(".section--clinics h3 a")]


def test_english_home_lists_each_clinic_once_and_spanish_home_its_spanish_pages(
    client, two_clinics
):
    assert card_links(client.get("/")) == ["/locations/portland/", "/locations/hood-river/"]
    assert card_links(client.get("/es/")) == [
        "/es/clinicas/portland/",
        "/es/clinicas/hood-river/",
    ]


def test_an_untranslated_clinic_keeps_its_english_card_marked_english(client, two_clinics):
    index = two_clinics[0].get_parent()
    newport = LocationPageFactory(parent=index, slug="newport", title="Newport, OR")
    publish(newport)
    page = soup(client.get("/es/"))
    cards = page.select(".section--clinics article")
    assert len(cards) == 3
    assert [card.get("lang") for card in cards] == [None, None, "en"]
    assert cards[2].select_one("h3 a")["href"] == "/locations/newport/"


def hours_text(page):
    """The week as read on the page: each day's "(today)" mark is hidden but
    on today's row (opening-hours.js), so it is left out here."""
    table = page.select_one(".hours-table")
    for mark in table.select(".hours-table__today"):
        mark.decompose()
    return table.get_text(" ", strip=True)


def test_spanish_clinic_page_shows_spanish_hours_and_dates(client, two_clinics):
    page = soup(client.get("/es/clinicas/portland/"))
    hours = hours_text(page)
    # The mark itself is in Spanish too.
    assert (
        "(hoy)"
        in soup(client.get("/es/clinicas/portland/")).select_one(".hours-table__today").get_text()
    )
    assert "lunes 9:00 – 17:00" in hours
    assert "martes Cerrado" in hours
    assert "Monday" not in hours and "Closed" not in hours and "PM" not in hours
    holiday = page.select_one(".hours-exceptions").get_text(" ", strip=True)
    assert holiday.startswith("viernes, 25 de diciembre de 2026")
    # The script's words come with the hours, in Spanish.
    script = page.select_one(
        f"script#opening-hours-{two_clinics[0].get_translation(Locale.objects.get(language_code='es')).pk}"
    )
    assert '"opensTomorrow": "Cerrado, abre ma\\u00f1ana a las {time}"' in script.string
    english = soup(client.get("/locations/portland/"))
    assert "Monday 9:00 AM – 5:00 PM" in hours_text(english)
    assert "Friday, December 25, 2026" in english.select_one(".hours-exceptions").get_text(" ")


def test_latest_articles_and_search_keep_to_the_request_language(client, home_page):
    home_page.body = [("latest_articles", {"heading": "Latest", "intro": "", "count": 3})]
    publish(home_page)
    translate(home_page, title="Inicio")
    index = BlogIndexPageFactory(parent=home_page)
    publish(index)
    article = ArticlePageFactory(
        parent=index, title="Ketamine and depression", slug="ketamine-and-depression"
    )
    publish(article)
    spanish = translate(
        article,
        title="La ketamina y las depresiones",
        slug="la-ketamina-y-las-depresiones",
        summary="Cómo ayuda la ketamina.",
    )
    english_cards = soup(client.get("/")).select(".section--articles .article-card__title a")
    assert [a["href"] for a in english_cards] == ["/blog/ketamine-and-depression/"]
    spanish_cards = soup(client.get("/es/")).select(".section--articles .article-card__title a")
    assert [a["href"] for a in spanish_cards] == [spanish.url]
    assert spanish.url.startswith("/es/blog/")

    found = soup(client.get("/es/search/", {"q": "ketamina"}))
    links = [a["href"] for a in found.select("main a[href]")]
    assert spanish.url in links
    assert not [href for href in links if href.startswith("/blog/")]
    english = soup(client.get("/search/", {"q": "ketamine"}))
    english_links = [a["href"] for a in english.select("main a[href]")]
    assert "/blog/ketamine-and-depression/" in english_links
    assert not [href for href in english_links if href.startswith("/es/")]


def test_demo_spanish_home_has_every_section_of_the_english_one(client, demo_site):
    """Section by section, with as many items, each in its own language."""
    english, spanish = soup(client.get("/")), soup(client.get("/es/"))

    def sections(page):
        return [" ".join(section.get("class", [])) for section in page.select("main section")]

    assert sections(spanish) == sections(english)
    assert len(sections(english)) >= 7
    for selector in [
        ".section--services li",
        ".section--clinics article",
        ".section--steps ol > li",
        ".section--articles .article-card",
        ".faq__question",
    ]:
        assert len(spanish.select(selector)) == len(english.select(selector)), selector
    english_clinics = [a["href"] for a in english.select(".section--clinics h3 a")]
    assert english_clinics == ["/locations/portland/", "/locations/hood-river/"]
    for link in spanish.select("main a[href^='/']"):
        assert link["href"].startswith("/es/"), link["href"]
    for link in english.select("main a[href^='/']"):
        assert not link["href"].startswith("/es/"), link["href"]
    assert len(english.select(".section--articles .article-card")) == 3
    spanish_articles = Page.objects.live().filter(
        locale__language_code="es", content_type__model="articlepage"
    )
    assert spanish_articles.count() == 3


def json_ld(page):
    import json

    return [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]


def alternates(page):
    return {
        link["hreflang"]: link["href"]
        for link in page.select('head link[rel="alternate"][hreflang]')
    }


def test_spanish_article_says_spanish_to_search_engines(client, demo_site):
    spanish = Page.objects.get(slug="como-ayuda-la-ketamina-con-la-depresion")
    page = soup(client.get(spanish.url))
    assert page.html["lang"] == "es"
    languages = [
        item.get("inLanguage")
        for data in json_ld(page)
        for item in (data if isinstance(data, list) else [data])
        if item.get("@type") == "MedicalWebPage"
    ]
    assert languages == ["es"]
    english = soup(client.get("/blog/how-does-ketamine-help-depression/"))
    assert '"inLanguage": "en"' in str(english.select('script[type="application/ld+json"]'))


def test_topic_and_person_pages_point_to_their_own_translation(client, demo_site):
    """A topic's and a person's pages say their address in each language's
    words (/blog/topic/x/ and /es/blog/tema/x/), point to each other, and
    the Spanish pages still answer at the English words (links already
    sent), naming the Spanish address as canonical."""
    from blog.models import Topic
    from people.models import Person

    topic = Topic.objects.order_by("pk").first()
    person = Person.objects.order_by("pk").first()
    routes = [
        (f"topic/{topic.slug}/", f"tema/{topic.slug}/"),
        (f"people/{person.slug}/", f"personas/{person.slug}/"),
    ]
    for english_route, spanish_route in routes:
        english = soup(client.get(f"/blog/{english_route}"))
        spanish = soup(client.get(f"/es/blog/{spanish_route}"))
        expected = {
            "en": f"http://localhost/blog/{english_route}",
            "es": f"http://localhost/es/blog/{spanish_route}",
            "x-default": f"http://localhost/blog/{english_route}",
        }
        assert alternates(english) == expected
        assert alternates(spanish) == expected
        assert f"/blog/{english_route}" in [
            a["href"] for a in spanish.select(".language-switcher a")
        ]
        assert f"/es/blog/{spanish_route}" in [
            a["href"] for a in english.select(".language-switcher a")
        ]
        old = client.get(f"/es/blog/{english_route}")
        assert old.status_code == 200
        canonical = soup(old).select_one('link[rel="canonical"]')["href"]
        assert canonical == f"http://localhost/es/blog/{spanish_route}"


def test_hreflang_pairs_are_reciprocal_on_every_sitemap_url(client, demo_site):
    import re

    sitemap = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert any("/es/" in url for url in locations)
    for url in locations:
        path = url.replace("http://localhost", "")
        response = client.get(path)
        if response.status_code != 200:
            continue
        links = alternates(soup(response))
        for code, other in links.items():
            if code == "x-default":
                continue
            back = alternates(soup(client.get(other.replace("http://localhost", ""))))
            assert back == links, (url, other)


def test_holiday_notes_are_segments_of_the_clinic_translation(two_clinics):
    from wagtail_localize.segments.extract import extract_segments

    texts = [getattr(segment, "string", None) for segment in extract_segments(two_clinics[0])]
    assert "Christmas Day" in [text.data for text in texts if text is not None]


def test_demo_spanish_clinic_names_its_holidays_in_spanish(client, demo_site):
    page = soup(client.get("/es/clinicas/portland/"))
    holidays = page.select_one(".hours-exceptions").get_text(" ", strip=True)
    assert "(Navidad)" in holidays and "(Año Nuevo)" in holidays
    assert "de diciembre de" in holidays
    english = soup(client.get("/locations/portland/"))
    assert "(Christmas Day)" in english.select_one(".hours-exceptions").get_text(" ")


def english_furniture():
    """The English words the catalog translates (whole texts, no placeholders)."""
    import pathlib

    import polib

    po = polib.pofile(
        str(pathlib.Path(__file__).resolve().parents[2] / "locale/es/LC_MESSAGES/django.po")
    )
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    return {
        entry.msgid
        for entry in po
        if not entry.msgid_plural
        and entry.msgstr != entry.msgid
        and not any(mark in entry.msgid for mark in ("%(", "{", "<"))
    }


def spanish_urls():
    from blog.models import Topic
    from people.models import Person

    urls = [p.url for p in Page.objects.live().filter(locale__language_code="es") if p.url]
    urls += [f"/es/blog/tema/{topic.slug}/" for topic in Topic.objects.all()]
    urls += [f"/es/blog/personas/{person.slug}/" for person in Person.objects.all()]
    return urls + ["/es/search/?q=ketamina", "/es/search/?q=zzzz", "/es/blog/?page=1"]


def test_no_english_furniture_and_no_english_page_on_spanish_pages(client, demo_site):
    """Render every Spanish page (each page type, topic and person pages,
    search) and look for any English word the catalog translates, and for
    links from the Spanish page's content to English pages."""
    english = english_furniture()
    found = {}
    for url in spanish_urls():
        page = soup(client.get(url))
        for element in page.select('[lang]:not(html):not([lang="es"])'):
            element.decompose()  # taglines, an untranslated clinic's card: said in their language
        for element in page(["script", "style", "template"]):
            element.decompose()
        texts = {text.strip() for text in page.find_all(string=True)}
        for attribute in ("aria-label", "title", "placeholder", "alt", "content"):
            texts |= {element[attribute].strip() for element in page.select(f"[{attribute}]")}
        leftovers = texts & english
        if leftovers:
            found[url] = sorted(leftovers)
        main = page.select_one("main")
        links = [a["href"] for a in main.select("a[href^='/']")]
        english_links = [href for href in links if not href.startswith("/es/")]
        assert not english_links, (url, english_links)
    assert found == {}


def test_topics_are_translated_on_spanish_pages(client, demo_site):
    article = soup(client.get("/es/blog/como-ayuda-la-ketamina-con-la-depresion/"))
    topics = {a.get_text(strip=True): a["href"] for a in article.select(".article__topics a")}
    assert topics["Depresión"] == "/es/blog/tema/depression/"
    assert "Depression" not in topics
    topic_page = soup(client.get("/es/blog/tema/depression/"))
    assert topic_page.h1.get_text(strip=True) == "Depresión"
    assert "Síntomas, causas y tratamiento de la depresión." in topic_page.get_text()
    cards = [a["href"] for a in topic_page.select(".article-card__title a")]
    assert cards and all(href.startswith("/es/blog/") for href in cards)
    card_topics = {a.get_text(strip=True) for a in topic_page.select(".article-card__topic")}
    assert "Depresión" in card_topics and "Depression" not in card_topics
    english = soup(client.get("/blog/topic/depression/"))
    assert english.h1.get_text(strip=True) == "Depression"
    assert len(english.select(".article-card__title a")) == len(cards)


def test_spanish_search_lists_spanish_articles_and_english_search_no_spanish_page(
    client, demo_site
):
    spanish = soup(client.get("/es/search/", {"q": "depresión"}))
    results = [a["href"] for a in spanish.select(".search-result__title a")]
    assert results and all(href.startswith("/es/") for href in results)
    assert "/es/blog/como-ayuda-la-ketamina-con-la-depresion/" in results
    assert spanish.select_one(".search-result__type").get_text(strip=True) in {
        "Artículo",
        "Página de inicio",
        "Artículos",
        "Clínica",
    }
    english = soup(client.get("/search/", {"q": "ketamina"}))
    assert not [
        a["href"] for a in english.select(".search-result__title a") if a["href"].startswith("/es/")
    ]


def test_a_later_page_of_a_list_declares_no_alternates(client, demo_site, settings):
    from blog.models import BlogIndexPage

    BlogIndexPage.objects.filter(locale__language_code="en").update(articles_per_page=1)
    second = soup(client.get("/blog/", {"page": "2"}))
    assert alternates(second) == {}
    assert alternates(soup(client.get("/blog/"))) == {
        "en": "http://localhost/blog/",
        "es": "http://localhost/es/blog/",
        "x-default": "http://localhost/blog/",
    }


def test_demo_completes_a_spanish_home_page_translated_without_its_sections(client, demo_site):
    """An earlier demo translated the home page before its sections existed:
    a re-run gives the Spanish home its sections, and a third run changes nothing."""
    import io

    from django.core.management import call_command

    from home.models import HomePage

    spanish_home = HomePage.objects.get(depth=2, locale__language_code="es")
    spanish_home.body = []
    publish(spanish_home)
    assert not soup(client.get("/es/")).select("main section.section")

    call_command("load_demo_content", stdout=io.StringIO())
    page = soup(client.get("/es/"))
    assert len(page.select("main section.section")) >= 5
    assert page.select_one(".section--services h2").get_text(strip=True) == "Cómo podemos ayudarle"
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert "nothing changed" in out.getvalue()
