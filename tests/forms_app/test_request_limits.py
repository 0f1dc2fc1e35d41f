"""Public POSTs are held to 300 fields however the multipart body spells its
headers: counted by Django's own parser, never by matching text."""

import pytest

from forms_app.models import ConsultationSubmission
from tests.forms_app.conftest import valid_data

BOUNDARY = "----clinic-test-boundary"


def multipart(fields, header="Content-Disposition"):
    parts = [
        f'--{BOUNDARY}\r\n{header}: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields
    ]
    return ("".join(parts) + f"--{BOUNDARY}--\r\n").encode()


@pytest.mark.parametrize("header", ["CONTENT-DISPOSITION", "content-DISPOSITION"])
def test_400_extra_parts_are_refused_however_the_header_is_spelled(
    client, consultation_page, header, django_capture_on_commit_callbacks
):
    fields = [*valid_data(consultation_page).items(), *[(f"x{n}", "1") for n in range(400)]]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            consultation_page.url,
            multipart(fields, header),
            content_type=f"multipart/form-data; boundary={BOUNDARY}",
        )
    assert response.status_code == 400
    assert "too large or had too many parts" in response.content.decode()
    assert not ConsultationSubmission.objects.exists()


def test_the_same_request_with_a_few_extra_parts_is_stored(
    client, consultation_page, django_capture_on_commit_callbacks
):
    fields = [*valid_data(consultation_page).items(), *[(f"x{n}", "1") for n in range(10)]]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            consultation_page.url,
            multipart(fields, "CONTENT-DISPOSITION"),
            content_type=f"multipart/form-data; boundary={BOUNDARY}",
        )
    assert response.status_code == 303
    assert ConsultationSubmission.objects.count() == 1


def test_repeated_names_count_as_the_parts_they_are(client, consultation_page):
    fields = [*valid_data(consultation_page).items(), *[("x", str(n)) for n in range(400)]]
    response = client.post(
        consultation_page.url,
        multipart(fields),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert response.status_code == 400
    assert not ConsultationSubmission.objects.exists()


def test_more_parts_than_django_parses_is_a_400_not_a_500(client, consultation_page):
    fields = [(f"x{n}", "") for n in range(1100)]  # above DATA_UPLOAD_MAX_NUMBER_FIELDS
    body = "&".join(f"{name}={value}" for name, value in fields)
    response = client.post(
        consultation_page.url, body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "too large or had too many parts" in response.content.decode()
