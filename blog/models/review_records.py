"""What the medical review of articles leaves behind: each review, and the
reminder emails about the next one (see blog/reviews.py and
blog/reminders.py)."""

from django.conf import settings
from django.db import models

from people.models import Person

from .articles import ArticlePage


class MedicalReview(models.Model):
    """One medical review of an article: who checked it, when, and which revision."""

    APPROVED_CHANGES = "approved_changes"
    NO_CHANGE = "no_change"
    KIND_CHOICES = [
        (APPROVED_CHANGES, "Approved changes"),
        (NO_CHANGE, "Reviewed, no change needed"),
    ]

    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="medical_reviews"
    )
    reviewer = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="medical_reviews",
        help_text="The approver's person profile; empty when their account has none.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_on = models.DateField()
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-created_at", "-pk"]
        verbose_name = "medical review"

    def __str__(self):
        return f"{self.article.title}: {self.get_kind_display()} on {self.reviewed_on:%Y-%m-%d}"

    @property
    def reviewer_name(self):
        if self.reviewer_id:
            return self.reviewer.display_name
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return ""


class ReviewReminder(models.Model):
    """A reminder email about an article's next medical review: at most one
    of each kind per due date, however often the worker runs."""

    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    KIND_CHOICES = [(DUE_SOON, "Review coming due"), (OVERDUE, "Review overdue")]

    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="review_reminders"
    )
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    due_on = models.DateField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind", "due_on"], name="blog_one_reminder_per_due_date"
            )
        ]
        verbose_name = "medical review reminder"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article_id} due {self.due_on:%Y-%m-%d}"
