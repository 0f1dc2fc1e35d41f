"""Admin views of the medical review: the reports (reviews due, every review
kept) and "reviewed, no change needed"."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import page_permission_policy

from .models import ArticlePage, MedicalReview
from .reviews import ReviewRefused, is_medical_reviewer, review_without_changes


def reviews_due(today=None):
    """Live articles to review: the next review is due (today or earlier) or was
    never recorded."""
    today = today or timezone.localdate()
    return (
        ArticlePage.objects.live()
        .filter(
            Q(next_review_due__lte=today)
            | Q(next_review_due__isnull=True)
            | Q(last_reviewed__isnull=True)
            | Q(medical_reviewer__isnull=True)
        )
        .select_related("medical_reviewer")
        .order_by(F("next_review_due").asc(nulls_first=True), "title")
    )


class ReviewsDueReportView(ReportView):
    page_title = "Medical reviews due"
    header_icon = "warning"
    index_url_name = "blog_reviews_due"
    index_results_url_name = "blog_reviews_due_results"
    permission_policy = page_permission_policy
    any_permission_required = ["add", "change", "publish"]
    columns = [
        TitleColumn("title", label="Article", url_name="wagtailadmin_pages:edit"),
        Column("medical_reviewer", label="Medical reviewer"),
        Column("last_reviewed", label="Last reviewed"),
        Column("next_review_due", label="Next review due"),
        LiveStatusTagColumn(),
    ]
    list_export = ["title", "medical_reviewer", "last_reviewed", "next_review_due", "full_url"]
    export_headings = {
        "title": "Article",
        "medical_reviewer": "Medical reviewer",
        "last_reviewed": "Last reviewed",
        "next_review_due": "Next review due",
        "full_url": "URL",
    }

    def get_filename(self):
        return f"medical-reviews-due-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        self.queryset = reviews_due()
        return super().get_queryset()


class ReviewHistoryReportView(ReportView):
    """Every medical review recorded, newest first."""

    page_title = "Medical review history"
    header_icon = "tick"
    index_url_name = "blog_review_history"
    index_results_url_name = "blog_review_history_results"
    permission_policy = page_permission_policy
    any_permission_required = ["add", "change", "publish"]
    columns = [
        TitleColumn(
            "article",
            label="Article",
            url_name="wagtailadmin_pages:edit",
            id_accessor="article_id",
        ),
        Column("reviewed_on", label="Reviewed on"),
        Column("reviewer_name", label="Reviewer"),
        Column("get_kind_display", label="Review"),
        Column("note", label="Note"),
    ]
    list_export = ["article", "reviewed_on", "reviewer_name", "get_kind_display", "note"]
    export_headings = {
        "article": "Article",
        "reviewed_on": "Reviewed on",
        "reviewer_name": "Reviewer",
        "get_kind_display": "Review",
        "note": "Note",
    }

    def get_filename(self):
        return f"medical-review-history-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        self.queryset = MedicalReview.objects.select_related("article", "reviewer", "user")
        return super().get_queryset()


class ReviewedNoChangeView(WagtailAdminTemplateMixin, TemplateView):
    """A medical reviewer confirms that a live article needs no change."""

    template_name = "blog/admin/reviewed_no_change.html"
    header_icon = "tick"

    def dispatch(self, request, pk):
        self.article = get_object_or_404(ArticlePage, pk=pk)
        if not is_medical_reviewer(request.user):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_page_title(self):
        return "Reviewed, no change needed"

    def get_page_subtitle(self):
        return self.article.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            article=self.article,
            edit_url=reverse("wagtailadmin_pages:edit", args=(self.article.pk,)),
        )
        return context

    def post(self, request, pk):
        edit_url = reverse("wagtailadmin_pages:edit", args=(self.article.pk,))
        note = (request.POST.get("note") or "").strip()[:2000]
        try:
            review = review_without_changes(self.article, request.user, note=note)
        except ReviewRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(edit_url)
        messages.success(
            request,
            f"“{self.article.title}” is marked as reviewed on {review.reviewed_on:%B} "
            f"{review.reviewed_on.day}, {review.reviewed_on.year}; next review due "
            f"{review.article.next_review_due:%B} {review.article.next_review_due.day}, "
            f"{review.article.next_review_due.year}.",
        )
        return redirect(edit_url)
