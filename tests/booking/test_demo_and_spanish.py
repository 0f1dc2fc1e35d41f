"""The demo's booking page in both languages: linked from the home page and
the consultation page, its Spanish translation under /es/reservar/ booking
a time in Spanish (page, confirmation and email), with the holidays of the
demo clinics left out."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from booking.models import AppointmentType, Booking

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_demo_links_booking_and_books_in_spanish(
    client, clinic_clock, demo_site, django_capture_on_commit_callbacks
):
    # Linked from the home page's call to action and the consultation page
    # (as stored: the pages themselves are rendered by their own tests).
    from booking.models import BookingPage
    from forms_app.models import ConsultationPage
    from home.models import HomePage

    booking_page = BookingPage.objects.get(locale__language_code="en")
    home = HomePage.objects.get(locale__language_code="en")
    band = next(block for block in home.body.raw_data if block["type"] == "cta_band")
    links = [item.get("value", item) for item in band["value"]["links"]]
    assert booking_page.pk in [link["page"] for link in links]
    consultation = ConsultationPage.objects.get(locale__language_code="en")
    assert f'id="{booking_page.pk}"' in consultation.intro
    assert client.get("/book/").status_code == 200

    response = client.get("/es/reservar/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "es"
    assert page.select_one(".booking__types legend").get_text(strip=True) == "¿Qué desea reservar?"
    phone_call = AppointmentType.objects.get(
        name="Free 15-minute phone consultation",
        clinic__slug="portland",
        locale__language_code="en",
    )
    label = page.select_one(f"label[for=type-{phone_call.pk}]").get_text(" ", strip=True)
    assert "Consulta telefónica gratuita de 15 minutos" in label

    day = soup(client.get(f"/es/reservar/?type={phone_call.pk}"))
    legend = day.select_one(".booking__times legend").get_text(strip=True)
    # The clock says Wednesday 25 November 2026, 10:00; 12 hours' notice.
    assert legend == "Horas libres el jueves, 26 de noviembre de 2026"
    first = day.select_one(".booking__time-list label").get_text(strip=True)
    assert first == "9:00 PST"
    assert "zona horaria de la clínica (America/Los_Angeles)" in day.get_text()
    assert day.select_one("input[name=contact_language][value=es]").has_attr("checked")
    # Christmas Day, a demo holiday, is never offered.
    links = [link["href"] for link in day.select("nav.booking__days a")]
    assert not any("2026-12-25" in href for href in links)

    time = day.select_one("input[name=time]")["value"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/es/reservar/",
            {
                "type": phone_call.pk,
                "time": time,
                "name": "Ana Ejemplo",
                "email": "ana@example.test",
                "phone": "",
                "contact_language": "es",
                "consent": "on",
            },
        )
    assert response.status_code == 303
    assert re.fullmatch(r"/es/reservar/reserva/[0-9a-f-]+/", response["Location"])
    booking = Booking.objects.get()
    assert booking.language == booking.contact_language == "es"
    assert booking.consent_text.startswith("Acepto que me contacten")

    confirmation = soup(client.get(response["Location"])).get_text(" ", strip=True)
    assert "Su cita está confirmada" in confirmation
    assert "jueves, 26 de noviembre de 2026, 9:00 PST" in confirmation
    (email,) = [message for message in mail.outbox if message.to == ["ana@example.test"]]
    assert email.subject == "Su cita está confirmada: jueves, 26 de noviembre de 2026, 9:00 PST"
    assert "Consulta telefónica gratuita de 15 minutos" in email.body
    assert "Ana" not in email.body
