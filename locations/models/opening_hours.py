"""A clinic's opening-hours rows: weekly ranges and dated exceptions.

Edited inline on the LocationPage; locations.hours turns them into the
schedule that pages show and the browser's "Open now".
"""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


class TimeRangeFields(models.Model):
    """Shared fields and checks of a weekly range and of a dated exception."""

    closed = models.BooleanField(
        default=False, help_text="Tick when the clinic is closed all day (leave times empty)."
    )
    opens = models.TimeField(null=True, blank=True, help_text="e.g. 09:00")
    closes = models.TimeField(
        null=True,
        blank=True,
        help_text="e.g. 17:00. Must be after the opening time (the latest is 23:59).",
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.closed:
            # Closed all day: times would be misleading, drop them.
            self.opens = self.closes = None
            return
        errors = {}
        if self.opens is None:
            errors["opens"] = "Enter the opening time, or tick 'closed'."
        if self.closes is None:
            errors["closes"] = "Enter the closing time, or tick 'closed'."
        if not errors and self.closes <= self.opens:
            errors["closes"] = (
                f"The closing time ({self.closes:%H:%M}) must be after the opening time "
                f"({self.opens:%H:%M})."
            )
        if errors:
            raise ValidationError(errors)


class OpeningHours(Orderable, TimeRangeFields):
    """One opening range on a weekday (several rows for a split day)."""

    # The page by its label, not its class: the page's module imports this one
    # (its admin form labels rows with WEEKDAYS).
    page = ParentalKey(
        "locations.LocationPage", on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]),
        FieldPanel("closed"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "opening hours"
        verbose_name_plural = "opening hours"

    def __str__(self):
        day = self.get_weekday_display()
        if self.closed:
            return f"{day}: closed"
        return f"{day}: {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningHoursException(TranslatableMixin, Orderable, TimeRangeFields):
    """A date when the weekly hours do not apply (a holiday, shorter hours).

    Translatable with its page (wagtail-localize): the note ("Christmas Day")
    is a segment of the clinic page's translation, while the date and times
    stay the English page's."""

    page = ParentalKey(
        "locations.LocationPage", on_delete=models.CASCADE, related_name="hours_exceptions"
    )
    date = models.DateField()
    closed = models.BooleanField(
        default=True,
        help_text="Closed all day (leave times empty). Untick to give special hours.",
    )
    note = models.CharField(
        max_length=100, blank=True, help_text="Shown to visitors, e.g. 'Christmas Day'."
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("note")]),
        FieldPanel("closed"),
        FieldRowPanel([FieldPanel("opens"), FieldPanel("closes")]),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = "opening hours exception"

    def __str__(self):
        return f"{self.date:%Y-%m-%d}: {'closed' if self.closed else 'special hours'}"
