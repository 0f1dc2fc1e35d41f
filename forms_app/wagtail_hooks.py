"""Admin integration of consultation requests.

- The intake workspace (``ConsultationSubmissionViewSet``) in the admin menu.
- Wagtail's generic "Forms" section shows submissions to anyone who can edit a
  form page. For consultation pages that would include marketing editors, so
  it is closed for this page type: its listing, export and delete URLs refuse
  everyone, and intake staff work in the workspace (whose every view, export,
  status change and deletion is logged).
- Log action labels (views, exports, status changes, outcomes, assignments),
  and on the dashboard the number of new, overdue, needs-review and spam
  requests, in total and per clinic (counts only, never answers).
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.log_actions import LogFormatter

from . import intake
from .alert_routing import LOG_ACTION as ALERT_ROUTING_LOG_ACTION
from .alert_routing import AlertRoutingChangeFormatter
from .models import ConsultationPage, ConsultationSubmission, IntakeDigestSubscription
from .viewsets import ConsultationSubmissionViewSet

Status = ConsultationSubmission.Status


@hooks.register("register_admin_viewset")
def register_consultation_requests():
    return ConsultationSubmissionViewSet()


@hooks.register("filter_form_submissions_for_user")
def hide_consultation_pages_from_generic_forms(user, editable_forms):
    content_type = ContentType.objects.get_for_model(ConsultationPage)
    return editable_forms.exclude(content_type=content_type)


@hooks.register("register_log_actions")
def register_consultation_log_actions(actions):
    actions.register_action(
        "forms_app.view", "View consultation request", "Viewed the consultation request"
    )

    @actions.register_action("forms_app.export")
    class ExportFormatter(LogFormatter):
        label = "Export consultation requests"

        def format_message(self, log_entry):
            fmt = (log_entry.data or {}).get("format") or "file"
            return f"Exported in a {str(fmt).upper()} download"

    @actions.register_action("forms_app.status_change")
    class StatusChangeFormatter(LogFormatter):
        label = "Change consultation request status"

        def format_message(self, log_entry):
            labels = dict(ConsultationSubmission.Status.choices)
            data = log_entry.data or {}
            old = labels.get(data.get("from"), data.get("from"))
            new = labels.get(data.get("to"), data.get("to"))
            return f"Changed the status from '{old}' to '{new}'"

    @actions.register_action("forms_app.outcome")
    class OutcomeFormatter(LogFormatter):
        label = "Record consultation request outcome"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            message = f"Recorded '{data.get('label') or data.get('outcome')}'"
            if data.get("note"):
                message += f": {data['note']}"
            return message

    @actions.register_action("forms_app.assign")
    class AssignFormatter(LogFormatter):
        label = "Assign consultation request"

        def format_message(self, log_entry):
            name = (log_entry.data or {}).get("to")
            return f"Assigned to {name}" if name else "Unassigned"

    actions.register_action(
        "forms_app.retention_delete",
        "Delete consultation request (retention)",
        "Deleted by the retention policy",
    )


def can_view_requests(user):
    return user.has_perm("forms_app.view_consultationsubmission")


class NewRequestsSummaryItem(SummaryItem):
    """The dashboard's request counts: new, overdue, waiting for review, in
    spam (only for users who may view requests; counts, never answers)."""

    order = 50
    shown = (
        ("new", f"?status={Status.NEW}", "new consultation request", "new consultation requests"),
        ("overdue", "?overdue=true", "request overdue", "requests overdue"),
        ("review", f"?status={Status.REVIEW}", "request needs review", "requests need review"),
        ("spam", f"?status={Status.SPAM}", "request in spam", "requests in spam"),
    )

    def is_shown(self):
        return can_view_requests(self.request.user)

    def render_html(self, parent_context=None):
        counts = intake.totals(self.request_counts)
        index = reverse("consultation_requests:index")
        return render_to_string(
            "forms_app/admin/summary_item.html",
            {
                "lines": [
                    {
                        "count": counts[key],
                        "text": one if counts[key] == 1 else many,
                        "url": index + query,
                        "icon": "warning" if key in ("overdue", "review") else "form",
                    }
                    for key, query, one, many in self.shown
                ],
            },
        )

    @property
    def request_counts(self):
        return request_counts(self.request)


def request_counts(request):
    """Counts per clinic, one query per dashboard (shared by the item and the panel)."""
    counts = getattr(request, "_intake_counts", None)
    if counts is None:
        counts = request._intake_counts = intake.counts_by_clinic()
    return counts


class RequestsByClinicPanel(Component):
    """The dashboard table: new, overdue, needs review and spam per clinic."""

    name = "consultation_requests_by_clinic"
    order = 60
    template_name = "forms_app/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        return {
            "rows": request_counts(self.request),
            "index_url": reverse("consultation_requests:index"),
        }


@hooks.register("construct_homepage_summary_items")
def add_new_requests_summary(request, summary_items):
    summary_items.append(NewRequestsSummaryItem(request))


@hooks.register("construct_homepage_panels")
def add_requests_by_clinic_panel(request, panels):
    if can_view_requests(request.user):
        panels.append(RequestsByClinicPanel(request))


class IntakeDigestForm(forms.Form):
    """Account settings: opt in to the morning digest (counts only)."""

    intake_digest = forms.BooleanField(
        required=False,
        label="Email me a morning digest of consultation requests",
        help_text=(
            "Each morning: how many requests are new, overdue or need review, per clinic. "
            "Counts only, never names or answers."
        ),
    )

    def __init__(self, *args, instance, **kwargs):
        self.user = instance
        initial = {"intake_digest": IntakeDigestSubscription.objects.filter(user=instance).exists()}
        super().__init__(*args, initial=initial, **kwargs)

    def save(self):
        if self.cleaned_data["intake_digest"]:
            IntakeDigestSubscription.objects.get_or_create(user=self.user)
        else:
            IntakeDigestSubscription.objects.filter(user=self.user).delete()


@hooks.register("register_account_settings_panel")
class IntakeDigestSettingsPanel(BaseSettingsPanel):
    name = "intake_digest"
    title = "Intake digest"
    order = 600
    form_class = IntakeDigestForm

    def is_active(self):
        return can_view_requests(self.user)


@hooks.register("register_log_actions")
def register_alert_routing_log_action(actions):
    actions.register_action(ALERT_ROUTING_LOG_ACTION)(AlertRoutingChangeFormatter)
