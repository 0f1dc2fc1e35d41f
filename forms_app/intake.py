"""How the intake team works a consultation request: when it is due, what
counts as overdue, the outcomes a coordinator records, and the counts the
dashboard and the morning digest show (counts only, never answers).

A request is due by the closing time of the next day its clinic is open
after the day it arrived (``locations.hours.business_day_end``: weekends,
closed days and holidays in the clinic's hours do not count). A request with
no clinic, or a clinic without hours, uses ``DEFAULT_WEEK``. Recording an
outcome sets the status and, where another call is due, the next follow-up
date the same way. A request is overdue while it is still open (new, needs
review, contacted, left voicemail) and its follow-up time has passed.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from locations.hours import Schedule, business_day_end

# Business hours when the request names no clinic or the clinic lists none.
DEFAULT_WEEK = [[(datetime.time(9), datetime.time(17))]] * 5 + [[], []]


def _status():
    from .models import ConsultationSubmission

    return ConsultationSubmission.Status


def default_schedule():
    return Schedule(time_zone=settings.TIME_ZONE, weekly=[list(day) for day in DEFAULT_WEEK])


def schedule_for(location):
    if location is not None:
        schedule = location.schedule
        if any(schedule.weekly):
            return schedule
    return default_schedule()


def due_after(location, when, business_days=1):
    """When a call is due, ``business_days`` open days after ``when``."""
    due = business_day_end(schedule_for(location), when, business_days)
    if due is None:  # a clinic closed for weeks: fall back to the default week
        due = business_day_end(default_schedule(), when, business_days)
    return due


@dataclass(frozen=True)
class Outcome:
    value: str
    label: str
    status: str
    # Business days until the next follow-up; None: nothing more is due.
    follow_up_days: int | None


def outcomes():
    Status = _status()
    return [
        Outcome("contacted", "Contacted", Status.CONTACTED, 2),
        Outcome("voicemail", "Left voicemail", Status.VOICEMAIL, 1),
        Outcome("booked", "Booked", Status.SCHEDULED, None),
        Outcome("not_a_fit", "Not a fit", Status.NOT_A_FIT, None),
        Outcome("duplicate", "Duplicate", Status.DUPLICATE, None),
    ]


def outcome_named(value):
    return next((outcome for outcome in outcomes() if outcome.value == value), None)


def open_statuses():
    Status = _status()
    return [Status.NEW, Status.REVIEW, Status.CONTACTED, Status.VOICEMAIL]


def overdue_q(now=None):
    """Requests still open whose follow-up time has passed."""
    return Q(status__in=open_statuses(), follow_up_due__lte=now or timezone.now())


def is_coordinator(user):
    """Whether ``user`` is one of coordinators(); a superuser costs no query."""
    from .groups import GROUP_NAME

    if user is None or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=GROUP_NAME).exists()


def coordinators():
    """Active users who may work requests: the intake group and superusers."""
    from .groups import GROUP_NAME

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=GROUP_NAME) | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "last_name", get_user_model().USERNAME_FIELD)
    )


def display_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def counts_by_clinic(now=None):
    """[(clinic name, {"new", "overdue", "review", "spam", "location_id"})] in
    one query, with a "No clinic chosen" row only when it has requests to
    count. A clinic is counted once whatever language its requests came in
    (its translations share a key), under its page in the site's default
    language (the one the list's clinic filter offers)."""
    from django.conf import settings
    from django.db.models import IntegerField, Max, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from locations.models import LocationPage

    from .models import ConsultationSubmission

    Status = _status()
    default_page = LocationPage.objects.filter(
        translation_key=OuterRef("location__translation_key"),
        locale__language_code=settings.LANGUAGE_CODE,
    )
    rows = (
        ConsultationSubmission.objects.values("location__translation_key")
        .annotate(
            clinic_id=Coalesce(
                Subquery(default_page.values("pk")[:1]),
                Max("location_id"),
                output_field=IntegerField(),
            ),
            clinic_name=Coalesce(Subquery(default_page.values("title")[:1]), Max("location_name")),
        )
        .annotate(
            new=Count("id", filter=Q(status=Status.NEW)),
            overdue=Count("id", filter=overdue_q(now)),
            review=Count("id", filter=Q(status=Status.REVIEW)),
            spam=Count("id", filter=Q(status=Status.SPAM)),
        )
        .order_by("clinic_name", "clinic_id")
    )
    result = []
    for row in rows:
        counts = {key: row[key] for key in COUNTED}
        if any(counts.values()):
            counts["location_id"] = row["clinic_id"]
            result.append((row["clinic_name"] or "No clinic chosen", counts))
    return result


COUNTED = ("new", "overdue", "review", "spam")


def totals(rows):
    return {key: sum(counts[key] for _name, counts in rows) for key in COUNTED}
