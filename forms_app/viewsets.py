"""The intake team's workspace: consultation requests in the Wagtail admin.

Only users with the model permissions (the "Intake coordinators" group,
created by a data migration, and superusers) get in. Marketing editors, who
can edit the form page, get a refusal on every URL here, and Wagtail's own
form-submission views are closed for this page type (see wagtail_hooks.py).

The views live in forms_app.workspace, one module per part; this viewset
ties them together (URLs, permissions, the edit panels).

- Listing (workspace.listing): name, phone and preferred contact method
  (the answers of the fields recognised as such, see
  workspace.columns.contact_keys()), received time, clinic, status, email
  state; filters by status, clinic and date; search by name, email, phone
  (digits, whatever the formatting) or reference, in the database; the count
  of new requests per clinic. Each listed request is logged as viewed
  ("forms_app.view").
- Inspect (workspace.detail): the answers; each view is logged
  ("forms_app.view").
- Edit (workspace.detail): status and internal notes only; a status change
  is logged ("forms_app.status_change") besides Wagtail's own "wagtail.edit".
- Delete: logged by Wagtail ("wagtail.delete").
- Outcome (workspace.outcome): what a call achieved, the next follow-up time
  and the assignee, logged with a note ("forms_app.outcome",
  "forms_app.assign").
- Export (workspace.export; CSV/XLSX, Wagtail's built-in): needs the
  "export" permission, is logged per request exported ("forms_app.export"),
  includes status and clinic, and neutralises spreadsheet formulas. Files are
  named consultation-requests-<clinic slug or "all">-<date>; the CSV starts
  with a UTF-8 byte-order mark so that Excel reads accented names right.
"""

from django.contrib.auth import get_permission_codename
from django.urls import path
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import ModelPermissionPolicy

from .models import ConsultationSubmission
from .workspace.detail import SubmissionEditView, SubmissionInspectView
from .workspace.listing import SubmissionIndexView
from .workspace.outcome import OutcomeForm, SubmissionOutcomeView


class SubmissionPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, but nobody creates requests in the admin (visitors do)."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


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
