"""Opening hours: the weekly schedule, dated exceptions and "open now".

Pages are cached, so the page itself never prints whether a clinic is open:
the schedule is embedded as JSON (``Schedule.to_data``) and
``static/js/opening-hours.js`` computes the status in the visitor's browser.
This module is the reference implementation of that logic (the JavaScript is a
line-by-line port; tests feed both the same cases) and builds the server-side
pieces that do not depend on the current time: the weekly table, the compact
summary on cards and the schema.org opening hours.

All times are wall-clock times in the clinic's time zone, so daylight saving
changes need no special handling beyond converting "now" into that zone.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.dates import MONTHS, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext, pgettext

# schema.org names the days in English whatever the page's language.
SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# How far ahead "Closed, opens ..." looks for the next opening.
LOOKAHEAD_DAYS = 14


def weekday_name(day):
    """0 -> "Monday" / "lunes" (Django's names, in the active language)."""
    return str(WEEKDAYS[day])


def weekday_short(day):
    return str(WEEKDAYS_ABBR[day])


def month_name(month):
    return str(MONTHS[month])


def uses_12_hour_clock():
    """Whether the active language's TIME_FORMAT (core/formats/) has AM/PM."""
    return "A" in formats.get_format("TIME_FORMAT") or "a" in formats.get_format("TIME_FORMAT")


def format_time(value):
    """datetime.time(17, 0) -> '5:00 PM' in English, '17:00' in Spanish (the
    language's TIME_FORMAT; the same text in Python and JavaScript)."""
    if uses_12_hour_clock():
        hour = value.hour % 12 or 12
        return f"{hour}:{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}"
    return f"{value.hour}:{value.minute:02d}"


def format_range(opens, closes):
    return f"{format_time(opens)} – {format_time(closes)}"


def closed_text():
    return pgettext("opening hours", "Closed")


def format_ranges(ranges):
    if not ranges:
        return closed_text()
    return ", ".join(format_range(opens, closes) for opens, closes in ranges)


def messages():
    """The words of "open now" in the active language, for status_at and for
    the browser's copy of it (static/js/opening-hours.js reads them from the
    page's JSON): {time}, {weekday}, {day}, {month} and {hours} are filled in."""
    return {
        "clock12": uses_12_hour_clock(),
        "closed": closed_text(),
        "openNow": gettext("Open now, closes at {time}"),
        "opensToday": gettext("Closed, opens at {time}"),
        "opensTomorrow": gettext("Closed, opens tomorrow at {time}"),
        "opensWeekday": gettext("Closed, opens {weekday} at {time}"),
        "opensDate": gettext("Closed, opens {weekday}, {month} {day} at {time}"),
        "today": gettext("Today: {hours}"),
        "todayMark": gettext("(today)"),
        "weekdays": [weekday_name(day) for day in range(7)],
        "months": [month_name(month) for month in range(1, 13)],
    }


def merge_ranges(ranges):
    """Sort ranges and join those that touch or overlap: 9-12 + 12-17 -> 9-17."""
    merged = []
    for opens, closes in sorted(ranges):
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        else:
            merged.append((opens, closes))
    return merged


def _parse_time(text):
    hours, minutes = text.split(":")[:2]
    return datetime.time(int(hours), int(minutes))


@dataclass(frozen=True)
class DayException:
    date: datetime.date
    ranges: tuple = ()  # empty: closed all day
    note: str = ""


@dataclass
class Schedule:
    """weekly[0] is Monday's list of (opens, closes); exceptions by date."""

    time_zone: str = "America/Los_Angeles"
    weekly: list = field(default_factory=lambda: [[] for _ in range(7)])
    exceptions: dict = field(default_factory=dict)

    @classmethod
    def from_rows(cls, time_zone, hour_rows, exception_rows):
        """Build from OpeningHours and OpeningHoursException rows (model instances)."""
        weekly = [[] for _ in range(7)]
        for row in hour_rows:
            if not row.closed and row.opens and row.closes and row.closes > row.opens:
                weekly[row.weekday].append((row.opens, row.closes))
        by_date = {}
        for row in exception_rows:
            entry = by_date.setdefault(row.date, {"ranges": [], "closed": False, "notes": []})
            if row.note and row.note not in entry["notes"]:
                entry["notes"].append(row.note)
            if row.closed:
                entry["closed"] = True
            elif row.opens and row.closes and row.closes > row.opens:
                entry["ranges"].append((row.opens, row.closes))
        exceptions = {
            day: DayException(
                date=day,
                ranges=() if entry["closed"] else tuple(merge_ranges(entry["ranges"])),
                note=", ".join(entry["notes"]),
            )
            for day, entry in by_date.items()
        }
        return cls(
            time_zone=time_zone,
            weekly=[merge_ranges(day) for day in weekly],
            exceptions=exceptions,
        )

    @classmethod
    def from_data(cls, data):
        """The inverse of ``to_data`` (what the page embeds for the browser)."""
        weekly = [[(_parse_time(o), _parse_time(c)) for o, c in day] for day in data["weekly"]]
        exceptions = {}
        for item in data.get("exceptions", []):
            day = datetime.date.fromisoformat(item["date"])
            exceptions[day] = DayException(
                date=day,
                ranges=tuple((_parse_time(o), _parse_time(c)) for o, c in item["ranges"]),
                note=item.get("note", ""),
            )
        return cls(time_zone=data["timeZone"], weekly=weekly, exceptions=exceptions)

    def to_data(self, since=None):
        """JSON-ready dict. ``since``: leave out exceptions dated before it."""
        return {
            "timeZone": self.time_zone,
            "weekly": [
                [[f"{o:%H:%M}", f"{c:%H:%M}"] for o, c in self.weekly[day]] for day in range(7)
            ],
            "exceptions": [
                {
                    "date": day.isoformat(),
                    "ranges": [[f"{o:%H:%M}", f"{c:%H:%M}"] for o, c in exc.ranges],
                    "note": exc.note,
                }
                for day, exc in sorted(self.exceptions.items())
                if since is None or day >= since
            ],
        }

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_now(self, now=None):
        now = now or datetime.datetime.now(datetime.UTC)
        return now.astimezone(self.tzinfo)

    def today(self, now=None):
        return self.local_now(now).date()

    def ranges_on(self, day):
        """(ranges, exception or None) for a date: the exception wins over the week."""
        exception = self.exceptions.get(day)
        if exception is not None:
            return list(exception.ranges), exception
        return list(self.weekly[day.weekday()]), None

    def is_empty(self):
        return not any(self.weekly) and not self.exceptions

    def upcoming_exceptions(self, since):
        return [exc for day, exc in sorted(self.exceptions.items()) if day >= since]

    def table(self):
        """Rows of the weekly table, Monday first: (weekday, name, text)."""
        return [
            {
                "weekday": day,
                "name": weekday_name(day),
                "text": format_ranges(self.weekly[day]),
                # The same text in ranges, each kept on one line by the template.
                "parts": [format_range(o, c) for o, c in self.weekly[day]] or [closed_text()],
            }
            for day in range(7)
        ]

    def summary(self):
        """Consecutive days with the same hours grouped: [('Mon–Fri', '9:00 AM – 5:00 PM')]."""
        groups = []
        for day in range(7):
            text = format_ranges(self.weekly[day])
            if groups and groups[-1][2] == text:
                groups[-1][1] = day
            else:
                groups.append([day, day, text])
        result = []
        for first, last, text in groups:
            label = weekday_short(first)
            if last > first:
                label = f"{label}–{weekday_short(last)}"
            result.append((label, text))
        return result


def business_day_end(schedule, received, business_days=1):
    """The closing time (aware, in the clinic's zone) of the ``business_days``-th
    day the clinic is open after the day of ``received``: what "within one
    business day" means for a request received then. Weekends, closed days and
    dated exceptions (holidays) do not count. None when the schedule has no
    open day in the next few weeks."""
    day = schedule.local_now(received).date()
    remaining = business_days
    for offset in range(1, LOOKAHEAD_DAYS * 2 + 1):
        candidate = day + datetime.timedelta(days=offset)
        ranges, _exception = schedule.ranges_on(candidate)
        if not ranges:
            continue
        remaining -= 1
        if remaining <= 0:
            closes = max(end for _start, end in ranges)
            return datetime.datetime.combine(candidate, closes, tzinfo=schedule.tzinfo)
    return None


@dataclass(frozen=True)
class Status:
    is_open: bool
    text: str
    closes_at: datetime.datetime | None = None  # local, when open
    opens_at: datetime.datetime | None = None  # local, when closed
    note: str = ""  # today's exception note
    today_text: str = ""  # today's hours, e.g. "9:00 AM – 5:00 PM"


def status_at(schedule, now=None):
    """Whether the clinic is open at ``now`` (an aware datetime; default: now)."""
    local = schedule.local_now(now)
    today = local.date()
    clock = local.time().replace(tzinfo=None)
    ranges, exception = schedule.ranges_on(today)
    note = exception.note if exception else ""
    today_text = format_ranges(ranges)
    for opens, closes in ranges:
        if opens <= clock < closes:
            return Status(
                is_open=True,
                text=gettext("Open now, closes at {time}").format(time=format_time(closes)),
                closes_at=datetime.datetime.combine(today, closes),
                note=note,
                today_text=today_text,
            )
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = today + datetime.timedelta(days=offset)
        day_ranges, _exception = schedule.ranges_on(day)
        for opens, _closes in day_ranges:
            if offset == 0 and opens <= clock:
                continue
            return Status(
                is_open=False,
                text=_opens_text(offset, day, format_time(opens)),
                opens_at=datetime.datetime.combine(day, opens),
                note=note,
                today_text=today_text,
            )
    return Status(is_open=False, text=closed_text(), note=note, today_text=today_text)


def _opens_text(offset, day, time):
    if offset == 0:
        return gettext("Closed, opens at {time}").format(time=time)
    if offset == 1:
        return gettext("Closed, opens tomorrow at {time}").format(time=time)
    name = weekday_name(day.weekday())
    if offset < 7:
        return gettext("Closed, opens {weekday} at {time}").format(weekday=name, time=time)
    return gettext("Closed, opens {weekday}, {month} {day} at {time}").format(
        weekday=name, month=month_name(day.month), day=day.day, time=time
    )


# schema.org -----------------------------------------------------------------


def opening_hours_specification(schedule):
    """The weekly hours, days with the same range grouped (schema.org)."""
    by_range = {}
    for day in range(7):
        for opens, closes in schedule.weekly[day]:
            by_range.setdefault((opens, closes), []).append(SCHEMA_DAYS[day])
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": days,
            "opens": f"{opens:%H:%M}",
            "closes": f"{closes:%H:%M}",
        }
        for (opens, closes), days in sorted(by_range.items())
    ]


def special_opening_hours_specification(schedule, since=None):
    """The dated exceptions; a closed day is opens = closes = 00:00 (Google's convention)."""
    specs = []
    for day, exception in sorted(schedule.exceptions.items()):
        if since is not None and day < since:
            continue
        ranges = exception.ranges or [(datetime.time(0, 0), datetime.time(0, 0))]
        for opens, closes in ranges:
            spec = {
                "@type": "OpeningHoursSpecification",
                "validFrom": day.isoformat(),
                "validThrough": day.isoformat(),
                "opens": f"{opens:%H:%M}",
                "closes": f"{closes:%H:%M}",
            }
            if exception.note:
                spec["name"] = exception.note
            specs.append(spec)
    return specs
