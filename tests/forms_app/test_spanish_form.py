"""The consultation form in Spanish (/es/solicitar-una-consulta/): its
fields and errors in Spanish, the request stored once with language "es"
and the consent wording shown, the visitor's confirmation in Spanish, the
intake alert in English, and the intake workspace's language column and
filter."""

import time

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from forms_app.forms import CONSENT_FIELD, TOKEN_FIELD
from forms_app.models import ConsultationPage, ConsultationSubmission
from forms_app.spam import issue_token

from .conftest import valid_data

pytestmark = pytest.mark.django_db

URL = "/es/solicitar-una-consulta/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def spanish_page(demo_site):
    return ConsultationPage.objects.get(locale__language_code="es")


def spanish_data(page, **overrides):
    """The conftest's valid POST, with Spanish answers."""
    spanish = {
        "full_name": "Ana Ejemplo",
        "email": "ana@example.test",
        "phone": "541-555-0123",
        "preferred_clinic_location": "hood-river",
        "preferred_contact_method": "Mensaje de texto",
        "how_can_we_help": "Quisiera saber más sobre el tratamiento.",
    }
    return valid_data(page, **{**spanish, **overrides})


def requests(listing):
    """The rows of the list of requests (not of the per-clinic summary)."""
    return [row for row in soup(listing).select("table tbody tr") if "#" in row.get_text()]


def post(client, page, data, capture):
    with capture(execute=True):
        return client.post(page.url, data)


def test_the_spanish_form_asks_in_spanish(client, spanish_page):
    assert spanish_page.url == URL
    response = client.get(URL)
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "es"
    labels = [label.get_text(" ", strip=True) for label in page.select("form label")]
    assert any(label.startswith("Nombre completo") for label in labels)
    assert any(label.startswith("Correo electrónico") for label in labels)
    assert "Llamada telefónica" in page.get_text()
    assert "Elija una clínica" in page.get_text()
    assert "deben responderse" in page.get_text()
    assert (
        page.select_one(".consultation-form [type=submit]").get_text(strip=True)
        == "Enviar mi solicitud"
    )
    # The clinics it offers lead to the Spanish clinic pages in the footer.
    footer = [a["href"] for a in page.select(".site-footer a") if "/clinicas/" in a["href"]]
    assert footer and all(href.startswith("/es/clinicas/") for href in footer)


def test_a_spanish_request_is_stored_once_in_spanish_with_spanish_email(
    client, spanish_page, django_capture_on_commit_callbacks
):
    response = post(
        client, spanish_page, spanish_data(spanish_page), django_capture_on_commit_callbacks
    )
    assert response.status_code == 303
    assert response["Location"] == URL + "gracias/?location=hood-river"
    submission = ConsultationSubmission.objects.get()
    assert submission.language == "es"
    assert submission.get_language_display() == "Español"
    assert submission.form_data["preferred_contact_method"] == "Mensaje de texto"
    assert submission.location_name == "Hood River, OR"
    # The wording the visitor agreed to, as shown: in Spanish.
    assert submission.consent_text.startswith("Acepto que se comuniquen conmigo")

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert soup(thanks).html["lang"] == "es"
    assert "Recibimos su solicitud" in thanks.content.decode()
    # Its language switcher leads to the English thank-you page.
    switch = [a["href"] for a in soup(thanks).select(".language-switcher a")]
    assert any(href.endswith("/thank-you/") for href in switch), switch

    assert len(mail.outbox) == 2
    staff, visitor = mail.outbox
    # The intake alert stays in English and names no answer.
    assert staff.subject.startswith("New consultation request")
    assert "Ana Ejemplo" not in staff.body
    assert visitor.to == ["ana@example.test"]
    assert visitor.subject == "Recibimos su solicitud de consulta"
    assert "Gracias por comunicarse con nosotros" in visitor.body
    assert "Si desea hablar con nosotros antes, llámenos al" in visitor.body
    assert "Ana Ejemplo" not in visitor.body


def test_spanish_errors_are_in_spanish_and_store_nothing(
    client, spanish_page, django_capture_on_commit_callbacks
):
    data = spanish_data(spanish_page, phone="12", **{CONSENT_FIELD: None})
    response = post(client, spanish_page, data, django_capture_on_commit_callbacks)
    assert response.status_code == 200  # the form again, with the answers kept
    text = soup(response).get_text(" ", strip=True)
    assert "Escriba un número de teléfono de EE. UU." in text
    assert "Marque la casilla para aceptar" in text
    assert ConsultationSubmission.objects.count() == 0
    assert mail.outbox == []


def test_intake_workspace_shows_and_filters_by_language(
    client, spanish_page, admin_client, django_capture_on_commit_callbacks
):
    english_page = ConsultationPage.objects.get(locale__language_code="en")
    post(client, spanish_page, spanish_data(spanish_page), django_capture_on_commit_callbacks)
    english = spanish_data(
        english_page,
        full_name="Ada Example",
        preferred_contact_method="Phone call",
        **{TOKEN_FIELD: issue_token(english_page.pk, issued_at=time.time() - 30)},
    )
    post(client, english_page, english, django_capture_on_commit_callbacks)
    assert sorted(ConsultationSubmission.objects.values_list("language", flat=True)) == [
        "en",
        "es",
    ]

    listing = admin_client.get("/admin/consultation-requests/")
    assert listing.status_code == 200
    headings = [th.get_text(strip=True) for th in soup(listing).select("table thead th")]
    assert "Language" in headings
    # The column shows the code (ES, EN), with the language's name on hover
    # and for screen readers.
    names = {abbr["title"]: abbr.get_text() for row in requests(listing) for abbr in row("abbr")}
    assert names == {"Español": "ES", "English": "EN"}

    spanish_only = admin_client.get("/admin/consultation-requests/", {"language": "es"})
    rows = requests(spanish_only)
    assert len(rows) == 1
    assert "Ana Ejemplo" in rows[0].get_text()

    # Both requests name the same clinic: the filter finds it in either language.
    english_clinic = ConsultationSubmission.objects.get(language="en").location
    assert ConsultationSubmission.objects.get(language="es").location != english_clinic
    by_clinic = admin_client.get("/admin/consultation-requests/", {"location": english_clinic.pk})
    assert len(requests(by_clinic)) == 2
    # The per-clinic counts name it once, linking that filter.
    summary = [row for row in soup(listing).select("table tbody tr") if "#" not in row.get_text()]
    clinic_rows = [row for row in summary if english_clinic.title in row.get_text()]
    assert len(clinic_rows) == 1
    assert f"location={english_clinic.pk}" in str(clinic_rows[0])
