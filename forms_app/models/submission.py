"""A stored consultation request, with its follow-up state for the intake
team. How a request comes to be stored is the submissions service's
(forms_app.submissions); how its emails go out, forms_app.notifications'."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.contrib.forms.models import AbstractFormSubmission

from .. import intake, spam


class ConsultationSubmissionQuerySet(models.QuerySet):
    def real(self):
        return self.exclude(status=ConsultationSubmission.Status.SPAM)

    def awaiting_notification(self):
        return self.filter(
            notification_status__in=[
                ConsultationSubmission.Notification.PENDING,
                ConsultationSubmission.Notification.FAILED,
            ]
        ).real()


class ConsultationSubmission(AbstractFormSubmission):
    """One consultation request, with its follow-up state for the intake team."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        # Maybe automated (too fast, no valid form token), maybe a person:
        # alerted like a new request, for the intake team to look at.
        REVIEW = "review", "Needs review"
        CONTACTED = "contacted", "Contacted"
        VOICEMAIL = "voicemail", "Left voicemail"
        SCHEDULED = "scheduled", "Booked"
        NOT_A_FIT = "not_a_fit", "Not a fit"
        DUPLICATE = "duplicate", "Duplicate"
        CLOSED = "closed", "Closed"
        SPAM = "spam", "Spam"

    class Notification(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (will be retried)"
        SKIPPED = "skipped", "Not sent (spam)"

    # Requests outlive the page: deleting the form page must not delete them.
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.NEW, db_index=True
    )
    internal_notes = models.TextField(
        blank=True,
        help_text="Seen only by the intake team (e.g. 'left a voicemail on 3 March').",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The coordinator following this request up.",
    )
    follow_up_due = models.DateTimeField(
        "follow-up due",
        null=True,
        blank=True,
        db_index=True,
        help_text=(
            "When the next call is due. Set when the request arrives (one business "
            "day, by the clinic's hours) and when an outcome is recorded."
        ),
    )
    location = models.ForeignKey(
        "locations.LocationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_requests",
        help_text="The clinic the visitor chose.",
    )
    location_name = models.CharField(
        "clinic", max_length=255, blank=True, help_text="The clinic's name when sent."
    )
    consent_given = models.BooleanField(default=False)
    consent_at = models.DateTimeField("consent given at", null=True, blank=True)
    consent_text = models.TextField("consent wording shown", blank=True)
    language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        db_index=True,
        help_text="The language of the form the visitor sent (and of their confirmation).",
    )
    # Where the visit that sent it started (core.conversions: counted
    # first-party, without a cookie; empty when not known).
    landing_page = models.CharField(
        "visit started on", max_length=200, blank=True, help_text="The page the visit started on."
    )
    referrer = models.CharField(
        "referring site", max_length=100, blank=True, help_text="The site that sent the visit."
    )
    campaign = models.CharField(
        max_length=320, blank=True, help_text="The campaign link's utm_source / medium / campaign."
    )
    # Why the request was flagged as spam or "needs review" (forms_app.spam).
    spam_reason = models.CharField(max_length=20, blank=True)
    # One request per rendered form: a double click stores one row.
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    confirmation_email = models.EmailField(
        blank=True, help_text="Where the confirmation goes (the visitor's email answer)."
    )
    notification_status = models.CharField(
        "email status",
        max_length=16,
        choices=Notification.choices,
        default=Notification.PENDING,
        db_index=True,
    )
    notification_attempts = models.PositiveSmallIntegerField("email attempts", default=0)
    notification_last_attempt_at = models.DateTimeField(null=True, blank=True)
    notification_last_error = models.CharField("last email error", max_length=255, blank=True)
    staff_notified_at = models.DateTimeField("intake team alerted at", null=True, blank=True)
    visitor_notified_at = models.DateTimeField("visitor confirmed at", null=True, blank=True)
    # Set by the worker that is sending the email (forms_app.notifications):
    # no other worker sends it meanwhile.
    staff_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    visitor_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ConsultationSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "consultation request"
        verbose_name_plural = "consultation requests"
        ordering = ["-submit_time", "-id"]
        indexes = [models.Index(fields=["submit_time"], name="forms_app_submit_time_idx")]
        permissions = [
            ("export_consultationsubmission", "Can export consultation requests"),
            (
                "change_alert_routing",
                "Can change where consultation requests are announced",
            ),
        ]

    def save(self, *args, **kwargs):
        # A request arriving by any path (the form, an import, a test) is due
        # one business day after it arrives, unless it says otherwise.
        if (
            self._state.adding
            and self.follow_up_due is None
            and self.status in (self.Status.NEW, self.Status.REVIEW)
        ):
            self.follow_up_due = intake.due_after(self.location, self.submit_time or timezone.now())
        super().save(*args, **kwargs)

    def __str__(self):
        # Never the answers: this string appears in logs, titles and messages.
        return f"Consultation request #{self.pk}" if self.pk else "Consultation request"

    @property
    def flag_reason(self):
        """Why this request was flagged, in words ("" when it was not)."""
        return spam.describe_reason(self.spam_reason) if self.spam_reason else ""

    def get_data(self):
        return {
            **self.form_data,
            "submit_time": self.submit_time,
            "status": self.get_status_display(),
            "location": self.location_name,
        }

    @property
    def admin_url(self):
        from django.urls import reverse

        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        return base + reverse("consultation_requests:inspect", args=[self.pk])
