"""Free times of an appointment type: the staff's weekly hours, minus the
clinic's closures and holidays, minus the time booked (with buffers), within
the minimum notice, the booking window and the daily cap.

Times are computed in the clinic's time zone. A weekly rule is wall-clock
("Sundays 9:00–12:00"), so each day's window is turned into two instants
and the start times are stepped in real minutes between them: across a
daylight-saving change a 9:00 start stays 9:00 local (its UTC offset
changes), a night window that spans the change holds one hour more or less,
the hour that does not exist in March is never offered and the hour that
happens twice in November is offered twice (with its own offset).

Queries do not grow with the number of bookings or days: the type with its
clinic, its staff, their rules, the clinic's dated exceptions and the
bookings in the window (a handful of queries for four weeks).
"""

import bisect
import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

UTC = datetime.UTC


@dataclass(frozen=True)
class Slot:
    start: datetime.datetime  # aware (UTC)
    end: datetime.datetime
    staff_ids: tuple  # who is free then, in the order they are offered

    @property
    def value(self):
        """What the time's radio button posts: the start in UTC, to the minute."""
        return self.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def parse_slot_value(text):
    """The inverse of Slot.value; None for anything else."""
    try:
        value = datetime.datetime.strptime(text or "", "%Y-%m-%dT%H:%MZ")
    except ValueError:
        return None
    return value.replace(tzinfo=UTC)


@dataclass
class Availability:
    """The free times of ``appointment_type`` (its original, untranslated
    row) as of ``now``. Everything is loaded on first use, in a fixed
    number of queries."""

    appointment_type: object
    now: datetime.datetime = None
    # A booking being moved: its own time counts as free (it moves within it).
    moving: int = None
    _loaded: bool = field(default=False, repr=False)

    def __post_init__(self):
        if self.now is None:
            self.now = timezone.now()

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.appointment_type.clinic.time_zone or "America/Los_Angeles")

    def local_today(self):
        return self.now.astimezone(self.tz).date()

    @property
    def earliest(self):
        return self.now + datetime.timedelta(hours=self.appointment_type.minimum_notice_hours)

    @property
    def first_day(self):
        return self.earliest.astimezone(self.tz).date()

    @property
    def last_day(self):
        return self.local_today() + datetime.timedelta(
            days=self.appointment_type.booking_window_days
        )

    # --- loading -------------------------------------------------------------

    def _load(self):
        if self._loaded:
            return
        from .models import Booking

        kind = self.appointment_type
        self.staff = list(
            kind.staff.filter(active=True, clinic_id=kind.clinic_id)
            .order_by("pk")
            .prefetch_related("availability_rules")
        )
        first = self.first_day - datetime.timedelta(days=1)
        last = self.last_day + datetime.timedelta(days=1)
        self.exceptions = {}
        for row in kind.clinic.hours_exceptions.filter(date__gte=first, date__lte=last):
            entry = self.exceptions.setdefault(row.date, [])
            if row.closed:
                entry.append(None)
            elif row.opens and row.closes and row.closes > row.opens:
                entry.append((row.opens, row.closes))
        window_start = datetime.datetime.combine(first, datetime.time(0), tzinfo=self.tz)
        window_end = datetime.datetime.combine(last, datetime.time(0), tzinfo=self.tz)
        rows = Booking.objects.filter(
            Q(staff__in=[member.pk for member in self.staff]) | Q(appointment_type=kind),
            status=Booking.Status.CONFIRMED,
            busy_end__gt=window_start,
            busy_start__lt=window_end,
        )
        if self.moving is not None:
            rows = rows.exclude(pk=self.moving)
        rows = rows.values_list(
            "staff_id", "appointment_type_id", "start", "busy_start", "busy_end"
        )
        self.busy = {}
        self.per_day = {}
        for staff_id, type_id, start, busy_start, busy_end in rows:
            self.busy.setdefault(staff_id, []).append((busy_start, busy_end))
            if type_id == kind.pk:
                day = start.astimezone(self.tz).date()
                self.per_day[day] = self.per_day.get(day, 0) + 1
        for intervals in self.busy.values():
            intervals.sort()
        self._loaded = True

    # --- computing -------------------------------------------------------------

    def windows(self, member, day):
        """``member``'s windows on ``day`` as (start, end) instants, with the
        clinic's dated exception applied (closed all day, or shorter hours)."""
        ranges = [
            (rule.starts, rule.ends)
            for rule in member.availability_rules.all()
            if rule.weekday == day.weekday() and rule.ends > rule.starts
        ]
        exception = self.exceptions.get(day)
        if exception is not None:
            if None in exception:
                return []
            ranges = [
                (max(start, opens), min(end, closes))
                for start, end in ranges
                for opens, closes in exception
                if max(start, opens) < min(end, closes)
            ]
        return [
            (
                datetime.datetime.combine(day, start, tzinfo=self.tz).astimezone(UTC),
                datetime.datetime.combine(day, end, tzinfo=self.tz).astimezone(UTC),
            )
            for start, end in ranges
        ]

    def _is_free(self, staff_id, busy_start, busy_end):
        intervals = self.busy.get(staff_id, ())
        # Confirmed bookings of one person never overlap, so their ends are
        # in the order of their starts: only the last one starting before
        # ``busy_end`` can reach past ``busy_start``.
        index = bisect.bisect_left(intervals, (busy_end,))
        return index == 0 or intervals[index - 1][1] <= busy_start

    def times_on(self, day, ignore_bookings=False):
        """The free Slots on ``day`` (the clinic's local date), in order
        (``ignore_bookings``: the times offered to nobody yet)."""
        self._load()
        kind = self.appointment_type
        if day < self.first_day or day > self.last_day:
            return []
        full = kind.daily_cap and self.per_day.get(day, 0) >= kind.daily_cap
        if full and not ignore_bookings:
            return []
        length = datetime.timedelta(minutes=kind.duration_minutes)
        before = datetime.timedelta(minutes=kind.buffer_before_minutes)
        after = datetime.timedelta(minutes=kind.buffer_after_minutes)
        step = datetime.timedelta(minutes=kind.slot_interval_minutes)
        earliest = self.earliest
        free = {}
        for member in self.staff:
            for window_start, window_end in self.windows(member, day):
                start = window_start
                while start + length <= window_end:
                    if start >= earliest and (
                        ignore_bookings
                        or self._is_free(member.pk, start - before, start + length + after)
                    ):
                        free.setdefault(start, []).append(member.pk)
                    start += step
        return [
            Slot(start=start, end=start + length, staff_ids=tuple(staff))
            for start, staff in sorted(free.items())
        ]

    def days(self):
        """{local date: [Slot]} for every day of the booking window that has a free time."""
        result = {}
        day = self.first_day
        while day <= self.last_day:
            times = self.times_on(day)
            if times:
                result[day] = times
            day += datetime.timedelta(days=1)
        return result

    def slot_at(self, start):
        """The free Slot starting at ``start`` (aware), or None: a time that
        was never offered (outside the rules, too soon, too far, forged) or
        is taken."""
        if start is None:
            return None
        day = start.astimezone(self.tz).date()
        return next((slot for slot in self.times_on(day) if slot.start == start), None)

    def was_offered(self, start):
        """Whether ``start`` is a time the rules offer, booked or not (a
        time just taken, rather than one never offered or forged)."""
        if start is None:
            return False
        day = start.astimezone(self.tz).date()
        return any(slot.start == start for slot in self.times_on(day, ignore_bookings=True))

    def nearest(self, start, count=6):
        """The ``count`` free times nearest to ``start`` (for a visitor whose
        time was just taken), in time order."""
        every = [slot for times in self.days().values() for slot in times]
        every.sort(key=lambda slot: abs(slot.start - start))
        return sorted(every[:count], key=lambda slot: slot.start)
