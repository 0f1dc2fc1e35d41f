"""The free times a day's booking page shows, kept in the shared cache and
never stale.

A day's page computes its type's free times over the whole booking window
(the day's times and the links to the other days with free times): a
handful of queries and some milliseconds, on every hit of a cached page.
They are kept under tags that every change purges:

- ``booking:times``: any booking made, moved, cancelled or deleted, and any
  time a staff member blocks (``times_changed``, called by booking.service
  and on every save or delete of a Booking row);
- the appointment types' and staff's model tags (their snippets' saves,
  weekly hours included) and the clinic's page tag (its holidays and
  closures are published with it);
- and the minute: the clock's minimum notice moves them too. They are
  computed as of the end of the current minute, so a time that becomes too
  soon during that minute has already left the list (a time may leave up to
  a minute early, never late).

The booking itself (a POST) always checks against the database
(booking.service), whatever this cache says.
"""

import datetime
from functools import partial
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from pagecache.chrome import cached_by_tags
from pagecache.tags import model_tag, page_tag, purge

from .availability import Availability

TIMES_TAG = "booking:times"


class FreeTime(NamedTuple):
    value: str  # what the time's radio button posts (Slot.value)
    start: datetime.datetime  # aware


def times_changed():
    """After the current transaction commits: every cached list of free times
    is stale (a booking or a blocked time changed)."""
    transaction.on_commit(partial(purge, TIMES_TAG, frontend=False))


def minute_end():
    """The end of the current minute: what cached free times are computed as
    of (a time too soon at the minute's end has left the list already)."""
    now = timezone.now()
    return now.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)


def free_days(kind):
    """{local date: [FreeTime]} of the appointment type ``kind`` (its
    original row, clinic loaded), as Availability(kind).days() gives them at
    the end of the current minute."""
    from .models import AppointmentType, StaffMember

    end = minute_end()

    def build():
        days = Availability(kind, now=end).days()
        return {
            day.isoformat(): [[slot.value, slot.start.isoformat()] for slot in slots]
            for day, slots in days.items()
        }

    tags = {
        TIMES_TAG,
        model_tag(AppointmentType),
        model_tag(StaffMember),
        page_tag(kind.clinic_id),
    }
    name = f"booking-free-days:{kind.pk}:{end.isoformat()}"
    stored = cached_by_tags(name, tags, build)
    return {
        datetime.date.fromisoformat(day): [
            FreeTime(value, datetime.datetime.fromisoformat(start)) for value, start in times
        ]
        for day, times in stored.items()
    }
