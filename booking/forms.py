"""The booking page's form: the time, then how to reach the visitor.

Nothing about health is asked: a name, an email address or a phone number
(at least one), the language to be contacted in, and consent (its wording
is stored with the booking). Every word goes through gettext.
"""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

from .availability import parse_slot_value

PHONE_DIGITS = re.compile(r"\d")
# A field people never see (hidden from sight, assistive technology and the
# tab order) that simple bots fill in: such a post books nothing.
HONEYPOT_FIELD = "hp_website"


class BookingForm(forms.Form):
    # Rendered by the template as one radio button per free time (the
    # time's start in UTC); whether it is still free is the service's call.
    time = forms.CharField(
        label=gettext_lazy("Time"),
        max_length=20,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose a time.")},
    )
    name = forms.CharField(
        label=gettext_lazy("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": gettext_lazy("Enter your name.")},
    )
    email = forms.EmailField(
        label=gettext_lazy("Email"),
        required=False,
        max_length=254,
        help_text=gettext_lazy("We send the confirmation here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": gettext_lazy("Enter an email address such as name@example.com.")
        },
    )
    phone = forms.CharField(
        label=gettext_lazy("Phone"),
        required=False,
        max_length=30,
        help_text=gettext_lazy("A US number with area code, such as (503) 555-0142."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    contact_language = forms.ChoiceField(
        label=gettext_lazy("Preferred contact language"),
        widget=forms.RadioSelect,
        choices=settings.LANGUAGES,
        error_messages={"required": gettext_lazy("Choose a language.")},
    )
    consent = forms.BooleanField(
        error_messages={"required": gettext_lazy("Tick the box to agree to be contacted.")},
    )

    DETAIL_FIELDS = ("name", "email", "phone", "contact_language", "consent")

    def __init__(self, *args, consent_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text

    def honeypot_filled(self):
        return bool(self.data.get(HONEYPOT_FIELD, ""))

    def clean_time(self):
        value = parse_slot_value(self.cleaned_data["time"])
        if value is None:
            raise forms.ValidationError(gettext("Choose one of the times shown."))
        return value

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not 10 <= len(PHONE_DIGITS.findall(phone)) <= 15:
            raise forms.ValidationError(
                gettext("Enter a phone number with its area code, such as (503) 555-0142.")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        typed = self.errors.get("email") or self.errors.get("phone")
        if not typed and not cleaned.get("email") and not cleaned.get("phone"):
            self.add_error("email", gettext("Enter an email address or a phone number (or both)."))
        return cleaned

    def details(self):
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "email": data.get("email") or "",
            "phone": data.get("phone") or "",
            "contact_language": data["contact_language"],
        }

    def error_summary(self):
        """[(anchor id, label, first message)] in the order the fields are shown."""
        items = []
        for name in ("time", *self.DETAIL_FIELDS):
            bound = self[name]
            if not bound.errors:
                continue
            anchor = bound.auto_id
            if bound.field.widget.use_fieldset:
                anchor = f"{bound.auto_id}_0"
            label = gettext("Consent") if name == "consent" else str(bound.label)
            items.append((anchor, label, bound.errors[0]))
        return items
