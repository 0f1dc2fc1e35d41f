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
from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, Func, Q, Value
from django.db.models.fields.json import KeyTextTransform
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import get_active_log_context, log
from wagtail.models import ModelLogEntry
from wagtail.permissions import ModelPermissionPolicy

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
    from locations.models import LocationPage

    return LocationPage.objects.order_by("title")


class SubmissionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="All statuses")
    location = django_filters.ModelChoiceFilter(
        label="Clinic", queryset=location_queryset, empty_label="All clinics"
    )
    submit_time = django_filters.DateFromToRangeFilter(
        label="Received", widget=DateRangePickerWidget
    )

    class Meta:
        model = ConsultationSubmission
        fields = ["status", "location", "submit_time"]


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
            TitleColumn(
                "__str__",
                label="Request",
                get_url=self.get_inspect_url,
            ),
            Column("name", label="Name", accessor=first_answer(keys["name"])),
            Column("phone", label="Phone", accessor=first_answer(keys["phone"])),
            Column(
                "contact_method",
                label="Preferred contact",
                accessor=first_answer(keys["contact_method"]),
            ),
            DateColumn("submit_time", label="Received", sort_key="submit_time"),
            Column("location_name", label="Clinic", sort_key="location_name"),
            Column("get_status_display", label="Status", sort_key="status"),
            Column("get_notification_status_display", label="Emails"),
        ]

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

    BASE_EXPORT = [
        ("id", "Reference"),
        ("submit_time", f"Received ({settings.TIME_ZONE})"),
        ("location_name", "Clinic"),
        ("get_status_display", "Status"),
        ("internal_notes", "Internal notes"),
        ("consent_at", f"Consent given at ({settings.TIME_ZONE})"),
        ("consent_text", "Consent wording"),
    ]
    ANSWER_PREFIX = "answer:"

    @cached_property
    def answer_fields(self):
        """(clean_name, label) of every consultation page's fields, without repeats."""
        from .models import ConsultationFormField

        seen, fields = set(), []
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
        counts = (
            ConsultationSubmission.objects.filter(status=Status.NEW)
            .values("location_name")
            .annotate(count=Count("id"))
            .order_by("location_name")
        )
        context["new_counts"] = [
            (row["location_name"] or "No clinic chosen", row["count"]) for row in counts
        ]
        context["new_total"] = sum(count for _name, count in context["new_counts"])
        context["new_url"] = reverse(self.index_url_name) + "?status=new"
        context["review_total"] = ConsultationSubmission.objects.filter(
            status=Status.REVIEW
        ).count()
        context["review_url"] = reverse(self.index_url_name) + f"?status={Status.REVIEW}"
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
            _row("Received", _when(submission.submit_time)),
            _row("Clinic", submission.location_name or "No clinic chosen"),
            _row("Status", submission.get_status_display()),
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


def _when(value):
    return dateformat.format(timezone.localtime(value), DATE_TIME)


def _row(label, value):
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    if isinstance(value, str):
        value = linebreaksbr(value, autoescape=True) if value else "–"
    return {"label": label, "value": value, "component": None}


class SubmissionEditView(generic.EditView):
    def save_instance(self):
        # The form already changed the instance in memory: read the stored status.
        before = (
            ConsultationSubmission.objects.filter(pk=self.object.pk)
            .values_list("status", flat=True)
            .first()
        )
        instance = super().save_instance()
        if instance.status != before:
            log(
                instance,
                "forms_app.status_change",
                user=self.request.user,
                data={"from": before, "to": instance.status},
            )
        return instance


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

    panels = [FieldPanel("status"), FieldPanel("internal_notes")]

    @property
    def permission_policy(self):
        return SubmissionPermissionPolicy(self.model)

    def get_urlpatterns(self):
        # No "new", "copy" or "usage" views: requests come from visitors only.
        hidden = {"add", "copy", "usage"}
        patterns = [p for p in super().get_urlpatterns() if p.name not in hidden]
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
