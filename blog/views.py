"""Admin report: articles whose medical review is due or overdue."""

import datetime

from django.db.models import F, Q
from django.utils import timezone
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import page_permission_policy

from .models import ArticlePage


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
