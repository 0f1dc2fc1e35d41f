"""A booked time: who comes (name and how to reach them, nothing about
health), for what, with whom, when.

Never double-booked. On PostgreSQL an exclusion constraint
(``booking_no_overlap_per_staff``, django.contrib.postgres's
ExclusionConstraint, added by migration 0002) refuses a confirmed booking
whose busy time (``busy_start``–``busy_end``: the appointment with its
buffers) overlaps another confirmed booking of the same staff member, so the
loser of two simultaneous posts gets an IntegrityError from the database,
not a second booking. It lives in that migration and not in
``Meta.constraints`` because SQLite (the one-command local run) has no
exclusion constraints: Django would write it into SQLite's CREATE TABLE and
into every model form's validation. On SQLite, booking.service locks and
checks instead, and the partial unique constraint below (one confirmed
booking per staff member and start) is the database's last word.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

# No letters or digits that read alike (0/O, 1/I/L).
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference():
    return "RM-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


class Booking(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"

    class Outcome(models.TextChoices):
        """What came of it, recorded by the intake team (as for requests)."""

        COMPLETED = "completed", "Completed (the call or visit took place)"
        NO_SHOW = "no_show", "No show"
        NOT_A_FIT = "not_a_fit", "Not a fit"
        DUPLICATE = "duplicate", "Duplicate"

    class Email(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, retrying"
        NONE = "none", "No email address"

    # Given on the first save (a default here would tie the migrations to this module).
    reference = models.CharField(max_length=12, unique=True, editable=False)
    # The confirmation page's address: unguessable, never the database id.
    access_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # None for blocked time (``is_block``).
    appointment_type = models.ForeignKey(
        "booking.AppointmentType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    staff = models.ForeignKey(
        "booking.StaffMember", on_delete=models.PROTECT, related_name="bookings"
    )
    clinic = models.ForeignKey("locations.LocationPage", on_delete=models.PROTECT, related_name="+")
    # The booking page the visitor used (its language, its confirmation URL).
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    # The time the booking holds: with the buffers before and after.
    busy_start = models.DateTimeField()
    busy_end = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    # Time a coordinator blocked (a meeting, leave): a row like a booking so
    # the same exclusion constraint keeps bookings out of it; ``name`` holds
    # the reason, nobody is emailed, cancelling it frees the time.
    is_block = models.BooleanField("blocked time", default=False, db_default=False)

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    contact_language = models.CharField(
        "preferred contact language", max_length=10, choices=settings.LANGUAGES
    )
    # The language of the page the visitor booked on (and of their email).
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    consent_text = models.TextField("consent wording agreed to")
    consent_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    # The intake team's side (the intake workspace, booking.outcome).
    outcome = models.CharField(
        max_length=20, choices=Outcome.choices, blank=True, default="", db_default=""
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The coordinator who looks after it.",
    )

    # The confirmation email: claimed before it is sent, marked after.
    email_status = models.CharField(max_length=20, choices=Email.choices, default=Email.PENDING)
    email_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    email_attempts = models.PositiveIntegerField(default=0, editable=False)
    email_last_error = models.CharField(max_length=255, blank=True, editable=False)
    # The clinic's alert (no visitor details): claimed and marked the same way.
    alert_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    alert_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Each change (moved, cancelled) adds one: the visitor's change link
    # carries the number it was made for, so a link is used once, and an
    # email sent for an earlier state is not marked as the current one's.
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    # The reminder the day before: claimed and marked like the confirmation
    # (cleared when the booking moves, so the new time is reminded too).
    reminder_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "start"],
                condition=Q(status="confirmed"),
                name="booking_one_confirmed_per_staff_start",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start"))
                & Q(busy_start__lte=models.F("start"))
                & Q(busy_end__gte=models.F("end")),
                name="booking_times_in_order",
            ),
        ]
        permissions = [
            ("cancel_booking", "Can cancel or move bookings"),
            ("export_booking", "Can export bookings"),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = new_reference()
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    @property
    def admin_url(self):
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        return base + reverse("bookings:inspect", args=[self.pk])
