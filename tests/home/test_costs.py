"""The costs page (home.models.CostsPage), the links to it and to the Good
Faith Estimate notice (the home page, the footer, the consultation form's
aside, the clinic pages), the consultation form's aside and the clinics'
priceRange, in English and Spanish, with the demo content."""

import json

import pytest
from bs4 import BeautifulSoup
from django.test import TestCase

from core.models import SiteSettings
from home.models import CostsPage

pytestmark = pytest.mark.django_db

COSTS = {"en": "/costs/", "es": "/es/costos/"}
ESTIMATE = {"en": "/good-faith-estimate/", "es": "/es/presupuesto-de-buena-fe/"}
FORM = {"en": "/request-a-consultation/", "es": "/es/solicitar-una-consulta/"}
CLINIC = {"en": "/locations/portland/", "es": "/es/clinicas/portland/"}


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text(node):
    return node.get_text(" ", strip=True)


def hrefs(nodes):
    return [a["href"] for a in nodes]


def saved(setting):
    with TestCase.captureOnCommitCallbacks(execute=True):
        setting.save()


def test_the_costs_page_shows_prices_insurance_and_payment_in_english(client, demo_site):
    page = soup(client, COSTS["en"])
    main = page.select_one("main")
    assert text(main.select_one("h1")) == "Costs and insurance"
    assert "Demo prices" in text(main.select_one(".page-header"))
    assert "first visit within one to two weeks" in text(main.select_one(".costs__first-visit"))
    cards = {
        text(card.select_one(".price-card__name")): card for card in main.select(".price-card")
    }
    assert text(cards["Ketamine infusion"].select_one(".price-card__price")) == "$450 per infusion"
    assert text(cards["Ketamine infusion"].select_one(".price-card__insurance")) == (
        "Usually self-pay"
    )
    spravato = cards["Spravato® (esketamine) session"]
    assert text(spravato.select_one(".price-card__amount")) == "$0–$60"
    assert text(spravato.select_one(".price-card__insurance")) == "Often covered by insurance"
    assert "Includes:" in text(spravato)
    headings = [text(h2) for h2 in main.select("h2")]
    for heading in ("Prices", "Insurance", "HSA and FSA cards", "Payment plans", "Who is eligible"):
        assert heading in headings
    assert "health savings account (HSA)" in text(main)
    assert "three monthly payments" in text(main)
    # The right to a Good Faith Estimate, linked; and the way to ask for a call.
    estimate = main.select_one(".costs__estimate")
    assert "right to a Good Faith Estimate" in text(estimate)
    assert hrefs(estimate.select("a")) == [ESTIMATE["en"]]
    assert "/request-a-consultation/" in hrefs(main.select(".costs__action a"))


def test_the_costs_page_in_spanish(client, demo_site):
    page = soup(client, COSTS["es"])
    assert page.select_one("html")["lang"] == "es"
    main = page.select_one("main")
    assert text(main.select_one("h1")) == "Costos y seguro"
    cards = {
        text(card.select_one(".price-card__name")): card for card in main.select(".price-card")
    }
    infusion = cards["Infusión de ketamina"]
    assert text(infusion.select_one(".price-card__price")) == "$450 por infusión"
    assert text(infusion.select_one(".price-card__insurance")) == "Normalmente lo paga el paciente"
    assert text(cards["Sesión de Spravato® (esketamina)"].select_one(".price-card__insurance")) == (
        "El seguro suele cubrirlo"
    )
    headings = [text(h2) for h2 in main.select("h2")]
    for heading in ("Precios", "Seguro", "Tarjetas HSA y FSA", "Planes de pago"):
        assert heading in headings
    assert "Estamos en la red de Aetna" in text(main)
    estimate = main.select_one(".costs__estimate")
    assert "Presupuesto de buena fe" in text(estimate)
    assert hrefs(estimate.select("a")) == [ESTIMATE["es"]]


@pytest.mark.parametrize("language", ["en", "es"])
def test_footer_links_the_costs_page_and_the_estimate_notice(client, demo_site, language):
    home = "/" if language == "en" else "/es/"
    footer = soup(client, home).select_one("footer")
    assert COSTS[language] in hrefs(footer.select(".site-footer__nav a"))
    assert ESTIMATE[language] in hrefs(footer.select(".site-footer__notices a"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_home_page_links_the_costs_page(client, demo_site, language):
    home = "/" if language == "en" else "/es/"
    main = soup(client, home).select_one("main")
    assert COSTS[language] in hrefs(main.select(".services a"))


def test_the_consultation_form_aside_says_what_happens_next_privacy_and_cost(client, demo_site):
    page = soup(client, FORM["en"])
    aside = page.select_one("main aside.consultation-aside")
    assert aside["aria-label"] == "About your request"
    assert [text(h2) for h2 in aside.select("h2")] == [
        "What happens next",
        "Your privacy",
        "Cost",
    ]
    words = text(aside)
    assert "within one business day" in words
    assert "Only our intake team sees your request" in words
    assert "The consultation call is free" in words
    assert hrefs(aside.select("a")) == [COSTS["en"], ESTIMATE["en"]]
    # After the form in the page: below it on phones.
    assert page.select_one("form.consultation-form").find_next("aside") == aside

    spanish = soup(client, FORM["es"]).select_one("main aside.consultation-aside")
    assert spanish["aria-label"] == "Sobre su solicitud"
    assert [text(h2) for h2 in spanish.select("h2")] == [
        "Qué pasa después",
        "Su privacidad",
        "Costo",
    ]
    assert "La llamada de consulta es gratuita" in text(spanish)
    assert hrefs(spanish.select("a")) == [COSTS["es"], ESTIMATE["es"]]


@pytest.mark.parametrize("language", ["en", "es"])
def test_clinic_pages_link_the_costs_page_and_publish_a_price_range(client, demo_site, language):
    page = soup(client, CLINIC[language])
    assert hrefs(page.select("main .location__costs a")) == [COSTS[language]]
    clinic = next(
        item
        for item in (
            json.loads(s.string) for s in page.select('script[type="application/ld+json"]')
        )
        if item.get("@type") == "MedicalClinic"
    )
    assert clinic["priceRange"] == "$0–$2,400"


def test_the_links_follow_the_clinic_settings(client, demo_site, settings):
    """Editors choose the costs page, the notice and the price range: with
    none chosen, no link and no priceRange (nothing is typed in a template);
    with the page cache on, the cached pages change at once."""
    settings.PAGE_CACHE_ENABLED = True
    for url in (FORM["en"], CLINIC["en"]):
        client.get(url)
    site_settings = SiteSettings.for_site(demo_site)
    site_settings.costs_page = None
    site_settings.good_faith_estimate_page = None
    site_settings.price_range = ""
    saved(site_settings)
    form = soup(client, FORM["en"])
    assert COSTS["en"] not in hrefs(form.select("main a"))
    assert ESTIMATE["en"] not in hrefs(form.select("a"))
    # The page's own words stay beside the form.
    assert "The consultation call is free" in text(form.select_one(".consultation-aside"))
    clinic = soup(client, CLINIC["en"])
    assert clinic.select_one(".location__costs") is None
    assert "priceRange" not in str(clinic.select('script[type="application/ld+json"]'))
    assert soup(client, COSTS["en"]).select_one(".costs__estimate") is None

    site_settings.costs_page = CostsPage.objects.get(slug="costs")
    saved(site_settings)
    assert hrefs(soup(client, CLINIC["en"]).select(".location__costs a")) == [COSTS["en"]]


def test_editors_can_add_a_costs_page(demo_site, admin_client):
    from django.urls import reverse

    add = reverse("wagtailadmin_pages:add", args=["home", "costspage", demo_site.root_page_id])
    response = admin_client.get(add)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("first_visit", "insurance", "hsa_fsa", "payment_plans", "eligibility"):
        assert f'name="{name}"' in html, name
    assert "Service and price" in html  # the prices' block, in the stream's definition
    settings_url = reverse("wagtailsettings:edit", args=["core", "sitesettings", demo_site.pk])
    html = admin_client.get(settings_url).content.decode()
    for name in ("costs_page", "price_range", "good_faith_estimate_page"):
        assert f'name="{name}"' in html, name
