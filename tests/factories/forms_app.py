"""Factories for forms_app: a consultation page and its form-builder fields."""

import factory
import wagtail_factories

from forms_app.models import ConsultationFormField, ConsultationPage, ConsultationSubmission


class ConsultationPageFactory(wagtail_factories.PageFactory):
    title = "Request a consultation"
    slug = "request-a-consultation"
    intro = "<p>Tell us how to reach you.</p>"
    thank_you_text = "<p>Thanks, we will be in touch.</p>"
    to_address = "default-intake@example.test"
    from_address = "no-reply@example.test"
    subject = "New consultation request"

    class Meta:
        model = ConsultationPage


class ConsultationFormFieldFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(ConsultationPageFactory)
    sort_order = factory.Sequence(int)
    label = factory.Sequence(lambda n: f"Question {n}")
    field_type = "singleline"
    required = False

    class Meta:
        model = ConsultationFormField


# The demo form's questions (label, type, required, extra options).
STANDARD_FIELDS = [
    ("Full name", "singleline", True, {"autocomplete": "name"}),
    ("Email", "email", True, {"help_text": "We send a confirmation here."}),
    ("Phone", "phone", True, {}),
    ("Preferred clinic location", "clinic_location", True, {}),
    (
        "Preferred contact method",
        "radio",
        True,
        {"choices": "Phone call\nEmail\nText message"},
    ),
    ("How can we help?", "multiline", False, {"help_text": "A few words are enough."}),
]


def add_standard_fields(page):
    for i, (label, field_type, required, extra) in enumerate(STANDARD_FIELDS):
        ConsultationFormFieldFactory(
            page=page,
            sort_order=i,
            label=label,
            field_type=field_type,
            required=required,
            **extra,
        )
    return page


class ConsultationSubmissionFactory(factory.django.DjangoModelFactory):
    page = None
    form_data = factory.LazyFunction(
        lambda: {"full_name": "Ada Example", "email": "ada@example.test"}
    )
    location_name = "Portland"
    consent_given = True
    consent_text = "I agree to be contacted."
    notification_status = ConsultationSubmission.Notification.SENT

    class Meta:
        model = ConsultationSubmission
