"""The intake team's workspace: consultation requests in the Wagtail admin.

Only users with the model permissions (the "Intake coordinators" group,
created by a data migration, and superusers) get in. Marketing editors, who
can edit the form page, get a refusal on every URL here, and Wagtail's own
form-submission views are closed for this page type (see wagtail_hooks.py).

- Listing: name, phone and preferred contact method (the answers of the
  fields recognised as such, see contact_keys()), received time, clinic,
  status, email state; filters by status, clinic and date; search by name,
  email, phone (digits, whatever the formatting) or reference, in the
  database; the count of new requests per clinic. Each listed request is
  logged as viewed ("forms_app.view").
- Inspect: the answers; each view is logged ("forms_app.view").
- Edit: status and internal notes only; a status change is logged
  ("forms_app.status_change") besides Wagtail's own "wagtail.edit".
- Delete: logged by Wagtail ("wagtail.delete").
- Export (CSV/XLSX, Wagtail's built-in): needs the "export" permission, is
  logged per request exported ("forms_app.export"), includes status and clinic,
  and neutralises spreadsheet formulas. Files are named
  consultation-requests-<clinic slug or "all">-<date>; the CSV starts with a
  UTF-8 byte-order mark so that Excel reads accented names right.
"""

import datetime
import uuid

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Func, Q, Value
from django.db.models.fields.json import KeyTextTransform
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from django.utils import dateformat, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timesince import timesince
from wagtail.admin import messages as admin_messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import get_active_log_context, log
from wagtail.models import Locale, ModelLogEntry
from wagtail.permissions import ModelPermissionPolicy

from . import intake
from .models import ConsultationPage, ConsultationSubmission

Status = ConsultationSubmission.Status
DATE_TIME = "F j, Y, g:i A T"

# Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """'=HYPERLINK(...)' -> "'=HYPERLINK(...)": shown as text, never run."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def log_many(submissions, action, user, data=None):
    """One admin log entry per submission, written in one query."""
    if not submissions:
        return
    content_type = ContentType.objects.get_for_model(ConsultationSubmission)
    context = get_active_log_context()
    shared_uuid = context.uuid or uuid.uuid4()
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                label=str(submission),
                action=action,
                data=data or {},
                timestamp=now,
                uuid=shared_uuid,
                user=user if user is not None and user.is_authenticated else None,
                object_id=str(submission.pk),
            )
            for submission in submissions
        ],
        batch_size=500,
    )


class SubmissionPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, but nobody creates requests in the admin (visitors do)."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def location_queryset(request):
    """Each clinic once (its page in the site's default language where it has
    one): a request made on the Spanish form names the Spanish clinic page,
    which the filter matches by its translation group."""
    from core.i18n import one_per_translation
    from locations.models import LocationPage

    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    pages = one_per_translation(
        LocationPage.objects.order_by("path").only("id", "translation_key", "locale"),
        default.pk if default else None,
    )
    return LocationPage.objects.filter(pk__in=[page.pk for page in pages]).order_by("title")


ASSIGNED_TO_ME, UNASSIGNED = "me", "nobody"


def assignee_choices():
    return [(ASSIGNED_TO_ME, "Me"), (UNASSIGNED, "Nobody")] + [
        (str(user.pk), intake.display_name(user)) for user in intake.coordinators()
    ]


class SubmissionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="All statuses")
    location = django_filters.ModelChoiceFilter(
        label="Clinic",
        queryset=location_queryset,
        empty_label="All clinics",
        method="filter_location",
    )
    language = django_filters.ChoiceFilter(
        label="Language", choices=settings.LANGUAGES, empty_label="All languages"
    )
    assigned = django_filters.ChoiceFilter(
        label="Assigned to",
        choices=assignee_choices,
        empty_label="Anyone",
        method="filter_assigned",
    )
    overdue = django_filters.BooleanFilter(
        label="Overdue",
        method="filter_overdue",
        widget=forms.CheckboxInput,
        help_text="Still open and past its follow-up time (one business day for a new request).",
    )
    submit_time = django_filters.DateFromToRangeFilter(
        label="Received", widget=DateRangePickerWidget
    )

    class Meta:
        model = ConsultationSubmission
        fields = ["status", "location", "language", "assigned", "overdue", "submit_time"]

    def filter_location(self, queryset, name, value):
        # The clinic in any language (its translations share the key).
        return queryset.filter(location__translation_key=value.translation_key)

    def filter_assigned(self, queryset, name, value):
        if value == ASSIGNED_TO_ME:
            return queryset.filter(assigned_to=self.request.user)
        if value == UNASSIGNED:
            return queryset.filter(assigned_to__isnull=True)
        return queryset.filter(assigned_to_id=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(intake.overdue_q()) if value else queryset


def contact_keys():
    """The answer keys (clean names) holding name, email, phone and contact method.

    Fields are the editors' to define, so they are recognised by what they are
    (an email or phone field, the "name" autofill hint, a choice about
    contacting) rather than by their labels. Every form page's fields count:
    older requests may come from a page since deleted or changed.
    """
    from .forms import PHONE
    from .models import ConsultationFormField

    keys = {"name": [], "email": [], "phone": [], "contact_method": []}
    for (
        clean_name,
        label,
        field_type,
        autocomplete,
        choices,
    ) in ConsultationFormField.objects.order_by("page_id", "sort_order").values_list(
        "clean_name", "label", "field_type", "autocomplete", "choices"
    ):
        if not clean_name:
            continue
        if autocomplete == "name":
            role = "name"
        elif field_type == "email" or autocomplete == "email":
            role = "email"
        elif field_type == PHONE or autocomplete == "tel":
            role = "phone"
        elif field_type in ("radio", "dropdown") and (
            "contact" in label.lower() or "email" in choices.lower()
        ):
            role = "contact_method"
        else:
            continue
        if clean_name not in keys[role]:
            keys[role].append(clean_name)
    return keys


def first_answer(keys):
    """A column accessor: the first of these answers the request has."""

    def accessor(submission):
        for key in keys:
            value = submission.form_data.get(key)
            if value:
                return ", ".join(map(str, value)) if isinstance(value, list) else value
        return ""

    return accessor


class TitleWithButtonsColumn(ButtonsColumnMixin, TitleColumn):
    """The request's reference with its actions ("Record outcome", "Edit"...)."""

    def __init__(self, *args, get_buttons, **kwargs):
        super().__init__(*args, **kwargs)
        self._get_buttons = get_buttons

    def get_buttons(self, instance, parent_context):
        return self._get_buttons(instance)


def age(submission):
    """How long the request has waited, e.g. "2 days, 3 hours"."""
    if timezone.now() - submission.submit_time < datetime.timedelta(minutes=1):
        return "Under a minute"
    return timesince(submission.submit_time, depth=2)


def is_overdue(submission, now=None):
    return (
        submission.follow_up_due is not None
        and submission.status in intake.open_statuses()
        and submission.follow_up_due <= (now or timezone.now())
    )


def follow_up_text(submission):
    if submission.follow_up_due is None or submission.status not in intake.open_statuses():
        return ""
    when = _when(submission.follow_up_due)
    return f"Overdue since {when}" if is_overdue(submission) else when


def outcome_url(submission, next_url=None):
    url = reverse("consultation_requests:outcome", args=[submission.pk])
    if next_url:
        from urllib.parse import urlencode

        url += "?" + urlencode({"next": next_url})
    return url


class SubmissionIndexView(generic.IndexView):
    template_name = "forms_app/admin/index.html"
    filterset_class = SubmissionFilterSet
    default_ordering = "-submit_time"
    export_filename = "consultation-requests"
    # Searched by search_queryset() below, in the database.
    search_fields = ["form_data"]

    def dispatch(self, request, *args, **kwargs):
        if self.is_export and not self.permission_policy.user_has_permission(
            request.user, "export"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def contact_keys(self):
        return contact_keys()

    @cached_property
    def columns(self):
        keys = self.contact_keys
        return [
            TitleWithButtonsColumn(
                "__str__",
                label="Request",
                get_url=self.get_inspect_url,
                get_buttons=self.get_list_buttons,
            ),
            Column("name", label="Name", accessor=first_answer(keys["name"])),
            Column("phone", label="Phone", accessor=first_answer(keys["phone"])),
            Column(
                "contact_method",
                label="Preferred contact",
                accessor=first_answer(keys["contact_method"]),
            ),
            DateColumn("submit_time", label="Received", sort_key="submit_time"),
            Column("age", label="Age", accessor=age),
            Column("location_name", label="Clinic", sort_key="location_name"),
            Column("get_language_display", label="Language", sort_key="language"),
            Column("get_status_display", label="Status", sort_key="status"),
            Column(
                "assigned_to",
                label="Assigned to",
                accessor=lambda item: intake.display_name(item.assigned_to),
            ),
            Column(
                "follow_up_due",
                label="Follow-up due",
                accessor=follow_up_text,
                sort_key="follow_up_due",
            ),
            Column("get_notification_status_display", label="Emails"),
        ]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("assigned_to")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.insert(
                0,
                MenuItem(
                    "Record outcome",
                    url=outcome_url(instance, next_url=self.request.get_full_path()),
                    icon_name="comment",
                    priority=5,
                ),
            )
        return buttons

    # --- search ----------------------------------------------------------------

    def search_queryset(self, queryset):
        """Name, email or phone answers, or the reference ("12" or "#12"), in the database.

        Phone numbers match on their digits whatever the formatting on either
        side: "5035550199" finds "503.555.0199" and "(503) 555-0199".
        """
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        keys = self.contact_keys
        # Answers by key transforms (not lookups spelled from editor-chosen names).
        answers, condition = {}, Q()
        for index, key in enumerate(keys["name"] + keys["email"]):
            answers[f"answer_{index}"] = KeyTextTransform(key, "form_data")
            condition |= Q(**{f"answer_{index}__icontains": query})
        reference = query.removeprefix("#").strip()
        if reference.isdigit():
            condition |= Q(pk=int(reference))
        digits = "".join(character for character in query if character.isdigit())
        if len(digits) >= 3:
            for index, key in enumerate(keys["phone"]):
                answers[f"phone_digits_{index}"] = Func(
                    KeyTextTransform(key, "form_data"),
                    Value(r"\D"),
                    Value(""),
                    Value("g"),
                    function="regexp_replace",
                    output_field=CharField(),
                )
                condition |= Q(**{f"phone_digits_{index}__contains": digits})
        if not condition:
            return queryset.none()
        return queryset.alias(**answers).filter(condition)

    # --- export ----------------------------------------------------------------

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
    ]
    ANSWER_PREFIX = "answer:"
    CONTACT_PREFIX = "contact:"

    @cached_property
    def answer_fields(self):
        """(clean_name, label) of every consultation page's fields, without
        repeats and without those the list's name, phone and contact columns show."""
        from .models import ConsultationFormField

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
        row = {}
        for field in self.list_export:
            if field.startswith(self.ANSWER_PREFIX):
                row[field] = item.form_data.get(field[len(self.ANSWER_PREFIX) :], "")
            elif field.startswith(self.CONTACT_PREFIX):
                role = field[len(self.CONTACT_PREFIX) :]
                row[field] = first_answer(self.contact_keys[role])(item)
            elif field == "assigned_to":
                row[field] = intake.display_name(item.assigned_to)
            else:
                value = getattr(item, field)
                value = value() if callable(value) else value
                if isinstance(value, datetime.datetime):
                    # Local clinic time, to the second, in both formats.
                    value = timezone.make_naive(value).replace(microsecond=0)
                row[field] = value
        return row

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, str):
            if export_format == self.FORMAT_XLSX:
                from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            value = neutralise_formula(value)
        return value

    def render_to_response(self, context, **response_kwargs):
        if self.is_export:
            submissions = list(context["object_list"])
            log_many(
                submissions,
                "forms_app.export",
                self.request.user,
                data={"format": self.request.GET.get("export")},
            )
            return self.as_spreadsheet(submissions, self.request.GET.get("export"))
        # Names and phone numbers are on screen: logged like opening each request.
        log_many(
            list(context["object_list"]), "forms_app.view", self.request.user, {"in": "listing"}
        )
        return super().render_to_response(context, **response_kwargs)

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

    # --- header counts ---------------------------------------------------------

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        rows = intake.counts_by_clinic()
        context["clinic_counts"] = rows
        context["count_totals"] = intake.totals(rows)
        index = reverse(self.index_url_name)
        context["new_url"] = f"{index}?status={Status.NEW}"
        context["overdue_url"] = f"{index}?overdue=true"
        context["review_url"] = f"{index}?status={Status.REVIEW}"
        context["mine_url"] = f"{index}?assigned={ASSIGNED_TO_ME}"
        context["index_url"] = index
        return context


class _ListWithModel(list):
    model = ConsultationSubmission


class SubmissionInspectView(generic.InspectView):
    def get(self, request, *args, **kwargs):
        log(self.object, "forms_app.view", user=request.user)
        return super().get(request, *args, **kwargs)

    def get_fields_context(self):
        """The request's state first, then the answers by their labels, then consent."""
        submission = self.object
        page = submission.page.specific if submission.page_id else None
        labels = {}
        if isinstance(page, ConsultationPage):
            labels = {field.clean_name: field.label for field in page.form_fields.all()}
        attempts = submission.notification_attempts
        emails = (
            f"{submission.get_notification_status_display()} "
            f"({attempts} attempt{'' if attempts == 1 else 's'})"
        )
        if submission.notification_last_error:
            emails += f"; last error: {submission.notification_last_error}"
        fields = [
            _row("Received", f"{_when(submission.submit_time)} ({age(submission)} ago)"),
            _row("Clinic", submission.location_name or "No clinic chosen"),
            _row("Language", submission.get_language_display()),
            _row("Status", submission.get_status_display()),
            _row("Assigned to", intake.display_name(submission.assigned_to)),
            _row("Follow-up due", follow_up_text(submission)),
            _row("Follow-up history", self.follow_up_history()),
            _row("Internal notes", submission.internal_notes),
        ]
        if submission.spam_reason:
            fields.append(_row("Flagged because", submission.flag_reason))
        for name, value in submission.form_data.items():
            fields.append(_row(labels.get(name, name.replace("_", " ").capitalize()), value))
        fields += [
            _row(
                "Consent",
                f"Given {_when(submission.consent_at)}"
                if submission.consent_given and submission.consent_at
                else "Not recorded",
            ),
            _row("Consent wording shown", submission.consent_text),
            _row("Emails", emails),
        ]
        return fields

    def follow_up_history(self):
        """Outcomes and assignments, newest first, as the history view has them."""
        entries = (
            ModelLogEntry.objects.for_instance(self.object)
            .filter(action__in=FOLLOW_UP_ACTIONS)
            .select_related("user")
            .order_by("-timestamp", "-id")[:20]
        )
        if not entries:
            return ""
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {} ({})</li>",
                (
                    (
                        _when(entry.timestamp),
                        entry.message,
                        intake.display_name(entry.user) or "system",
                    )
                    for entry in entries
                ),
            ),
        )

    @cached_property
    def header_buttons(self):
        if not self.permission_policy.user_has_permission(self.request.user, "change"):
            return []
        return [HeaderButton("Record outcome", url=outcome_url(self.object), icon_name="comment")]


FOLLOW_UP_ACTIONS = ("forms_app.outcome", "forms_app.assign")


def _when(value):
    return dateformat.format(timezone.localtime(value), DATE_TIME)


def _row(label, value):
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    if isinstance(value, str):
        value = linebreaksbr(value, autoescape=True) if value else "–"
    return {"label": label, "value": value, "component": None}


def log_assignment(submission, before_id, user):
    if submission.assigned_to_id != before_id:
        log(
            submission,
            "forms_app.assign",
            user=user,
            data={"to": intake.display_name(submission.assigned_to)},
        )


class SubmissionEditView(generic.EditView):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if "assigned_to" in form.fields:
            form.fields["assigned_to"].queryset = intake.coordinators()
        return form

    def save_instance(self):
        # The form already changed the instance in memory: read the stored state.
        before = (
            ConsultationSubmission.objects.filter(pk=self.object.pk)
            .values("status", "assigned_to_id")
            .first()
        ) or {"status": None, "assigned_to_id": None}
        instance = super().save_instance()
        if instance.status != before["status"]:
            log(
                instance,
                "forms_app.status_change",
                user=self.request.user,
                data={"from": before["status"], "to": instance.status},
            )
        log_assignment(instance, before["assigned_to_id"], self.request.user)
        return instance


class OutcomeForm(forms.ModelForm):
    """One step after a call: what happened, a note, when to call next, who."""

    field_order = ["outcome", "note", "follow_up_due", "assigned_to"]
    outcome = forms.ChoiceField(widget=forms.RadioSelect, label="Outcome")
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the request's history, seen only by the intake team.",
    )

    class Meta:
        model = ConsultationSubmission
        fields = ["assigned_to", "follow_up_due"]
        widgets = {"follow_up_due": AdminDateTimeInput}
        labels = {"follow_up_due": "Next follow-up"}
        help_texts = {
            "follow_up_due": (
                "Leave empty for the usual: after 'Contacted' two business days, after "
                "'Left voicemail' the next business day, none after the others."
            )
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.value, o.label) for o in intake.outcomes()]
        self.fields["assigned_to"].queryset = intake.coordinators()
        self.fields["assigned_to"].label_from_instance = intake.display_name
        self.fields["assigned_to"].empty_label = "Nobody"
        self.fields["assigned_to"].help_text = "The coordinator following this request up."
        self.initial["follow_up_due"] = None
        if self.instance.assigned_to_id is None and intake.is_coordinator(user):
            self.initial["assigned_to"] = user.pk

    def clean_follow_up_due(self):
        due = self.cleaned_data.get("follow_up_due")
        if due is not None and due < timezone.now() - datetime.timedelta(minutes=1):
            raise forms.ValidationError("Choose a time from now on.")
        return due


class SubmissionOutcomeView(generic.EditView):
    """Record an outcome from the request view or the list: sets the status,
    the next follow-up time and the assignee; logged with the note."""

    view_name = "outcome"
    page_title = "Record an outcome"
    template_name = "forms_app/admin/outcome.html"
    submit_button_label = "Record outcome"
    submit_button_active_label = "Recording…"
    error_message = "The outcome could not be recorded: check the fields below."
    outcome_url_name = None

    def get_panel(self):
        return None

    def get_form_class(self):
        return OutcomeForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_edit_url(self):
        return outcome_url(self.object, self.next_url)

    @cached_property
    def next_url(self):
        candidate = self.request.POST.get("next") or self.request.GET.get("next")
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={self.request.get_host()}, require_https=False
        ):
            return candidate
        return None

    def get_success_url(self):
        return self.next_url or self.get_inspect_url()

    def get_success_buttons(self):
        return [admin_messages.button(self.get_inspect_url(), "View request")]

    def save_instance(self):
        submission = self.object
        before_status = (
            ConsultationSubmission.objects.filter(pk=submission.pk)
            .values_list("status", "assigned_to_id")
            .first()
        ) or (None, None)
        outcome = intake.outcome_named(self.form.cleaned_data["outcome"])
        due = self.form.cleaned_data.get("follow_up_due")
        if due is None and outcome.follow_up_days:
            due = intake.due_after(submission.location, timezone.now(), outcome.follow_up_days)
        submission.status = outcome.status
        submission.follow_up_due = due
        submission.assigned_to = self.form.cleaned_data.get("assigned_to")
        submission.save(update_fields=["status", "follow_up_due", "assigned_to"])
        log(
            submission,
            "forms_app.outcome",
            user=self.request.user,
            data={
                "outcome": outcome.value,
                "label": outcome.label,
                "note": self.form.cleaned_data.get("note", ""),
                "from": before_status[0],
                "to": outcome.status,
                "follow_up_due": due.isoformat() if due else None,
            },
        )
        log_assignment(submission, before_status[1], self.request.user)
        self.outcome = outcome
        return submission

    def get_success_message(self):
        return f"Recorded '{self.outcome.label}' for {self.object}."

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        keys = contact_keys()  # one query for both answers
        context["summary"] = [
            ("Name", first_answer(keys["name"])(self.object)),
            ("Phone", first_answer(keys["phone"])(self.object)),
            ("Clinic", self.object.location_name or "No clinic chosen"),
            ("Status", self.object.get_status_display()),
            ("Follow-up due", follow_up_text(self.object)),
        ]
        context["next_url"] = self.next_url
        return context


class ConsultationSubmissionViewSet(ModelViewSet):
    model = ConsultationSubmission
    name = "consultation_requests"
    url_prefix = "consultation-requests"
    icon = "form"
    menu_label = "Consultation requests"
    menu_order = 210
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False

    index_view_class = SubmissionIndexView
    inspect_view_class = SubmissionInspectView
    edit_view_class = SubmissionEditView

    panels = [
        FieldPanel("status"),
        FieldPanel("assigned_to"),
        FieldPanel("follow_up_due"),
        FieldPanel("internal_notes"),
    ]

    @property
    def outcome_view(self):
        return self.construct_view(
            SubmissionOutcomeView,
            **{
                **self.get_edit_view_kwargs(),
                "template_name": SubmissionOutcomeView.template_name,
                "form_class": OutcomeForm,
                "panel": None,
            },
        )

    @property
    def permission_policy(self):
        return SubmissionPermissionPolicy(self.model)

    def get_urlpatterns(self):
        # No "new", "copy" or "usage" views: requests come from visitors only.
        hidden = {"add", "copy", "usage"}
        patterns = [p for p in super().get_urlpatterns() if p.name not in hidden]
        patterns.append(path("outcome/<str:pk>/", self.outcome_view, name="outcome"))
        return patterns

    def get_permissions_to_register(self):
        return (
            super()
            .get_permissions_to_register()
            .exclude(codename=get_permission_codename("add", self.model_opts))
        )

    def get_common_view_kwargs(self, **kwargs):
        kwargs = super().get_common_view_kwargs(**kwargs)
        kwargs.update(add_url_name=None, usage_url_name=None)
        return kwargs
