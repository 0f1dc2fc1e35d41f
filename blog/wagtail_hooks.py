"""Admin of the blog: people and topics snippets, the review reports, permissions; and
the blog's section blocks for the home page and standard pages."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.permissions import page_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from people.views import PersonViewSet

from .blocks import ClinicianQuoteBlock, LatestArticlesBlock
from .dashboard import panels_for_role
from .models import ArticlePage, Topic
from .reviews import REVIEW_LOG_ACTION, is_medical_reviewer
from .views import ReviewedNoChangeView, ReviewHistoryReportView, ReviewsDueReportView


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ArticlesSnippetGroup(SnippetViewSetGroup):
    items = (PersonViewSet, TopicViewSet)
    menu_icon = "doc-full"
    menu_label = "Articles"
    menu_name = "articles"
    menu_order = 250


register_snippet(ArticlesSnippetGroup)

# The dashboard for writers and medical reviewers (blog.dashboard).
hooks.register("construct_homepage_panels", panels_for_role)


@hooks.register("register_section_blocks")
def blog_section_blocks():
    """The newest articles and a clinician's quote, for the pages made of
    sections (core.sections; positions as in home.wagtail_hooks)."""
    return [
        (30, "latest_articles", LatestArticlesBlock),
        (70, "clinician_quote", ClinicianQuoteBlock),
    ]


@hooks.register("register_admin_urls")
def register_reviews_due_report_urls():
    return [
        path(
            "reports/medical-reviews-due/",
            ReviewsDueReportView.as_view(),
            name="blog_reviews_due",
        ),
        path(
            "reports/medical-reviews-due/results/",
            ReviewsDueReportView.as_view(results_only=True),
            name="blog_reviews_due_results",
        ),
        path(
            "reports/medical-review-history/",
            ReviewHistoryReportView.as_view(),
            name="blog_review_history",
        ),
        path(
            "reports/medical-review-history/results/",
            ReviewHistoryReportView.as_view(results_only=True),
            name="blog_review_history_results",
        ),
        path(
            "blog/articles/<int:pk>/reviewed-no-change/",
            ReviewedNoChangeView.as_view(),
            name="blog_reviewed_no_change",
        ),
    ]


class ReviewsDueMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permission_policy.user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_reviews_due_menu_item():
    return ReviewsDueMenuItem(
        "Medical reviews due",
        reverse("blog_reviews_due"),
        name="medical-reviews-due",
        icon_name="warning",
        order=650,
    )


@hooks.register("register_reports_menu_item")
def register_review_history_menu_item():
    return ReviewsDueMenuItem(
        "Medical review history",
        reverse("blog_review_history"),
        name="medical-review-history",
        icon_name="tick",
        order=651,
    )


def reviewed_no_change_button(page, user, priority):
    """ "Reviewed, no change needed" for a live article without pending changes,
    shown to medical reviewers only (the view checks again)."""
    if (
        page.specific_class is ArticlePage
        and page.live
        and not page.has_unpublished_changes
        and is_medical_reviewer(user)
    ):
        yield Button(
            "Reviewed, no change needed",
            reverse("blog_reviewed_no_change", args=(page.pk,)),
            icon_name="tick",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def page_header_review_button(page, user, view_name, next_url=None):
    yield from reviewed_no_change_button(page, user, priority=62)


@hooks.register("register_page_listing_more_buttons")
def page_listing_review_button(page, user, next_url=None):
    yield from reviewed_no_change_button(page, user, priority=45)


@hooks.register("register_permissions")
def register_publish_articles_permission():
    # Listed on the group edit page so administrators can grant it.
    return Permission.objects.filter(content_type__app_label="blog", codename="publish_articles")


@hooks.register("register_log_actions")
def register_medical_review_log_action(actions):
    @actions.register_action(REVIEW_LOG_ACTION)
    class MedicalReviewFormatter(LogFormatter):
        label = "Medical review"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            kind = data.get("kind_label") or "Medically reviewed"
            reviewer = data.get("reviewer")
            if reviewer:
                return f"Medical review: {kind.lower()}, by {reviewer}"
            return f"Medical review: {kind.lower()} (the approver has no person profile)"
