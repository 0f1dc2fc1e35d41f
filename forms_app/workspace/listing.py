"""The list of requests: name, phone and preferred contact method (the
answers of the fields recognised as such, see columns.contact_keys()),
received time, clinic, status, email state; filters by status, clinic,
language, assignee, overdue and date; search by name, email, phone (digits,
whatever the formatting) or reference, in the database; the count of new
requests per clinic. Each listed request is logged as viewed
("forms_app.view"). The export of the same list is export.py's.
"""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q, TextField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.models import Locale

from core.audit import log_many

from .. import intake
from ..models import ConsultationSubmission
from .columns import contact_keys, first_answer, short_follow_up_text
from .export import SubmissionExportMixin
from .others import other_rows
from .outcome import outcome_url

Status = ConsultationSubmission.Status


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


def language_code(submission):
    """The language's code (ES), with its name on hover and for screen
    readers: the column stays narrow enough for a 1024 px screen."""
    return format_html(
        '<abbr title="{}">{}</abbr><span class="w-sr-only"> ({})</span>',
        submission.get_language_display(),
        submission.language.upper(),
        submission.get_language_display(),
    )


# What people type between a phone number's digits.
PHONE_PUNCTUATION = (" ", "-", ".", "(", ")", "+", "/", "\u00a0")


def phone_digits(expression):
    """The phone answer without its punctuation, in the database: Replace
    exists on every backend (SQLite under `make run`, PostgreSQL in
    production), where a regular expression function does not."""
    for character in PHONE_PUNCTUATION:
        expression = Replace(expression, Value(character), Value(""), output_field=TextField())
    return expression


class CheckedOnly(forms.CheckboxInput):
    """A checkbox that filters only when ticked: unticked is "no filter"
    (None), not "False", so the list never shows an "Overdue: False" chip
    that filters nothing."""

    def value_from_datadict(self, data, files, name):
        return True if super().value_from_datadict(data, files, name) else None


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
        widget=CheckedOnly,
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


class TitleWithButtonsColumn(ButtonsColumnMixin, TitleColumn):
    """The request's reference with its actions ("Record outcome", "Edit"...)."""

    def __init__(self, *args, get_buttons, **kwargs):
        super().__init__(*args, **kwargs)
        self._get_buttons = get_buttons

    def get_buttons(self, instance, parent_context):
        return self._get_buttons(instance)


class SubmissionIndexView(SubmissionExportMixin, generic.IndexView):
    template_name = "forms_app/admin/index.html"
    # The requests, then the other kinds of intake (others.py), refreshed together.
    results_template_name = "forms_app/admin/index_results.html"
    filterset_class = SubmissionFilterSet
    default_ordering = "-submit_time"
    # Searched by search_queryset() below, in the database.
    search_fields = ["form_data"]

    @cached_property
    def contact_keys(self):
        return contact_keys()

    @cached_property
    def columns(self):
        keys = self.contact_keys
        return [
            TitleWithButtonsColumn(
                "reference",
                label="Request",
                accessor=lambda item: f"#{item.pk}",
                get_url=self.get_inspect_url,
                get_buttons=self.get_list_buttons,
                sort_key="pk",
            ),
            Column("name", label="Name", accessor=first_answer(keys["name"])),
            Column(
                "phone",
                label="Phone",
                accessor=first_answer(keys["phone"]),
                classname="intake-list__nowrap",  # read as one piece
            ),
            Column(
                "contact_method",
                label="Preferred contact",
                accessor=first_answer(keys["contact_method"]),
            ),
            # "3 hours ago" with the exact time on hover: the request's age.
            DateColumn("submit_time", label="Received", sort_key="submit_time"),
            Column("location_name", label="Clinic", sort_key="location_name"),
            Column("language", label="Language", accessor=language_code, sort_key="language"),
            Column("get_status_display", label="Status", sort_key="status"),
            Column(
                "assigned_to",
                label="Assigned to",
                accessor=lambda item: intake.display_name(item.assigned_to),
            ),
            Column(
                "follow_up_due",
                label="Follow-up due",
                accessor=short_follow_up_text,
                sort_key="follow_up_due",
            ),
            # (Whether the emails went out is on the request's page and in
            # the export: a column of "Sent" costs the list its width.)
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
                answers[f"phone_digits_{index}"] = phone_digits(KeyTextTransform(key, "form_data"))
                condition |= Q(**{f"phone_digits_{index}__contains": digits})
        if not condition:
            return queryset.none()
        return queryset.alias(**answers).filter(condition)

    # --- logging ---------------------------------------------------------------

    def render_to_response(self, context, **response_kwargs):
        if not self.is_export:
            # Names and phone numbers are on screen: logged like opening each request.
            log_many(
                list(context["object_list"]),
                "forms_app.view",
                self.request.user,
                {"in": "listing"},
            )
        return super().render_to_response(context, **response_kwargs)

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
        context["intake_others"] = [] if self.is_export else other_rows(self)
        query = self.request.GET.copy()
        query.pop("p", None)
        context["intake_next"] = index + (f"?{query.urlencode()}" if query else "")
        return context
