"""The list of requests as a spreadsheet (CSV or XLSX, Wagtail's built-in
export): only with the "export" permission, logged per request exported,
with status and clinic, spreadsheet formulas neutralised, local times, and a
file named for the clinic filtered on and the date."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.functional import cached_property

from core.audit import log_many
from core.intake_sources import IntakeRow

from .. import intake
from ..models import ConsultationSubmission
from .columns import first_answer
from .others import other_export_rows

# Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """'=HYPERLINK(...)' -> "'=HYPERLINK(...)": shown as text, never run."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SubmissionExportMixin:
    """The export half of the list's index view (listing.SubmissionIndexView):
    its rows follow the list's columns (the view's ``contact_keys``), then
    every answer."""

    export_filename = "consultation-requests"

    def dispatch(self, request, *args, **kwargs):
        if self.is_export and not self.permission_policy.user_has_permission(
            request.user, "export"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    # The list's columns first, in its order, then what only the export has.
    BASE_EXPORT = [
        ("id", "Reference"),
        ("contact:name", "Name"),
        ("contact:phone", "Phone"),
        ("contact:contact_method", "Preferred contact"),
        ("submit_time", f"Received ({settings.TIME_ZONE})"),
        ("location_name", "Clinic"),
        ("get_language_display", "Language"),
        ("get_status_display", "Status"),
        ("assigned_to", "Assigned to"),
        ("follow_up_due", f"Follow-up due ({settings.TIME_ZONE})"),
        ("get_notification_status_display", "Emails"),
        ("internal_notes", "Internal notes"),
        ("consent_at", f"Consent given at ({settings.TIME_ZONE})"),
        ("consent_text", "Consent wording"),
        # Rows of other kinds of intake (others.py) say what they are.
        ("kind", "Kind"),
        ("appointment", "Appointment (clinic time)"),
    ]
    ANSWER_PREFIX = "answer:"
    CONTACT_PREFIX = "contact:"

    @cached_property
    def answer_fields(self):
        """(clean_name, label) of every consultation page's fields, without
        repeats and without those the list's name, phone and contact columns show."""
        from ..models import ConsultationFormField

        keys = self.contact_keys
        seen = set(keys["name"] + keys["phone"] + keys["contact_method"])
        fields = []
        for clean_name, label in ConsultationFormField.objects.order_by(
            "page_id", "sort_order"
        ).values_list("clean_name", "label"):
            if clean_name and clean_name not in seen:
                seen.add(clean_name)
                fields.append((clean_name, label))
        return fields

    @cached_property
    def list_export(self):
        return [name for name, _ in self.BASE_EXPORT] + [
            self.ANSWER_PREFIX + name for name, _ in self.answer_fields
        ]

    @cached_property
    def export_headings(self):
        headings = dict(self.BASE_EXPORT)
        headings.update({self.ANSWER_PREFIX + name: label for name, label in self.answer_fields})
        return headings

    @cached_property
    def show_export_buttons(self):
        return self.permission_policy.user_has_permission(self.request.user, "export")

    def to_row_dict(self, item):
        if isinstance(item, IntakeRow):
            return self.other_row_dict(item)
        row = {"kind": "Consultation request", "appointment": ""}
        for field in self.list_export:
            if field.startswith(self.ANSWER_PREFIX):
                row[field] = item.form_data.get(field[len(self.ANSWER_PREFIX) :], "")
            elif field.startswith(self.CONTACT_PREFIX):
                role = field[len(self.CONTACT_PREFIX) :]
                row[field] = first_answer(self.contact_keys[role])(item)
            elif field in row:
                continue
            elif field == "assigned_to":
                row[field] = intake.display_name(item.assigned_to)
            else:
                value = getattr(item, field)
                value = value() if callable(value) else value
                if isinstance(value, datetime.datetime):
                    # Local clinic time, to the second, in both formats.
                    value = timezone.make_naive(value).replace(microsecond=0)
                row[field] = value
        # In the headings' order (the spreadsheet writers take the dict's).
        return {field: row[field] for field in self.list_export}

    def other_row_dict(self, item):
        """A booking's (or another kind's) row: its words under the same headings."""
        values = {
            "id": item.reference,
            "contact:name": item.name,
            "contact:phone": item.phone,
            "contact:contact_method": item.contact,
            "submit_time": timezone.make_naive(item.received).replace(microsecond=0),
            "location_name": item.clinic,
            "get_language_display": item.language,
            "get_status_display": " – ".join(part for part in (item.status, item.outcome) if part),
            "assigned_to": item.assigned_to,
            "kind": item.kind,
            "appointment": item.appointment,
        }
        return {field: values.get(field, "") for field in self.list_export}

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, str):
            if export_format == self.FORMAT_XLSX:
                from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            value = neutralise_formula(value)
        return value

    def render_to_response(self, context, **response_kwargs):
        if not self.is_export:
            return super().render_to_response(context, **response_kwargs)
        submissions = list(context["object_list"])
        export_format = self.request.GET.get("export")
        log_many(submissions, "forms_app.export", self.request.user, data={"format": export_format})
        # Then the other kinds of intake (each source logs its own rows exported).
        others = other_export_rows(self, export_format)
        return self.as_spreadsheet(submissions + others, export_format)

    def get_filename(self):
        """consultation-requests-<clinic slug or "all">-<local date>, without extension."""
        clinic = None
        if self.filters is not None and self.filters.is_valid():
            clinic = self.filters.form.cleaned_data.get("location")
        return "consultation-requests-{}-{}".format(
            clinic.slug if clinic else "all", timezone.localdate().isoformat()
        )

    def stream_csv(self, queryset):
        # A byte-order mark first: without it Excel on Windows reads UTF-8 as
        # its legacy code page, and "Zoë" shows as "ZoÃ«".
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # get_heading() needs a queryset's model; a list of submissions is fine here.
        return super().as_spreadsheet(_ListWithModel(queryset), spreadsheet_format)


class _ListWithModel(list):
    model = ConsultationSubmission
