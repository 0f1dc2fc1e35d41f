"""The consultation page as a visitor sees it: fields, notice, consent, a11y."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from forms_app.forms import CONSENT_FIELD
from forms_app.models import ConsultationFormField, ConsultationPage
from tests.factories.forms_app import ConsultationFormFieldFactory
from tests.factories.locations import LocationPageFactory

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_page_renders_editor_fields_notice_and_consent(client, consultation_page):
    response = client.get(consultation_page.url)
    assert response.status_code == 200
    html = soup(response)
    assert html.h1.get_text() == "Request a consultation"
    assert "Tell us how to reach you." in html.get_text()
    # The emergency notice from the site settings, above the form.
    notice = html.select_one(".form-emergency")
    assert "not for emergencies" in notice.get_text()
    assert "988" in notice.get_text()
    form = html.select_one("form.consultation-form")
    assert notice.sourceline < form.sourceline
    # Every editor field has a label tied to its input.
    for name in ["full_name", "email", "phone", "preferred_clinic_location", "how_can_we_help"]:
        field = form.select_one(f"[name={name}]")
        assert field is not None, name
        assert form.select_one(f"label[for={field['id']}]"), name
    radios = form.select("input[name=preferred_contact_method]")
    assert [r["value"] for r in radios] == ["Phone call", "Email", "Text message"]
    assert form.select_one("fieldset legend").get_text().startswith("Preferred contact method")
    # Consent: required checkbox with the page's wording and the privacy link.
    consent = form.select_one(f"input[name={CONSENT_FIELD}]")
    assert consent["type"] == "checkbox"
    assert consent.has_attr("required")
    label = form.select_one(f"label[for={consent['id']}]").get_text()
    assert consultation_page.consent_text in label
    assert form.select_one('a[href="/privacy/"]').get_text() == "Privacy policy"
    # No page caching: the form carries CSRF and timing tokens.
    assert "no-store" in response["Cache-Control"]


def test_autocomplete_inputmode_and_help_text(client, consultation_page):
    form = soup(client.get(consultation_page.url)).select_one("form.consultation-form")
    name = form.select_one("[name=full_name]")
    email = form.select_one("[name=email]")
    phone = form.select_one("[name=phone]")
    assert name["autocomplete"] == "name"
    assert email["autocomplete"] == "email" and email["type"] == "email"
    assert phone["autocomplete"] == "tel" and phone["type"] == "tel"
    assert phone["inputmode"] == "tel"
    # Help text is announced with the field.
    help_id = email["aria-describedby"]
    assert form.find(id=help_id).get_text() == "We send a confirmation here."
    textarea = form.select_one("textarea[name=how_can_we_help]")
    assert textarea["dir"] == "auto"
    assert form.find(id=textarea["aria-describedby"]).get_text() == "A few words are enough."


def test_location_choices_are_the_live_location_pages(client, consultation_page, clinics):
    draft = LocationPageFactory(parent=clinics["portland"].get_parent(), title="Bend", slug="bend")
    draft.unpublish()
    form = soup(client.get(consultation_page.url)).select_one("form.consultation-form")
    options = form.select("select[name=preferred_clinic_location] option")
    assert [(o["value"], o.get_text()) for o in options] == [
        ("", "Choose a clinic"),
        ("portland", "Portland"),
        ("hood-river", "Hood River"),
    ]
    # A new clinic appears without anyone editing the form.
    LocationPageFactory(parent=clinics["portland"].get_parent(), title="Salem", slug="salem")
    form = soup(client.get(consultation_page.url)).select_one("form.consultation-form")
    values = [o["value"] for o in form.select("select[name=preferred_clinic_location] option")]
    assert values == ["", "portland", "hood-river", "salem"]


def test_location_is_preselected_from_the_query_string(client, consultation_page):
    html = soup(client.get(consultation_page.url + "?location=hood-river"))
    selected = html.select("select[name=preferred_clinic_location] option[selected]")
    assert [o["value"] for o in selected] == ["hood-river"]


@pytest.mark.parametrize(
    "query", ["?location=nowhere", "?location=%3Cscript%3E", "?location=" + "x" * 5000]
)
def test_unknown_location_slug_preselects_nothing(client, consultation_page, query):
    response = client.get(consultation_page.url + query)
    assert response.status_code == 200
    html = soup(response)
    assert html.select("select[name=preferred_clinic_location] option[selected]") == [] or [
        o["value"] for o in html.select("select[name=preferred_clinic_location] option[selected]")
    ] == [""]
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_location_field_type_is_available_to_editors():
    choices = dict(ConsultationFormField._meta.get_field("field_type").choices)
    assert choices["clinic_location"] == "Clinic location"
    assert choices["phone"] == "Phone number (US)"
    assert "multiline" in choices and "checkboxes" in choices and "date" in choices


def test_page_tree_rules(home_page, consultation_page):
    assert ConsultationPage.can_create_at(home_page) is False  # max_count: one per site
    assert ConsultationPage.allowed_subpage_models() == []
    assert "home.HomePage" in ConsultationPage.parent_page_types
    assert isinstance(Page.objects.get(pk=consultation_page.pk).specific, ConsultationPage)


# A render that builds the form (its rendered fields not in the fragment
# cache, as after a change to them): the Site, the home page, the page (2,
# walking the tree), the clinics, wagtail-seo's settings. Clinic settings,
# menus, the form fields and the "no privacy settings" fact come from the
# cache.
CONSULTATION_PAGE_QUERIES = 6


def test_query_count_is_exact_and_constant(
    client, consultation_page, clinics, django_assert_num_queries, settings
):
    settings.PAGE_FRAGMENT_CACHE_ENABLED = False
    client.get(consultation_page.url)  # fills the form-field cache
    with django_assert_num_queries(CONSULTATION_PAGE_QUERIES):
        assert client.get(consultation_page.url).status_code == 200

    index = clinics["portland"].get_parent()
    for n in range(5):
        LocationPageFactory(parent=index, title=f"Clinic {n}", slug=f"clinic-{n}")
    ConsultationFormFieldFactory(page=consultation_page, label="Date of birth", field_type="date")
    # A changed field is read from the database once (the cache was cleared)...
    response = client.get(consultation_page.url)
    assert 'name="date_of_birth"' in response.content.decode()
    assert 'value="clinic-4"' in response.content.decode()
    # ...then the page costs the same, however many clinics there are.
    with django_assert_num_queries(CONSULTATION_PAGE_QUERIES):
        assert client.get(consultation_page.url).status_code == 200


def test_publishing_new_fields_shows_them(client, consultation_page):
    from forms_app.models import ConsultationFormField

    client.get(consultation_page.url)
    page = consultation_page.specific
    page.form_fields.add(ConsultationFormField(label="Insurance provider", field_type="singleline"))
    page.save_revision().publish()
    assert 'name="insurance_provider"' in client.get(consultation_page.url).content.decode()


def test_thank_you_page_shows_no_submission_data(client, consultation_page):
    response = client.get(consultation_page.url + "thank-you/")
    assert response.status_code == 200
    html = soup(response)
    assert "Thanks, we will be in touch." in html.get_text()
    assert html.select_one('meta[name=robots][content="noindex"]')
    assert html.select_one("form.consultation-form") is None
    assert client.post(consultation_page.url + "thank-you/").status_code == 405


def test_other_methods_are_refused(client, consultation_page):
    assert client.put(consultation_page.url).status_code == 405
    assert client.delete(consultation_page.url).status_code == 405


def test_previews_render_both_modes(consultation_page, rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    for mode in ["form", "landing"]:
        response = consultation_page.serve_preview(request, mode)
        response.render()
        assert response.status_code == 200


def test_date_fields_use_the_browser_date_picker(client, consultation_page, post_form):
    from forms_app.models import ConsultationSubmission

    from .conftest import valid_data

    ConsultationFormFieldFactory(page=consultation_page, label="Preferred date", field_type="date")
    field = soup(client.get(consultation_page.url)).select_one("[name=preferred_date]")
    assert field["type"] == "date"
    post_form(consultation_page, valid_data(consultation_page, preferred_date="2027-01-15"))
    assert ConsultationSubmission.objects.get().form_data["preferred_date"] == "2027-01-15"
    response = post_form(consultation_page, valid_data(consultation_page, preferred_date="soon"))
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
