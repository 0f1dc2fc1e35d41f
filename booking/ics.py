"""The booking as an iCalendar file (RFC 5545), for the visitor's calendar,
written with the icalendar library (escaping, line folding and the time
zone's definition are its business).

One event in the clinic's time zone (with its VTIMEZONE, so a calendar in
another zone still shows the right moment). A moved booking keeps its UID
and raises SEQUENCE, so calendars update the event rather than add a second
one; a cancelled booking is sent as METHOD:CANCEL / STATUS:CANCELLED. No
name, phone or email goes into it: only what, where and when, the clinic's
phone number and the booking's reference.
"""

import datetime
import zoneinfo

import icalendar

PRODUCT = "-//Rainfall Medicine//Booking//EN"


def calendar(
    uid, start, end, summary, location, description, created, time_zone, sequence=0, cancelled=False
):
    zone = zoneinfo.ZoneInfo(time_zone)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = icalendar.Event()
    event.add("uid", uid)
    # The booking's own time, not the clock's: the file downloaded later is
    # the one attached to the email (SEQUENCE tells the versions apart).
    event.add("dtstamp", created.astimezone(datetime.UTC))
    event.add("created", created.astimezone(datetime.UTC))
    event.add("dtstart", start.astimezone(zone))
    event.add("dtend", end.astimezone(zone))
    event.add("sequence", sequence)
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical().decode()
