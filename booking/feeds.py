"""Each staff member's private calendar feed: their coming bookings as an
iCalendar subscription for the calendar app they already use.

The address holds a secret (StaffMember.calendar_feed_key) that a
coordinator turns on, replaces or turns off in the admin (the old address
stops working at once). A third-party calendar is outside the clinic's
control, so each event says only "Consultation call, ref RM-…" and links
to the booking in the admin (sign-in required): never the visitor's name,
email or phone number, nor the appointment's details.
"""

import datetime

import icalendar
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

PRODUCT = "-//Rainfall Medicine//Staff calendar//EN"
# What the feed holds: a month back, three months ahead.
PAST = datetime.timedelta(days=31)
AHEAD = datetime.timedelta(days=92)


def feed_calendar(member, now=None):
    from .models import Booking

    now = now or timezone.now()
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Rainfall Medicine bookings")
    bookings = Booking.objects.filter(
        staff=member,
        status=Booking.Status.CONFIRMED,
        start__gte=now - PAST,
        start__lte=now + AHEAD,
        is_block=False,
    ).only("pk", "reference", "access_key", "start", "end", "version", "created_at")
    for booking in bookings:
        event = icalendar.Event()
        event.add("uid", f"{booking.access_key}@staff")
        event.add("dtstamp", booking.created_at)
        event.add("dtstart", booking.start)
        event.add("dtend", booking.end)
        event.add("sequence", booking.version)
        event.add("summary", f"Consultation call, ref {booking.reference}")
        event.add("url", booking.admin_url)
        event.add("description", booking.admin_url)
        cal.add_component(event)
    return cal.to_ical()


def calendar_feed(request, key):
    from .models import StaffMember

    member = StaffMember.objects.filter(calendar_feed_key=key, active=True).first()
    if member is None:
        raise Http404
    response = HttpResponse(feed_calendar(member), content_type="text/calendar; charset=utf-8")
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response
