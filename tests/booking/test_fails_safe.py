"""The booking page fails safe: with the database unreachable it gives the
clinics' phone numbers instead of times (in the visitor's language); and the
consultation form's thank-you page offers booking, in its own language."""

import pytest
from bs4 import BeautifulSoup
from django.db import OperationalError
from django.test import RequestFactory, TestCase
from wagtail.models import Locale

from tests.factories.forms_app import ConsultationPageFactory

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def spanish(page, slug):
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation = page.copy_for_translation(
            Locale.objects.get(language_code="es"), copy_parents=True
        )
        translation.slug = slug
        translation.save()
        translation.save_revision().publish()
    return translation


def test_without_the_database_the_booking_page_gives_phone_numbers(
    client, booking_page, monkeypatch
):
    from core.views import healthz

    spanish(booking_page, "reservar")
    healthz(RequestFactory().get("/healthz"))  # keeps the outage snapshot, as every 30 s

    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("wagtail.models.Page.route_for_request", down)
    response = client.get("/book/?type=1&day=2026-11-26")
    assert response.status_code == 503 and response["Cache-Control"] == "no-store"
    page = soup(response)
    assert page.h1.get_text() == "Book by phone"
    assert page.select_one('main a[href="tel:+15035550142"]').get_text() == "(503) 555-0142"
    assert "Portland" in page.select_one("main").get_text()
    assert not page.select("input[name=time]")

    es = soup(client.get("/es/reservar/"))
    assert es.html["lang"] == "es" and es.h1.get_text() == "Reserve por teléfono"
    # Other pages keep the site's general 503 page.
    assert soup(client.get("/about/")).h1.get_text() == "Please try again in a moment"


def test_the_thank_you_page_offers_booking_in_its_language(client, home_page, booking_page):
    consultation = ConsultationPageFactory(parent=home_page)
    thanks = soup(client.get("/request-a-consultation/thank-you/"))
    link = thanks.select_one('main a[href="/book/"]')
    assert link.get_text() == "Book a time now"

    spanish(booking_page, "reservar")
    spanish(consultation, "solicitar-una-consulta")
    gracias = soup(client.get("/es/solicitar-una-consulta/gracias/"))
    assert (
        gracias.select_one('main a[href="/es/reservar/"]').get_text() == "Reservar una hora ahora"
    )
