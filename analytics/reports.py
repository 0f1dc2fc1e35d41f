"""The figures the reports show, read from the daily rows only.

Every function takes a date range (both days included) and answers plain
data: the admin views (analytics.admin_views) render it and export it. A
range's visitors are the sum of each day's visitors: nobody is recognised
from one day to the next, by design.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum
from django.urls import reverse
from wagtail.models import Page

from .models import DailyStat

Dimension = DailyStat.Dimension
FIGURES = ("views", "visitors", "visits", "conversions")


def rate(conversions, visits):
    """Requests per hundred visits, one decimal; None without visits."""
    if not visits:
        return None
    return round(100 * conversions / visits, 1)


@dataclass
class Row:
    key: str
    label: str
    views: int = 0
    visitors: int = 0
    visits: int = 0
    conversions: int = 0
    url: str = ""
    edit_url: str = ""
    language: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def rate(self):
        return rate(self.conversions, self.visits)


def previous_period(start, end):
    """The same number of days just before ``start``."""
    length = (end - start).days + 1
    return start - datetime.timedelta(days=length), start - datetime.timedelta(days=1)


def _sums():
    return {name: Sum(name) for name in FIGURES}


def totals(start, end):
    found = DailyStat.objects.filter(dimension=Dimension.TOTAL, day__range=(start, end)).aggregate(
        **_sums()
    )
    return Row(key="", label="", **{name: found[name] or 0 for name in FIGURES})


def change(current, previous):
    """Percent change from ``previous`` to ``current``; None when there was nothing before."""
    if not previous:
        return None
    return round(100 * (current - previous) / previous)


def by_day(start, end):
    """One row per day of the range, days without figures included."""
    found = {
        values["day"]: values
        for values in DailyStat.objects.filter(
            dimension=Dimension.TOTAL, day__range=(start, end)
        ).values("day", *FIGURES)
    }
    rows = []
    day = start
    while day <= end:
        values = found.get(day, {})
        rows.append(
            Row(key=day.isoformat(), label=day, **{name: values.get(name, 0) for name in FIGURES})
        )
        day += datetime.timedelta(days=1)
    return rows


def grouped(dimension, start, end, limit=None, order="-views", queryset=None):
    """Rows of one dimension over the range, most viewed first."""
    queryset = DailyStat.objects.all() if queryset is None else queryset
    values = (
        queryset.filter(dimension=dimension, day__range=(start, end))
        .values("key")
        .annotate(**_sums())
        .order_by(order, "key")
    )
    if limit:
        values = values[:limit]
    return [
        Row(key=value["key"], label=value["key"], **{name: value[name] or 0 for name in FIGURES})
        for value in values
    ]


def article_type():
    """The blog's article pages, named by their content type (the blog is an
    app beside this one: it is not imported)."""
    return ContentType.objects.filter(app_label="blog", model="articlepage").first()


def pages(start, end, limit=None, request=None, articles_only=False, order="-views"):
    """Per page: views, visitors, visits that started there, and the requests
    of those visits with the conversion rate."""
    queryset = DailyStat.objects.all()
    if articles_only:
        queryset = queryset.filter(page__content_type=article_type())
    rows = grouped(Dimension.PAGE, start, end, limit=limit, order=order, queryset=queryset)
    found = Page.objects.filter(pk__in=[int(row.key) for row in rows]).select_related("locale")
    by_id = {str(page.pk): page for page in found}
    for row in rows:
        page = by_id.get(row.key)
        if page is None:
            row.label = f"Page {row.key} (deleted)"
            continue
        row.label = page.title
        row.language = page.locale.language_code
        row.url = page.get_url(request=request) or ""
        row.edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return rows


def landing_pages(start, end, limit=None, request=None):
    """Pages where visits started, by visits, with their requests."""
    return [row for row in pages(start, end, limit, request, order="-visits") if row.visits]


def languages(start, end):
    from core.i18n import language_name

    rows = grouped(Dimension.LANGUAGE, start, end)
    for row in rows:
        row.label = language_name(row.key)
    return rows


def referrers(start, end, limit=None):
    rows = grouped(Dimension.REFERRER, start, end, limit=limit)
    for row in rows:
        row.label = row.key or "Direct (typed, bookmarked or unknown)"
    return rows


def campaigns(start, end, limit=None):
    return grouped(Dimension.CAMPAIGN, start, end, limit=limit)


def page_views(page_id, start, end):
    """One page's views over the range (the page editor's side panel)."""
    found = DailyStat.objects.filter(
        dimension=Dimension.PAGE, key=str(page_id), day__range=(start, end)
    ).aggregate(**_sums())
    return Row(key=str(page_id), label="", **{name: found[name] or 0 for name in FIGURES})
