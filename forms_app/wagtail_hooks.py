"""Admin integration of consultation requests.

- The intake workspace (``ConsultationSubmissionViewSet``) in the admin menu.
- Wagtail's generic "Forms" section shows submissions to anyone who can edit a
  form page. For consultation pages that would include marketing editors, so
  it is closed for this page type: its listing, export and delete URLs refuse
  everyone, and intake staff work in the workspace (whose every view, export,
  status change and deletion is logged).
- Log action labels, and dashboard lines with the number of new requests, of
  those that need review and of those in spam.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.site_summary import SummaryItem
from wagtail.log_actions import LogFormatter

from .models import ConsultationPage, ConsultationSubmission
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

    actions.register_action(
        "forms_app.retention_delete",
        "Delete consultation request (retention)",
        "Deleted by the retention policy",
    )


class NewRequestsSummaryItem(SummaryItem):
    """The dashboard's request counts: new, waiting for review, in spam
    (only for users who may view requests; counts, never answers)."""

    order = 50
    shown_statuses = (
        (Status.NEW, "new consultation request", "new consultation requests"),
        (Status.REVIEW, "request needs review", "requests need review"),
        (Status.SPAM, "request in spam", "requests in spam"),
    )

    def is_shown(self):
        return self.request.user.has_perm("forms_app.view_consultationsubmission")

    def render_html(self, parent_context=None):
        counts = ConsultationSubmission.objects.aggregate(
            **{
                status.value: Count("id", filter=Q(status=status))
                for status, _one, _many in self.shown_statuses
            }
        )
        index = reverse("consultation_requests:index")
        return render_to_string(
            "forms_app/admin/summary_item.html",
            {
                "lines": [
                    {
                        "count": counts[status.value],
                        "text": one if counts[status.value] == 1 else many,
                        "url": f"{index}?status={status.value}",
                        "icon": "warning" if status == Status.REVIEW else "form",
                    }
                    for status, one, many in self.shown_statuses
                ],
            },
        )


@hooks.register("construct_homepage_summary_items")
def add_new_requests_summary(request, summary_items):
    summary_items.append(NewRequestsSummaryItem(request))
