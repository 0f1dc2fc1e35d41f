"""The visitor's form (built from the editor's fields) and the page's admin form.

Wagtail's form builder turns the editor's ``ConsultationFormField`` rows into a
Django form. On top of Wagtail's field types this adds a US phone field and a
"Clinic location" field whose choices are the live location pages. The form
class then adds what the editor cannot remove: the consent checkbox (its
wording and privacy link are page fields), and reads the spam signals
(honeypot, signed timing token) that the template renders outside the
builder's fields.

Every field has a maximum length and no error message repeats what the
visitor typed, so 100,000 characters or HTML in a field give a short,
escaped error, never a 500.
"""

import json
import re

import django.forms
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_lazy
from wagtail.contrib.forms.forms import BaseForm, FormBuilder, WagtailAdminFormPageForm

from core.restricted_fields import RestrictedFieldsFormMixin

from . import spam

# Names of the fields the page adds itself; an editor's field may not use them.
CONSENT_FIELD = "consent_to_contact"
HONEYPOT_FIELD = "hp_website"
TOKEN_FIELD = "form_token"  # noqa: S105 - a field name, not a secret
RESERVED_FIELD_NAMES = {CONSENT_FIELD, HONEYPOT_FIELD, TOKEN_FIELD}

CLINIC_LOCATION = "clinic_location"
PHONE = "phone"

SINGLELINE_MAX_LENGTH = 255
MULTILINE_MAX_LENGTH = 5000
EMAIL_MAX_LENGTH = 254
PHONE_MAX_LENGTH = 30
URL_MAX_LENGTH = 2000

# Browser autofill hints applied when the editor leaves "autofill" empty.
DEFAULT_AUTOCOMPLETE = {"email": "email", PHONE: "tel"}
INPUTMODES = {"email": "email", PHONE: "tel", "number": "decimal", "url": "url"}

INVALID_CHOICE = gettext_lazy("Choose one of the options shown.")

_PHONE_CHARS = re.compile(r"^[0-9+()\-.\s]+$")
# Control characters (but not tab and newlines): never useful, unsafe in exports.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_characters(value):
    if isinstance(value, str):
        return _CONTROL_CHARS.sub("", value)
    if isinstance(value, list):
        return [strip_control_characters(item) for item in value]
    return value


def normalise_us_phone(value):
    """'503.555.0142' / '+1 (503) 555-0142' -> '(503) 555-0142'; ValidationError otherwise."""
    message = gettext("Enter a US phone number with area code, such as (503) 555-0142.")
    value = (value or "").strip()
    if not _PHONE_CHARS.match(value):
        raise ValidationError(message, code="invalid_phone")
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    # North American numbering: area code and exchange never start with 0 or 1.
    if len(digits) != 10 or digits[0] in "01" or digits[3] in "01":
        raise ValidationError(message, code="invalid_phone")
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"


class USPhoneField(django.forms.CharField):
    widget = django.forms.TextInput(attrs={"type": "tel"})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", PHONE_MAX_LENGTH)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        return normalise_us_phone(value)


class ConsultationFormBuilder(FormBuilder):
    """Wagtail's builder with bounded lengths, a US phone field and clinic locations."""

    def __init__(self, fields, locations=()):
        super().__init__(fields)
        # [(slug, title)] of the live location pages, in page-tree order.
        self.location_choices = [(loc.slug, loc.title) for loc in locations]

    def get_field_options(self, field):
        options = super().get_field_options(field)
        options["error_messages"] = {"invalid_choice": INVALID_CHOICE}
        return options

    def create_singleline_field(self, field, options):
        options["max_length"] = SINGLELINE_MAX_LENGTH
        return django.forms.CharField(**options)

    def create_multiline_field(self, field, options):
        options["max_length"] = MULTILINE_MAX_LENGTH
        options.setdefault("widget", django.forms.Textarea(attrs={"rows": 6}))
        return django.forms.CharField(**options)

    def create_email_field(self, field, options):
        options["max_length"] = EMAIL_MAX_LENGTH
        return django.forms.EmailField(**options)

    def create_date_field(self, field, options):
        # The browser's date picker; the value is sent as YYYY-MM-DD.
        options.setdefault(
            "widget", django.forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        )
        return django.forms.DateField(**options)

    def create_datetime_field(self, field, options):
        options.setdefault(
            "widget",
            django.forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        )
        return django.forms.DateTimeField(**options)

    def create_phone_field(self, field, options):
        return USPhoneField(**options)

    def create_url_field(self, field, options):
        options["max_length"] = URL_MAX_LENGTH
        return super().create_url_field(field, options)

    def create_number_field(self, field, options):
        return django.forms.DecimalField(max_digits=20, **options)

    def create_hidden_field(self, field, options):
        options["max_length"] = SINGLELINE_MAX_LENGTH
        return super().create_hidden_field(field, options)

    def create_dropdown_field(self, field, options):
        options["choices"] = [("", gettext("Choose…")), *self.get_formatted_field_choices(field)]
        return django.forms.ChoiceField(**options)

    def create_clinic_location_field(self, field, options):
        options["choices"] = [("", gettext("Choose a clinic")), *self.location_choices]
        options["initial"] = ""
        return django.forms.ChoiceField(**options)

    @property
    def formfields(self):
        formfields = super().formfields
        for field in self.fields:
            name = field.clean_name or field.get_field_clean_name()
            formfield = formfields.get(name)
            if formfield is None:
                continue
            formfield.field_type = field.field_type
            autocomplete = getattr(field, "autocomplete", "") or DEFAULT_AUTOCOMPLETE.get(
                field.field_type, ""
            )
            if autocomplete:
                formfield.widget.attrs["autocomplete"] = autocomplete
            if field.field_type in INPUTMODES:
                formfield.widget.attrs["inputmode"] = INPUTMODES[field.field_type]
            if field.field_type in ("singleline", "multiline"):
                # Right-to-left text shows the right way round.
                formfield.widget.attrs["dir"] = "auto"
            if field.field_type == CLINIC_LOCATION and not self.location_choices:
                # No live clinic: nothing to choose from, don't block the visitor.
                del formfields[name]
        return formfields

    def get_form_class(self):
        return type("ConsultationForm", (ConsultationForm,), self.formfields)


class ConsultationForm(BaseForm):
    """The editor's fields, plus consent and the spam signals."""

    def __init__(self, *args, locations=(), consent_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.locations = {loc.slug: loc for loc in locations}
        self.fields[CONSENT_FIELD] = django.forms.BooleanField(
            label=consent_text or gettext("I agree to be contacted about my request."),
            required=True,
            error_messages={
                "required": gettext("Tick the box to agree to be contacted, so that we can reply.")
            },
        )
        self.fields[CONSENT_FIELD].field_type = "consent"
        self.spam_reason = ""
        self.token = None

    # --- what the page stores --------------------------------------------------

    @property
    def builder_field_names(self):
        return [name for name in self.fields if name not in RESERVED_FIELD_NAMES]

    def location_field_names(self):
        return [
            name
            for name in self.builder_field_names
            if getattr(self.fields[name], "field_type", "") == CLINIC_LOCATION
        ]

    @cached_property
    def selected_location(self):
        for name in self.location_field_names():
            slug = self.cleaned_data.get(name)
            if slug and slug in self.locations:
                return self.locations[slug]
        return None

    @cached_property
    def visitor_email(self):
        """The visitor's address for the confirmation: the first email field."""
        for name in self.builder_field_names:
            if getattr(self.fields[name], "field_type", "") == "email":
                value = self.cleaned_data.get(name)
                if value:
                    return value
        return ""

    def get_submission_data(self):
        """The answers to store, JSON-safe. Locations are stored by name, not slug."""
        data = {}
        for name in self.builder_field_names:
            if name not in self.cleaned_data:
                continue
            value = self.cleaned_data[name]
            if getattr(self.fields[name], "field_type", "") == CLINIC_LOCATION:
                location = self.locations.get(value)
                value = location.title if location else ""
            data[name] = strip_control_characters(value)
        return json.loads(json.dumps(data, cls=DjangoJSONEncoder))

    # --- spam signals ----------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        page_id = self.page.pk if self.page is not None else None
        self.token = spam.read_token(self.data.get(TOKEN_FIELD), page_id)
        honeypot = self.data.get(HONEYPOT_FIELD, "")
        self.spam_reason = spam.spam_reason(honeypot, self.token)
        return cleaned

    @property
    def submission_key(self):
        return self.token.key if self.token else None

    # --- rendering helpers -----------------------------------------------------

    def prepare_for_render(self):
        """Tie help text and errors to each field with aria-describedby."""
        for name in self.fields:
            bound = self[name]
            ids = []
            if bound.help_text:
                ids.append(f"{bound.auto_id}-help")
            if bound.errors:
                ids.append(f"{bound.auto_id}-error")
            if ids and not bound.field.widget.use_fieldset:
                bound.field.widget.attrs["aria-describedby"] = " ".join(ids)

    @property
    def render_items(self):
        """Per builder field: the bound field and how to lay it out."""
        items = []
        for name in self.builder_field_names:
            bound = self[name]
            if bound.is_hidden:
                items.append({"field": bound, "kind": "hidden"})
                continue
            items.append({"field": bound, "kind": self._kind(bound), **self._ids(bound)})
        return items

    @property
    def consent_item(self):
        bound = self[CONSENT_FIELD]
        return {"field": bound, "kind": "checkbox", **self._ids(bound)}

    def _kind(self, bound):
        if bound.field.widget.use_fieldset:
            return "group"
        if isinstance(bound.field.widget, django.forms.CheckboxInput):
            return "checkbox"
        return "input"

    def _ids(self, bound):
        ids = []
        if bound.help_text:
            ids.append(f"{bound.auto_id}-help")
        if bound.errors:
            ids.append(f"{bound.auto_id}-error")
        return {
            "help_id": f"{bound.auto_id}-help",
            "error_id": f"{bound.auto_id}-error",
            "describedby": " ".join(ids),
        }

    @property
    def error_summary(self):
        """[(anchor id, label, first message)] in the order the fields are shown."""
        items = []
        for name in [*self.builder_field_names, CONSENT_FIELD]:
            bound = self[name]
            if not bound.errors:
                continue
            anchor = bound.auto_id
            if bound.field.widget.use_fieldset:
                anchor = f"{bound.auto_id}_0"
            label = gettext("Consent") if name == CONSENT_FIELD else bound.label
            items.append((anchor, label, bound.errors[0]))
        return items


class ConsultationPageAdminForm(RestrictedFieldsFormMixin, WagtailAdminFormPageForm):
    """Editor-side checks: reserved field names, one location field, an address.

    The addresses are shown only to users who may change where requests are
    announced (forms_app.alert_routing); for everyone else they keep their values."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is not None:
            location_fields = 0
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None)
                if not data or data.get("DELETE"):
                    continue
                name = form.instance.clean_name or form.instance.get_field_clean_name()
                if name in RESERVED_FIELD_NAMES:
                    form.add_error(
                        "label",
                        "This label is used by the form itself (consent and spam "
                        "protection). Choose another label.",
                    )
                if data.get("field_type") == CLINIC_LOCATION:
                    location_fields += 1
                    if location_fields > 1:
                        form.add_error(
                            "field_type", "The form can have only one clinic location field."
                        )
        if "to_address" in self.fields:
            if not (cleaned.get("to_address") or "").strip():
                self.add_error(
                    "to_address",
                    "Enter at least one address, so that a request for a clinic without its "
                    "own notification address is still announced.",
                )
        elif not (self.instance.to_address or "").strip():
            self.add_error(
                None,
                "Requests sent with this form would be announced to nobody. Ask an intake "
                "coordinator or an administrator to set the intake address first.",
            )
        return cleaned
