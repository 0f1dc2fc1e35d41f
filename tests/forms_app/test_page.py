"""The consultation page as a visitor sees it: fields, notice, consent, a11y."""

import pytest
from bs4 import BeautifulSoup

from forms_app.forms import CONSENT_FIELD
from forms_app.models import ConsultationPage
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
    selected = soup(response).select("select[name=preferred_clinic_location] option[selected]")
    assert [o["value"] for o in selected] in ([], [""])  # "Choose a clinic" or nothing
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_editor_adds_a_us_phone_question_in_the_admin(admin_client, client, consultation_page):
    """The field types an editor picks from include "Clinic location" and
    "Phone number (US)"; a phone question appears as a phone input that
    refuses a number that is not a US one."""
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    page = consultation_page.specific
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    offered = {
        option.get_text(strip=True)
        for option in soup(admin_client.get(edit_url)).select(
            "select[name='form_fields-0-field_type'] option"
        )
    }
    assert {"Clinic location", "Phone number (US)", "Multi-line text", "Date"} <= offered

    fields = list(page.form_fields.all())
    rows = [
        {
            "id": f.pk,
            "label": f.label,
            "field_type": f.field_type,
            "required": "on" if f.required else "",
            "choices": f.choices,
            "help_text": f.help_text,
            "autocomplete": f.autocomplete,
            "ORDER": i,
        }
        for i, f in enumerate(fields)
    ]
    rows.append({"label": "Mobile", "field_type": "phone", "ORDER": len(rows)})
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text(page.intro),
            "form_fields": inline_formset(rows, initial=len(fields)),
            "consent_text": page.consent_text,
            "privacy_page": page.privacy_page_id,
            "submit_label": page.submit_label,
            "thank_you_text": rich_text(page.thank_you_text),
            "to_address": page.to_address,
            "from_address": page.from_address,
            "subject": page.subject,
            "confirmation_subject": page.confirmation_subject,
            "confirmation_text": page.confirmation_text,
            "action-publish": "publish",
        }
    )
    response = admin_client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    mobile = soup(client.get(page.url)).select_one("form.consultation-form [name=mobile]")
    assert (mobile["type"], mobile["autocomplete"], mobile["inputmode"]) == ("tel", "tel", "tel")


def test_editors_can_add_one_consultation_page_under_the_home_page_only(
    admin_client, home_page, consultation_page, privacy_page
):
    from django.urls import reverse

    def add_url(parent):
        return reverse("wagtailadmin_pages:add", args=["forms_app", "consultationpage", parent.pk])

    def refused(response):
        # Wagtail sends a refused editor back to the dashboard with a message.
        return response.status_code == 403 or (
            response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
        )

    # The home page already has its consultation page: not offered, refused.
    choices = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[home_page.pk]))
    assert choices.status_code == 200
    assert add_url(home_page) not in choices.content.decode()
    assert refused(admin_client.get(add_url(home_page)))
    # Nowhere else either, and nothing goes below it.
    assert refused(admin_client.get(add_url(privacy_page)))
    assert refused(
        admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[consultation_page.pk]))
    )
    assert ConsultationPage.objects.count() == 1

    # Once it is gone, an editor can create it again, under the home page only.
    consultation_page.delete()
    choices = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[home_page.pk]))
    assert add_url(home_page) in choices.content.decode()
    assert admin_client.get(add_url(home_page)).status_code == 200
    assert refused(admin_client.get(add_url(privacy_page)))


# A render that builds the form (its rendered fields not in the fragment
# cache, as after a change to them): the page (its route kept by path:
# pagecache.routes), the Site, its questions and the clinics. Clinic and
# wagtail-seo settings, menus and the "no privacy settings" fact come from
# the cache (the demo's introduction, with a link to the booking page,
# costs 3 more when its fragment is not kept:
# tests/pagecache/test_query_budgets.py).
CONSULTATION_PAGE_QUERIES = 4


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
    previews = {}
    for mode in ["form", "landing"]:
        response = consultation_page.serve_preview(request, mode)
        response.render()
        assert response.status_code == 200, mode
        previews[mode] = soup(response)
    assert previews["form"].select_one("form.consultation-form [name=full_name]")
    assert "Thanks, we will be in touch." in previews["landing"].get_text()
    assert previews["landing"].select_one("form.consultation-form") is None


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
