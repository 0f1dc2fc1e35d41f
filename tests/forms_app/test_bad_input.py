"""Hostile or broken input: never a 500, never reflected unescaped."""

import pytest
from django.core import mail
from django.test import Client

from forms_app.forms import CONSENT_FIELD
from forms_app.models import ConsultationSubmission

from .conftest import valid_data

pytestmark = pytest.mark.django_db

TEXT_FIELDS = ["full_name", "email", "phone", "how_can_we_help"]
SCRIPT = '<script>alert("x")</script><b onmouseover=alert(1)>bold</b>'


def main_html(response):
    return response.content.decode().split("<main", 1)[1]


@pytest.mark.parametrize(
    "field", [*TEXT_FIELDS, "preferred_clinic_location", "preferred_contact_method"]
)
def test_20000_characters_give_a_clear_error(consultation_page, post_form, field):
    # Bodies above 64 KB never reach the form: a 400 page (tests/core/test_hardening.py).
    response = post_form(consultation_page, valid_data(consultation_page, **{field: "a" * 20_000}))
    assert response.status_code == 200
    html = main_html(response)
    assert "error-summary" in html
    assert "a" * 1000 not in html.split('class="consultation-form"')[0]  # not echoed in errors
    assert ConsultationSubmission.objects.count() == 0


def test_null_bytes_are_refused(consultation_page, post_form):
    for field in TEXT_FIELDS:
        response = post_form(consultation_page, valid_data(consultation_page, **{field: "Ada\x00"}))
        assert response.status_code == 200, field
        assert "Null characters are not allowed." in response.content.decode(), field
    assert ConsultationSubmission.objects.count() == 0


def test_emoji_and_right_to_left_text_are_stored_as_sent(consultation_page, post_form):
    name = "שרה כהן 🌧️"
    message = "مرحبا، أحتاج إلى مساعدة 🙏"
    response = post_form(
        consultation_page, valid_data(consultation_page, full_name=name, how_can_we_help=message)
    )
    assert response.status_code == 303
    submission = ConsultationSubmission.objects.get()
    assert submission.form_data["full_name"] == name
    assert submission.form_data["how_can_we_help"] == message


def test_control_characters_are_removed(consultation_page, post_form):
    post_form(consultation_page, valid_data(consultation_page, full_name="Ada\x1b[31m\x07 Example"))
    assert ConsultationSubmission.objects.get().form_data["full_name"] == "Ada[31m Example"


def test_html_in_every_field_is_escaped_on_the_page(consultation_page, post_form):
    data = valid_data(consultation_page, **dict.fromkeys(TEXT_FIELDS, SCRIPT))
    data["preferred_clinic_location"] = SCRIPT
    data["preferred_contact_method"] = SCRIPT
    response = post_form(consultation_page, data)
    assert response.status_code == 200
    html = main_html(response)
    assert "<script>alert" not in html
    assert "<b onmouseover" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html  # kept, escaped
    assert ConsultationSubmission.objects.count() == 0


def test_html_in_stored_answers_is_escaped_where_intake_staff_read_them(
    consultation_page, post_form, django_user_model
):
    """The answers are shown in one place only, the admin's request view: a
    hostile answer must not run there (stored XSS against intake staff)."""
    from forms_app.groups import ensure_intake_coordinators_group

    response = post_form(
        consultation_page,
        valid_data(consultation_page, full_name=SCRIPT, how_can_we_help=SCRIPT),
    )
    assert response.status_code == 303
    submission = ConsultationSubmission.objects.get()
    assert submission.form_data["full_name"] == SCRIPT  # kept as sent

    coordinator = django_user_model.objects.create_user(username="intake", password="x" * 12)
    coordinator.groups.add(ensure_intake_coordinators_group())
    staff = Client()
    staff.force_login(coordinator)
    view = staff.get(f"/admin/consultation-requests/inspect/{submission.pk}/")
    assert view.status_code == 200
    html = view.content.decode()
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") == 2  # shown, as text
    assert '<script>alert("x")' not in html
    assert "<b onmouseover" not in html
    listing = staff.get("/admin/consultation-requests/").content.decode()
    # The listing shows the name (whom to call), as text, and no free-text answer.
    assert listing.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") == 1
    assert '<script>alert("x")' not in listing
    assert "<b onmouseover" not in listing
    for message in mail.outbox:
        assert "alert(" not in message.body


def test_forged_choice_value_is_a_validation_error(consultation_page, post_form):
    response = post_form(
        consultation_page, valid_data(consultation_page, preferred_contact_method="Carrier pigeon")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose one of the options shown." in html
    assert "Carrier pigeon" not in html.split("error-summary", 1)[1].split("</div>", 1)[0]
    assert ConsultationSubmission.objects.count() == 0


def test_unknown_location_slug_is_a_validation_error(consultation_page, post_form):
    response = post_form(
        consultation_page, valid_data(consultation_page, preferred_clinic_location="atlantis")
    )
    assert response.status_code == 200
    assert "Choose one of the options shown." in response.content.decode()
    assert ConsultationSubmission.objects.count() == 0


def test_unpublished_location_can_no_longer_be_chosen(consultation_page, clinics, post_form):
    clinics["portland"].unpublish()
    response = post_form(consultation_page, valid_data(consultation_page))
    assert response.status_code == 200
    assert ConsultationSubmission.objects.count() == 0


def test_list_values_and_unexpected_fields_are_handled(consultation_page, post_form):
    """Several values for a one-value field (a forged POST) and fields the form
    does not have: one value is stored, never a list, and nothing else."""
    data = valid_data(
        consultation_page,
        full_name=["Ada Example", "Grace Example"],
        email=["first@example.test", "ada@example.test"],
        preferred_contact_method=["Email", "Phone call"],
        extra_field="ignored",
        **{"__proto__": "x"},
    )
    response = post_form(consultation_page, data)
    assert response.status_code == 303
    stored = ConsultationSubmission.objects.get()
    assert stored.form_data["full_name"] == "Grace Example"
    assert stored.form_data["preferred_contact_method"] == "Phone call"
    assert stored.confirmation_email == "ada@example.test"
    assert mail.outbox[1].to == ["ada@example.test"]  # one confirmation, one address
    assert "extra_field" not in stored.form_data and "__proto__" not in stored.form_data


def test_a_list_where_the_form_expects_one_choice_is_refused_if_any_is_forged(
    consultation_page, post_form
):
    data = valid_data(consultation_page, preferred_contact_method=["Phone call", "Carrier pigeon"])
    response = post_form(consultation_page, data)
    assert response.status_code == 200
    assert "Choose one of the options shown." in response.content.decode()
    assert ConsultationSubmission.objects.count() == 0


def test_missing_csrf_token_gives_a_403_page_in_the_site_chrome(consultation_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post(consultation_page.url, valid_data(consultation_page))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form could not be sent" in html
    assert "Test Clinic" in html  # the site's header
    assert 'href="tel:+15035550100"' in html
    assert ConsultationSubmission.objects.count() == 0


def test_csrf_protected_flow_works_with_the_token(
    consultation_page, django_capture_on_commit_callbacks
):
    from bs4 import BeautifulSoup

    client = Client(enforce_csrf_checks=True)
    page = BeautifulSoup(client.get(consultation_page.url).content.decode(), "html.parser")
    token = page.select_one("input[name=csrfmiddlewaretoken]")["value"]
    data = valid_data(consultation_page, csrfmiddlewaretoken=token)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(consultation_page.url, data)
    assert response.status_code == 303
    assert ConsultationSubmission.objects.count() == 1


def test_get_with_form_data_stores_nothing(client, consultation_page):
    from urllib.parse import urlencode

    data = valid_data(consultation_page, full_name=SCRIPT)
    response = client.get(consultation_page.url + "?" + urlencode(data))
    assert response.status_code == 200
    html = main_html(response)
    assert "<script>alert" not in html
    assert "error-summary" not in html
    assert 'value="&lt;script' not in html  # GET data does not fill the form
    assert ConsultationSubmission.objects.count() == 0
    assert mail.outbox == []


def test_consent_value_is_not_trusted_beyond_a_tick(consultation_page, post_form):
    response = post_form(
        consultation_page, valid_data(consultation_page, **{CONSENT_FIELD: "false"})
    )
    assert response.status_code == 200
    assert ConsultationSubmission.objects.count() == 0
