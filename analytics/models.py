"""What the visit figures keep: the day's hits (short-lived) and daily rows.

``Hit`` is one counted view or conversion of the current day, written by the
beacon's endpoint in a single insert. It holds no address and no user
agent: only a hash of them under the day's salt (``DailySalt``), which
cannot be reversed or linked to another day once the salt is deleted. The
roll-up (analytics.rollup, every few minutes in the worker) turns the hits
into ``DailyStat`` rows; once a day is over its hits and its salt are
deleted. The reports read only ``DailyStat``.
"""

from django.db import models


class Hit(models.Model):
    VIEW = "view"

    day = models.DateField(db_index=True)
    kind = models.CharField(max_length=20, default=VIEW)
    # Not a foreign key: the insert stays one cheap statement, and a page
    # deleted since counts for nothing in the roll-up.
    page_id = models.PositiveIntegerField(null=True)
    language = models.CharField(max_length=10, blank=True)
    # The page's path, without its query (the landing page a conversion shows).
    path = models.CharField(max_length=200, blank=True)
    # The other site's domain that sent the visit, for the first view of a
    # visit (entry) only; "" for a visit typed in or from a bookmark.
    referrer = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=100, blank=True)
    medium = models.CharField(max_length=100, blank=True)
    campaign = models.CharField(max_length=100, blank=True)
    # The first view of a visit: it came from another site or from nowhere.
    entry = models.BooleanField(default=False)
    # A hash of address, browser and site under the day's salt: counts
    # visitors of the day, means nothing the next day.
    visitor = models.CharField(max_length=32, blank=True)

    class Meta:
        indexes = [models.Index(fields=["day", "visitor"], name="analytics_hit_day_visitor")]

    def __str__(self):
        return f"{self.kind} {self.page_id} {self.day}"


class DailySalt(models.Model):
    """The day's secret salt, shared by every app server; deleted once the day is over."""

    day = models.DateField(primary_key=True)
    salt = models.CharField(max_length=64)

    def __str__(self):
        return str(self.day)


class DailyStat(models.Model):
    """One day's figures for one thing: the whole site, a page, a language, a
    referring site or a campaign."""

    class Dimension(models.TextChoices):
        TOTAL = "total", "Whole site"
        PAGE = "page", "Page"
        LANGUAGE = "language", "Language"
        REFERRER = "referrer", "Referring site"
        CAMPAIGN = "campaign", "Campaign"

    day = models.DateField()
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    # The page's id, the language code, the domain, "source / medium / campaign".
    key = models.CharField(max_length=320, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    views = models.PositiveIntegerField(default=0)
    # Distinct visitors of that day (a range adds the days up: a visitor is
    # never recognised from one day to the next).
    visitors = models.PositiveIntegerField(default=0)
    # Visits that started here (from another site, a campaign link or nowhere).
    visits = models.PositiveIntegerField(default=0)
    # Consultation requests (and bookings) of visits that started here.
    conversions = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "day", "key"], name="analytics_dailystat_unique"
            )
        ]
        permissions = [("view_visit_reports", "Can view the visit reports")]

    def __str__(self):
        return f"{self.day} {self.dimension} {self.key}"
