"""Demo content of forms_app: /request-a-consultation/ with its fields.

Runs after the locations' demo content (INSTALLED_APPS order), so the
"Preferred clinic location" field lists the demo clinics. Idempotent: the page
is created once (never changed afterwards) and the header's consultation
button is pointed at it only if it points nowhere yet.
"""

from core.models import SiteSettings
from demo.common import get_or_create_page, get_or_create_setting
from forms_app.groups import ensure_intake_coordinators_group
from forms_app.models import ConsultationFormField, ConsultationPage

INTRO = (
    "<p>Tell us how to reach you and a member of our intake team will contact you, "
    "usually within one business day, to talk about your options and answer your "
    "questions. There is no commitment.</p>"
)

# Under the introduction when the demo has a booking page: booking is the
# quicker way for a visitor who would rather choose a time themselves.
BOOKING_LINK = (
    '<p>Prefer to choose a time yourself? <a linktype="page" id="{id}">Book a free call '
    "online</a> in two minutes.</p>"
)

# Beside the form: what happens next, privacy and the first call's cost.
NEXT_STEPS = (
    "<ol><li>A member of our intake team calls you, usually within one business day, "
    "by the contact method you choose.</li>"
    "<li>The call takes about 15 minutes: how you feel, the treatments you have tried "
    "and your questions.</li>"
    "<li>If treatment may suit you, we book your psychiatric evaluation, usually within "
    "one to two weeks.</li></ol>"
)
PRIVACY_NOTE = (
    "<p>Only our intake team sees your request, and we never put your answers in an email.</p>"
)
FIRST_CONSULTATION_COST = "The consultation call is free, with no obligation."

THANK_YOU = (
    "<p>We received your request. A member of our intake team will contact you, "
    "usually within one business day.</p>"
    "<p>We also sent you a short confirmation email. For your privacy, it does not "
    "repeat what you told us.</p>"
)

FIELDS = [
    {
        "label": "Full name",
        "field_type": "singleline",
        "required": True,
        "autocomplete": "name",
    },
    {
        "label": "Email",
        "field_type": "email",
        "required": True,
        "help_text": "We send a confirmation here, without any of your answers.",
    },
    {
        "label": "Phone",
        "field_type": "phone",
        "required": True,
        "help_text": "A US number with area code, such as (503) 555-0142.",
    },
    {
        "label": "Preferred clinic location",
        "field_type": "clinic_location",
        "required": True,
    },
    {
        "label": "Preferred contact method",
        "field_type": "radio",
        "required": True,
        "choices": "Phone call\nEmail\nText message",
        "default_value": "Phone call",
    },
    {
        "label": "How can we help?",
        "field_type": "multiline",
        "required": False,
        "help_text": "A few words are enough; you can tell us more when we talk. "
        "Please do not include details you would not want written down.",
    },
]


def load(demo):
    # Normally made by a data migration; a flushed test database lacks it.
    ensure_intake_coordinators_group()
    home = demo.home_page
    privacy = home.get_children().filter(slug="privacy").first()
    booking = home.get_children().filter(slug="book").first()
    intro = INTRO
    if booking is not None:
        intro += BOOKING_LINK.format(id=booking.pk)
    page = get_or_create_page(
        demo,
        home,
        ConsultationPage,
        "request-a-consultation",
        title="Request a consultation",
        intro=intro,
        thank_you_text=THANK_YOU,
        next_steps=NEXT_STEPS,
        privacy_note=PRIVACY_NOTE,
        first_consultation_cost=FIRST_CONSULTATION_COST,
        privacy_page=privacy,
        to_address="intake@rainfall-medicine.example",
        from_address="no-reply@rainfall-medicine.example",
        subject="New consultation request",
        search_description=(
            "Request a free consultation about ketamine therapy and psychiatric care for "
            "depression in Portland or Hood River, Oregon."
        ),
        form_fields=[
            ConsultationFormField(sort_order=i, **field) for i, field in enumerate(FIELDS)
        ],
    )
    get_or_create_setting(demo, SiteSettings, consultation_page=page)


def translate(demo):
    """The Spanish consultation page (demo/data/forms_app/es/)."""

    from demo.common import translate_demo_pages

    pages = list(demo.home_page.get_children().type(ConsultationPage))
    translate_demo_pages(demo, "forms_app", pages)
