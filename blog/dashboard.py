"""The dashboard speaks to each editorial role (intake coordinators get the
requests first: forms_app.wagtail_hooks).

- A medical reviewer (the "Medical reviewers" group) sees first the
  articles waiting for their approval (Wagtail's "Awaiting your review"),
  then the live articles whose review is due.
- A writer (the "Marketing editors" group) sees first their articles not
  yet live or with unpublished changes, each with where it stands, then
  Wagtail's list of their pages in a workflow.

Wagtail sorts the dashboard's panels by their ``order``; the hook changes it
for the user's role and adds the role's own panels.
"""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import (
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)

from .editorial import MARKETING_EDITORS
from .reviews import is_medical_reviewer

SHOWN = 10


def is_writer(user):
    return bool(
        user.is_authenticated
        and user.is_active
        and user.groups.filter(name=MARKETING_EDITORS).exists()
    )


class YourDraftsPanel(Component):
    """A writer's articles that readers do not see yet (as the writer left them)."""

    name = "your_article_drafts"
    order = 20
    template_name = "blog/admin/your_drafts_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        from .models import ArticlePage

        drafts = (
            ArticlePage.objects.filter(
                has_unpublished_changes=True,
                latest_revision__user=self.request.user,
            )
            .select_related("latest_revision")
            .order_by("-latest_revision_created_at")[:SHOWN]
        )
        rows = []
        for article in drafts:
            state = article.current_workflow_state
            if state is not None and state.status == state.STATUS_IN_PROGRESS:
                status = "Waiting for medical review"
            elif state is not None and state.status == state.STATUS_NEEDS_CHANGES:
                status = "Changes requested"
            elif article.live:
                status = "Live, with changes not submitted"
            else:
                status = "Draft, not submitted"
            rows.append(
                {
                    "title": article.get_admin_display_title(),
                    "url": reverse("wagtailadmin_pages:edit", args=(article.pk,)),
                    "status": status,
                }
            )
        return {"rows": rows}


class ReviewsDuePanel(Component):
    """For a medical reviewer: live articles whose review is due or missing."""

    name = "medical_reviews_due"
    order = 20
    template_name = "blog/admin/reviews_due_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        from .views import reviews_due

        due = list(reviews_due(timezone.localdate())[: SHOWN + 1])
        return {
            "rows": [
                {
                    "title": article.title,
                    "url": reverse("wagtailadmin_pages:edit", args=(article.pk,)),
                    "due": article.next_review_due,
                }
                for article in due[:SHOWN]
            ],
            "more": len(due) > SHOWN,
            "report_url": reverse("blog_reviews_due"),
        }


def panels_for_role(request, panels):
    user = request.user
    if is_medical_reviewer(user):
        for panel in panels:
            if isinstance(panel, WorkflowObjectsToModeratePanel):
                panel.order = 10
        panels.append(ReviewsDuePanel(request))
    if is_writer(user):
        panels.append(YourDraftsPanel(request))
        for panel in panels:
            if isinstance(panel, UserObjectsInWorkflowModerationPanel):
                panel.order = 30
            elif isinstance(panel, RecentEditsPanel):
                panel.order = 40
