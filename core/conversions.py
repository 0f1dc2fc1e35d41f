"""Conversions: a visitor did what the site is for (a consultation request, a
booking), told to whatever counts visits.

The apps where conversions happen (forms_app, booking) and the app that
counts visits (analytics) sit side by side in the layers and do not import
each other: they meet here. The counter registers itself at start-up
(``register_visit_counter``); the apps call ``visit_attribution`` before
storing what the visitor sent (to store where the visit came from with it)
and ``record_conversion`` once it is stored. Without a counter, or when the
counter fails, both do nothing: counting never costs a visitor their
request.

An attribution is a plain dict, every value a short string, empty when not
known: ``landing_page_id``, ``landing_path`` (the page the visit started on),
``referrer`` (the other site's domain that sent the visit), ``source``,
``medium`` and ``campaign`` (the utm_* parameters of that first page).
"""

import logging

logger = logging.getLogger(__name__)

ATTRIBUTION_KEYS = ("landing_page_id", "landing_path", "referrer", "source", "medium", "campaign")

_counters = []


def register_visit_counter(counter):
    """``counter`` has ``attribution(request) -> dict`` and
    ``record(kind, attribution, language)``. Registered once per process."""
    if counter not in _counters:
        _counters.append(counter)


def campaign_name(source, medium, campaign):
    """ "newsletter / email / spring" ("-" for a part not given); "" for none."""
    parts = (source, medium, campaign)
    return " / ".join(part or "-" for part in parts) if any(parts) else ""


def empty_attribution():
    return dict.fromkeys(ATTRIBUTION_KEYS, "")


def visit_attribution(request):
    """Where this visitor's visit started, as far as the counter knows."""
    attribution = empty_attribution()
    for counter in _counters:
        try:
            found = counter.attribution(request) or {}
        except Exception:
            logger.warning("The visit counter could not attribute a conversion", exc_info=True)
            continue
        attribution.update({key: str(found.get(key) or "") for key in ATTRIBUTION_KEYS})
    return attribution


def record_conversion(kind, attribution=None, language=""):
    """Count one conversion of ``kind`` ("consultation", "booking") after the
    current transaction commits (nothing when it rolls back). Never raises."""
    from django.db import transaction

    attribution = {**empty_attribution(), **(attribution or {})}

    def record():
        for counter in _counters:
            try:
                counter.record(kind, attribution, language)
            except Exception:
                logger.warning("The visit counter could not count a conversion", exc_info=True)

    if _counters:
        transaction.on_commit(record)
