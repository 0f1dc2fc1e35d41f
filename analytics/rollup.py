"""The roll-up: the day's hits into daily rows, then the hits forgotten.

Run by the worker every few minutes (``analytics.tasks.roll_up_visits``).
Each run recomputes every day that still has hits from all of them (so it
can run twice, or late, and the figures stay right) and replaces that day's
rows. A day that is over is rolled up one last time, then its hits and its
salt are deleted: nothing that could tell one visitor from another outlives
its day. Daily rows older than ``ANALYTICS_RETENTION_DAYS`` are deleted.
"""

import datetime
from collections import Counter, defaultdict

from django.conf import settings
from django.db import transaction
from wagtail.models import Page

from core import conversions

from .counting import today
from .models import DailySalt, DailyStat, Hit

Dimension = DailyStat.Dimension


class _Figures:
    """Views, visitors, visits and conversions of one thing on one day."""

    __slots__ = ("views", "visitors", "visits", "conversions")

    def __init__(self):
        self.views = 0
        self.visitors = set()
        self.visits = 0
        self.conversions = 0


def figures_for_day(day):
    """{(dimension, key): _Figures} from the day's hits."""
    cap = max(1, settings.ANALYTICS_MAX_VIEWS_PER_PAGE)
    figures = defaultdict(_Figures)
    seen = Counter()
    rows = Hit.objects.filter(day=day).values_list(
        "kind",
        "page_id",
        "language",
        "referrer",
        "source",
        "medium",
        "campaign",
        "entry",
        "visitor",
    )
    for row in rows.iterator(chunk_size=2000):
        kind, page_id, language, referrer, source, medium, campaign, entry, visitor = row
        keys = [(Dimension.TOTAL, ""), (Dimension.LANGUAGE, language)]
        if page_id:
            keys.append((Dimension.PAGE, str(page_id)))
        # Where visits come from: the first view of each visit (and the
        # conversions attributed to it).
        if entry or kind != Hit.VIEW:
            keys.append((Dimension.REFERRER, referrer))
            campaign_name = conversions.campaign_name(source, medium, campaign)
            if campaign_name:
                keys.append((Dimension.CAMPAIGN, campaign_name))
        if kind != Hit.VIEW:
            for key in keys:
                figures[key].conversions += 1
            continue
        # One visitor adds at most `cap` views of a page a day.
        seen[(visitor, page_id)] += 1
        if seen[(visitor, page_id)] > cap:
            continue
        for dimension, key in keys:
            item = figures[(dimension, key)]
            item.views += 1
            item.visitors.add(visitor)
            if entry:
                item.visits += 1
    return figures


def roll_up_day(day):
    """Replace ``day``'s rows with what its hits say. Returns the number of rows."""
    figures = figures_for_day(day)
    page_ids = {int(key) for dimension, key in figures if dimension == Dimension.PAGE}
    existing_pages = set(Page.objects.filter(pk__in=page_ids).values_list("pk", flat=True))
    rows = []
    for (dimension, key), item in figures.items():
        page_id = None
        if dimension == Dimension.PAGE:
            page_id = int(key)
            if page_id not in existing_pages:
                continue  # deleted since, or never a page
        rows.append(
            DailyStat(
                day=day,
                dimension=dimension,
                key=key[:320],
                page_id=page_id,
                views=item.views,
                visitors=len(item.visitors),
                visits=item.visits,
                conversions=item.conversions,
            )
        )
    with transaction.atomic():
        DailyStat.objects.filter(day=day).delete()
        DailyStat.objects.bulk_create(rows)
    return len(rows)


def roll_up(now_day=None):
    """Roll up every day with hits; forget the days that are over. Returns
    the days rolled up."""
    current = now_day or today()
    days = sorted(set(Hit.objects.values_list("day", flat=True).distinct()))
    for day in days:
        with transaction.atomic():
            roll_up_day(day)
            if day < current:
                Hit.objects.filter(day=day).delete()
    DailySalt.objects.filter(day__lt=current).delete()
    prune(current)
    return days


def prune(current=None):
    """Daily rows older than the retention period."""
    current = current or today()
    keep_days = settings.ANALYTICS_RETENTION_DAYS
    if keep_days:
        cutoff = current - datetime.timedelta(days=keep_days)
        DailyStat.objects.filter(day__lt=cutoff).delete()
