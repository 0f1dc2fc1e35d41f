"""A live article must owe its review line to a recorded review.

Since the review fields are written by reviews only, a live article with
no ``MedicalReview`` row either was published without one (by someone
allowed to skip the workflow) or carries a reviewer and date typed before
reviews were recorded. Both are listed so that a clinician reviews them.

A database check: Django runs it with ``manage.py check --database default``
and before ``migrate``, never at import time.
"""

from django.core.checks import Tags, Warning, register

LISTED = 5


@register(Tags.database)
def live_articles_without_a_review(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    from django.db import DatabaseError

    from .models import ArticlePage, MedicalReview

    try:
        reviewed = MedicalReview.objects.values("article_id")
        unreviewed = list(
            ArticlePage.objects.live()
            .exclude(pk__in=reviewed)
            .order_by("path")
            .values_list("url_path", flat=True)
        )
    except DatabaseError:  # tables not created yet (before the first migrate)
        return []
    if not unreviewed:
        return []
    listed = ", ".join(unreviewed[:LISTED]) + (" …" if len(unreviewed) > LISTED else "")
    return [
        Warning(
            f"{len(unreviewed)} live article(s) without a recorded medical review: {listed}",
            hint="A medical reviewer should check each one (Reviewed, no change needed, "
            "or approve a change); until then an article without a reviewer says it is "
            "not yet medically reviewed.",
            id="blog.W001",
        )
    ]
