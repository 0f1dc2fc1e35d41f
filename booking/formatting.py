"""How booking times read: in the clinic's time zone, in the active
language's formats (core/formats: "Tuesday, December 8, 2026" and
"10:00 AM" in English, "martes, 8 de diciembre de 2026" and "10:00" in
Spanish), with the zone's abbreviation where it matters (PST or PDT)."""

import zoneinfo

from django.utils import formats

from locations.hours import format_time, weekday_name


def local(value, time_zone):
    return value.astimezone(zoneinfo.ZoneInfo(time_zone))


def day_text(day):
    """A date as "Tuesday, December 8, 2026" / "martes, 8 de diciembre de 2026"."""
    return f"{weekday_name(day.weekday())}, {formats.date_format(day, 'DATE_FORMAT')}"


def time_text(value, time_zone, with_zone=False):
    """An instant as the clinic's wall-clock time: "10:00 AM" ("10:00 AM PST")."""
    moment = local(value, time_zone)
    text = format_time(moment.time())
    if with_zone:
        text = f"{text} {moment.tzname()}"
    return text


def when_text(value, time_zone):
    """ "Tuesday, December 8, 2026, 10:00 AM PST": the confirmation's time."""
    moment = local(value, time_zone)
    return f"{day_text(moment.date())}, {time_text(value, time_zone, with_zone=True)}"
