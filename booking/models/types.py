"""What visitors can book, and who takes it when.

- ``StaffMember``: an intake coordinator or clinician who takes bookings at
  one clinic, with their weekly ``AvailabilityRule`` rows (wall-clock times
  in the clinic's time zone). A booking holds one staff member's time; the
  database never lets two confirmed bookings of one staff member overlap
  (booking.models.booking).
- ``AppointmentType``: what a visitor books at a clinic (a free 15-minute
  phone consultation, a first visit in person): its length, the buffers
  kept free around it, how soon and how far ahead it may be booked, how many
  a day, and who takes it. A translatable snippet: its name, description
  and what to expect are translated with wagtail-localize; the numbers and
  the staff are the original's (availability always reads the original).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


class StaffMember(ClusterableModel):
    """Someone who takes bookings at one clinic (the time a booking holds)."""

    name = models.CharField(
        max_length=100,
        help_text="For the staff side only; visitors never see it (e.g. 'Maria, intake').",
    )
    clinic = models.ForeignKey(
        "locations.LocationPage",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The clinic whose bookings this person takes (its time zone and holidays "
        "apply to the weekly hours below).",
    )
    user = models.ForeignKey(
        "auth.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: their account in this admin.",
    )
    active = models.BooleanField(
        default=True, help_text="Untick to stop offering this person's times (bookings stay)."
    )
    # The secret of their private calendar feed (booking.feeds); none until
    # a coordinator turns it on, replaced or cleared to revoke the old address.
    calendar_feed_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("clinic"),
        FieldPanel("user"),
        FieldPanel("active"),
        InlinePanel(
            "availability_rules",
            label="Weekly hours",
            heading="Weekly hours (the clinic's local time; holidays and closures are "
            "taken from the clinic's opening-hours exceptions)",
        ),
    ]

    class Meta:
        verbose_name = "staff member"
        ordering = ["name"]

    def __str__(self):
        return self.name


class AvailabilityRule(Orderable):
    """One weekly range when a staff member takes bookings (several for a split day)."""

    staff = ParentalKey(StaffMember, on_delete=models.CASCADE, related_name="availability_rules")
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    starts = models.TimeField(help_text="e.g. 09:00")
    ends = models.TimeField(help_text="e.g. 12:30. After the start, on the same day.")

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("starts"), FieldPanel("ends")])]

    class Meta(Orderable.Meta):
        verbose_name = "weekly hours"
        verbose_name_plural = "weekly hours"

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def clean(self):
        super().clean()
        if self.starts is not None and self.ends is not None and self.ends <= self.starts:
            raise ValidationError({"ends": "The end must be after the start, on the same day."})


def minutes(help_text, default, maximum=24 * 60):
    return models.PositiveIntegerField(
        default=default,
        validators=[MaxValueValidator(maximum)],
        help_text=help_text,
    )


class AppointmentType(TranslatableMixin, models.Model):
    """Something a visitor books at one clinic (see the module's documentation)."""

    class Mode(models.TextChoices):
        PHONE = "phone", gettext_lazy("Phone call")
        IN_PERSON = "in_person", gettext_lazy("In person")

    clinic = models.ForeignKey(
        "locations.LocationPage",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Where it is booked: its time zone, holidays and phone number apply.",
    )
    name = models.CharField(max_length=100, help_text="e.g. 'Free 15-minute phone consultation'.")
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences shown under the name when visitors choose.",
    )
    what_to_expect = models.TextField(
        blank=True,
        help_text="Shown on the confirmation and in the confirmation email (e.g. 'An intake "
        "coordinator calls you at the time you chose.'). No health questions.",
    )
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.PHONE)
    spanish_available = models.BooleanField(
        default=False, help_text="Tick when this appointment can be held in Spanish."
    )
    duration_minutes = models.PositiveIntegerField(
        "duration (minutes)",
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(8 * 60)],
    )
    buffer_before_minutes = minutes("Kept free before each booking (minutes).", 0)
    buffer_after_minutes = minutes("Kept free after each booking (minutes).", 5)
    slot_interval_minutes = models.PositiveIntegerField(
        "start times every (minutes)",
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(4 * 60)],
        help_text="e.g. 15: times offered at 9:00, 9:15, 9:30…",
    )
    minimum_notice_hours = models.PositiveIntegerField(
        "minimum notice (hours)",
        default=12,
        validators=[MaxValueValidator(24 * 30)],
        help_text="How long before its start a time may still be booked.",
    )
    booking_window_days = models.PositiveIntegerField(
        "how far ahead (days)",
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    daily_cap = models.PositiveIntegerField(
        "bookings per day at most",
        default=0,
        help_text="For the whole clinic, all staff together. 0: no limit.",
    )
    staff = models.ManyToManyField(
        StaffMember,
        blank=True,
        related_name="appointment_types",
        help_text="Who takes it (their weekly hours make the times offered).",
    )
    active = models.BooleanField(default=True, help_text="Untick to stop offering it.")
    sort_order = models.PositiveIntegerField(default=0, help_text="Lower comes first.")

    panels = [
        FieldPanel("clinic"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("what_to_expect"),
        FieldRowPanel([FieldPanel("mode"), FieldPanel("spanish_available")]),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("duration_minutes"),
                        FieldPanel("buffer_before_minutes"),
                        FieldPanel("buffer_after_minutes"),
                    ]
                ),
                FieldPanel("slot_interval_minutes"),
                FieldRowPanel(
                    [
                        FieldPanel("minimum_notice_hours"),
                        FieldPanel("booking_window_days"),
                        FieldPanel("daily_cap"),
                    ]
                ),
            ],
            heading="Times",
        ),
        FieldPanel("staff"),
        FieldRowPanel([FieldPanel("active"), FieldPanel("sort_order")]),
    ]

    # Only the words are translated; the rest is the original's.
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        TranslatableField("what_to_expect"),
        SynchronizedField("clinic"),
        SynchronizedField("mode"),
        SynchronizedField("spanish_available"),
        SynchronizedField("duration_minutes"),
        SynchronizedField("buffer_before_minutes"),
        SynchronizedField("buffer_after_minutes"),
        SynchronizedField("slot_interval_minutes"),
        SynchronizedField("minimum_notice_hours"),
        SynchronizedField("booking_window_days"),
        SynchronizedField("daily_cap"),
        SynchronizedField("active"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "appointment type"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name
