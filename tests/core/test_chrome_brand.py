"""The brand and the calls in the chrome: the demo's logo in the header and
the structured data, the brand mark without a logo, the header's call
button (a clinic's page dials that clinic), the consultation button left
off the page it leads to, and the footer menu's heading in both languages.
(Their sizes and colours on a phone: tests/e2e/test_chrome_phone.py.)"""

import json

import pytest
from bs4 import BeautifulSoup

from core.models import SiteSettings

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def json_ld(soup):
    """Every item of the page's JSON-LD scripts (a script may hold a list)."""
    items = []
    for script in soup("script", type="application/ld+json"):
        data = json.loads(script.string)
        items.extend(data if isinstance(data, list) else [data])
    return items


def test_the_demo_logo_is_the_header_brand_and_the_organizations_logo(client, demo_site):
    soup = soup_of(client, "/")
    logo = soup.select_one(".site-header__brand img.site-header__logo")
    assert logo["alt"] == "Rainfall Medicine"
    assert logo["src"].endswith(".svg")
    assert (logo["width"], logo["height"]) == ("142", "48")  # no layout shift, integers
    organization = next(
        item for item in json_ld(soup) if item.get("@id", "").endswith("#organization")
    )
    assert organization["logo"].startswith("http")
    assert "rainfall-medicine-logo" in organization["logo"]


def test_without_a_logo_the_header_shows_the_mark_beside_the_name(client, demo_site):
    settings = SiteSettings.for_site(demo_site)
    settings.logo = None
    settings.save()

    brand = soup_of(client, "/about/").select_one(".site-header__brand")
    assert brand.img is None
    mark = brand.select_one("svg.brand-mark")
    assert mark["aria-hidden"] == "true"  # the name beside it says whose site it is
    assert (mark["width"], mark["height"]) == ("40", "40")
    assert brand.select_one(".site-header__name").get_text(strip=True) == "Rainfall Medicine"


def test_the_call_button_is_named_by_its_words_and_number(client, demo_site):
    call = soup_of(client, "/about/").select_one("header .site-header__call")
    assert call["href"] == "tel:+15035550100"
    assert call.svg["aria-hidden"] == "true"
    assert call.get_text(" ", strip=True) == "Call us (503) 555-0100"


def test_a_clinic_page_header_calls_that_clinic(client, demo_site):
    call = soup_of(client, "/locations/portland/").select_one("header .site-header__call")
    assert call["href"] == "tel:+15035550142"
    assert call.get_text(" ", strip=True) == "Call Portland (503) 555-0142"
    spanish = soup_of(client, "/es/clinicas/portland/").select_one("header .site-header__call")
    assert spanish.get_text(" ", strip=True) == "Llamar Portland (503) 555-0142"


def test_the_consultation_page_does_not_offer_itself(client, demo_site):
    assert soup_of(client, "/request-a-consultation/").select(".site-header__cta") == []
    assert soup_of(client, "/es/solicitar-una-consulta/").select(".site-header__cta") == []
    cta = soup_of(client, "/about/").select_one(".site-header__cta")
    assert cta["href"] == "/request-a-consultation/"


@pytest.mark.parametrize("url, heading", [("/", "Useful links"), ("/es/", "Enlaces útiles")])
def test_every_footer_column_has_a_heading(client, demo_site, url, heading):
    footer = soup_of(client, url).select_one("footer.site-footer")
    nav = footer.select_one(".site-footer__nav")
    assert nav.h2.get_text(strip=True) == heading
    assert nav["aria-labelledby"] == nav.h2["id"]
    assert footer.select_one(".site-footer__brand svg.brand-mark") is not None


def test_every_demo_service_card_links_somewhere(client, demo_site):
    for url in ["/", "/es/"]:
        cards = soup_of(client, url).select(".services .service")
        assert len(cards) == 4  # the demo: treatments, approach, a first visit, costs
        assert all(card.select_one(".service__link a[href]") for card in cards), url
