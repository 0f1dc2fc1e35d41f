"""The consultation form's questions, as editors define them. A change to
one outside publishing purges what the page keeps of them (its cache tag)."""

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES, AbstractFormField
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from pagecache import tags as cache_tags
from pagecache.signals import purge_later

from ..forms import CLINIC_LOCATION, PHONE

FIELD_TYPE_CHOICES = (
    *FORM_FIELD_CHOICES,
    (PHONE, "Phone number (US)"),
    (CLINIC_LOCATION, "Clinic location"),
)

AUTOCOMPLETE_CHOICES = (
    ("name", "Full name"),
    ("given-name", "First name"),
    ("family-name", "Last name"),
    ("email", "Email address"),
    ("tel", "Phone number"),
    ("postal-code", "ZIP code"),
    ("bday", "Date of birth"),
    ("off", "Never autofill"),
)


class ConsultationFormField(TranslatableMixin, AbstractFormField):
    """One question of the consultation form, as the editor defines it.

    Translatable with its page (wagtail-localize): the label, help text,
    choices and default value are words; what the answer is stored under
    (``clean_name``), the type, whether it is required and the autofill hint
    are the English field's, so a request keeps the same keys in every
    language and the intake list and exports keep their columns."""

    override_translatable_fields = [
        SynchronizedField("clean_name"),
        SynchronizedField("field_type"),
        SynchronizedField("autocomplete"),
    ]

    page = ParentalKey("ConsultationPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(
        verbose_name="field type",
        max_length=16,
        choices=FIELD_TYPE_CHOICES,
        help_text="'Clinic location' lists the live location pages (its choices are not "
        "typed here) and is preselected from the location page's link.",
    )
    field_type.required_on_save = True
    autocomplete = models.CharField(
        "autofill",
        max_length=20,
        blank=True,
        choices=AUTOCOMPLETE_CHOICES,
        help_text="Lets the visitor's browser fill this in (e.g. 'Full name' for a name "
        "field). Email and phone fields get the right hint automatically.",
    )

    panels = [*AbstractFormField.panels, FieldPanel("autocomplete")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]


# What ConsultationPage.get_form_fields keeps of each question.
FORM_FIELD_ATTRS = (
    "clean_name",
    "label",
    "field_type",
    "required",
    "choices",
    "default_value",
    "help_text",
    "autocomplete",
    "sort_order",
)


@receiver([post_save, post_delete], sender=ConsultationFormField)
def purge_the_form(sender, instance, **kwargs):
    # A question saved outside publishing: the page's kept questions, its
    # rendered fields and the cached page all depend on its cache tag.
    purge_later({cache_tags.page_tag(instance.page_id)})
