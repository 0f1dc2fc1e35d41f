"""Fixtures of the consultation-form tests: two clinics and the form page."""

import time

import pytest
from django.core.cache import cache

from forms_app.forms import CONSENT_FIELD, HONEYPOT_FIELD, TOKEN_FIELD
from forms_app.spam import issue_token
from tests.factories.core import edit_site_text
from tests.factories.forms_app import ConsultationPageFactory, add_standard_fields
from tests.factories.home import StandardPageFactory
from tests.factories.locations import LocationIndexPageFactory, LocationPageFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limit_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clinics(home_page):
    index = LocationIndexPageFactory(parent=home_page)
    portland = LocationPageFactory(
        parent=index,
        title="Portland",
        slug="portland",
        city="Portland",
        phone="(503) 555-0142",
        notification_email="portland-intake@example.test",
    )
    hood_river = LocationPageFactory(
        parent=index,
        title="Hood River",
        slug="hood-river",
        city="Hood River",
        phone="(541) 555-0177",
        notification_email="",
    )
    return {"portland": portland, "hood-river": hood_river}


@pytest.fixture
def privacy_page(home_page):
    return StandardPageFactory(parent=home_page, title="Privacy policy", slug="privacy")


@pytest.fixture
def consultation_page(home_page, clinics, privacy_page):
    from core.models import SiteSettings

    page = ConsultationPageFactory(parent=home_page, privacy_page=privacy_page)
    add_standard_fields(page)
    settings = SiteSettings.for_site(home_page.get_site())
    settings.clinic_name = "Test Clinic"
    settings.phone = "(503) 555-0100"
    settings.save()
    edit_site_text(
        form_emergency_notice=(
            "<p>This form is not for emergencies. Call or text 988, or call 911.</p>"
        )
    )
    return page


def valid_data(page, **overrides):
    """A complete, human-looking POST (form shown 30 seconds ago)."""
    data = {
        "full_name": "Ada Example",
        "email": "ada@example.test",
        "phone": "503.555.0199",
        "preferred_clinic_location": "portland",
        "preferred_contact_method": "Phone call",
        "how_can_we_help": "I would like to know more about treatment options.",
        CONSENT_FIELD: "on",
        HONEYPOT_FIELD: "",
        TOKEN_FIELD: issue_token(page.pk, issued_at=time.time() - 30),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def post_form(client, django_capture_on_commit_callbacks):
    """POST to the page and run the after-commit email step, as a real request would."""

    def post(page, data, client=client, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(page.url, data, **extra)

    return post
