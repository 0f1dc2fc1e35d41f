"""The bookings agenda in the admin (Bookings › Agenda): one clinic's day or
week, a row per staff member and a column per day, each cell listing that
person's confirmed bookings and blocked time in order, at the clinic's local
wall-clock time (a clinic's agenda is always in its own time zone, whatever
the season or the viewer's zone). Filters: clinic, staff member, day or week;
previous and next links. Each booking links to its admin page. Needs the
permission to view bookings, as the list does (403 otherwise).

Three queries whatever the number of bookings: the clinics, the staff, the
bookings of the shown range.
"""

import datetime
import zoneinfo

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from .models import Booking, StaffMember

DAY, WEEK = "day", "week"


def parse_date(value, default):
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return default


def agenda_view(request):
    from locations.models import LocationPage

    if not request.user.has_perm("booking.view_booking"):
        # A plain 403 (an admin page saying why), not Wagtail's redirect home.
        return TemplateResponse(
            request,
            "booking/admin/forbidden.html",
            {"header_title": "Bookings agenda"},
            status=403,
        )
    members = list(StaffMember.objects.select_related("clinic").order_by("name"))
    clinic_ids = {member.clinic_id for member in members}
    clinics = list(LocationPage.objects.filter(pk__in=clinic_ids).order_by("title"))

    staff_id = _int(request.GET.get("staff"))
    member = next((m for m in members if m.pk == staff_id), None)
    clinic_id = member.clinic_id if member else _int(request.GET.get("clinic"))
    clinic = next((c for c in clinics if c.pk == clinic_id), clinics[0] if clinics else None)
    zone = zoneinfo.ZoneInfo((clinic.time_zone if clinic else "") or "America/Los_Angeles")

    span = WEEK if request.GET.get("view") == WEEK else DAY
    today = datetime.datetime.now(zone).date()
    day = parse_date(request.GET.get("date"), today)
    if span == WEEK:
        day -= datetime.timedelta(days=day.weekday())  # from Monday
    days = [day + datetime.timedelta(days=n) for n in range(7 if span == WEEK else 1)]
    first = datetime.datetime.combine(days[0], datetime.time(0), tzinfo=zone)
    last = datetime.datetime.combine(
        days[-1] + datetime.timedelta(days=1), datetime.time(0), tzinfo=zone
    )

    shown = [member] if member else [m for m in members if clinic and m.clinic_id == clinic.pk]
    bookings = list(
        Booking.objects.filter(
            staff__in=[m.pk for m in shown],
            status=Booking.Status.CONFIRMED,
            start__lt=last,
            end__gt=first,
        )
        .select_related("appointment_type")
        .order_by("start")
    )
    cells = {}
    for booking in bookings:
        local_start = booking.start.astimezone(zone)
        cells.setdefault((booking.staff_id, local_start.date()), []).append(
            {
                "booking": booking,
                "starts": local_start.strftime("%H:%M"),
                "ends": booking.end.astimezone(zone).strftime("%H:%M %Z"),
                "what": "Blocked" if booking.is_block else booking.appointment_type.name,
                "url": reverse("bookings:inspect", args=[booking.pk]),
            }
        )
    with_bookings = {booking.staff_id for booking in bookings}
    rows = [
        {"member": m, "cells": [cells.get((m.pk, d), []) for d in days]}
        for m in shown
        if m.active or m.pk in with_bookings
    ]

    def link(**changes):
        params = {"view": span, "date": day.isoformat()}
        if member:
            params["staff"] = member.pk
        elif clinic:
            params["clinic"] = clinic.pk
        params.update(changes)
        return "?" + urlencode(params)

    step = datetime.timedelta(days=7 if span == WEEK else 1)
    title = f"Week of {days[0]:%A %-d %B %Y}" if span == WEEK else f"{day:%A %-d %B %Y}"
    return TemplateResponse(
        request,
        "booking/admin/agenda.html",
        {
            "header_title": "Bookings agenda",
            "title": title,
            "span": span,
            "days": days,
            "today": today,
            "rows": rows,
            "clinic": clinic,
            "clinics": clinics,
            "member": member,
            "members": [m for m in members if clinic and m.clinic_id == clinic.pk],
            "time_zone": str(zone),
            "previous_url": link(date=(day - step).isoformat()),
            "next_url": link(date=(day + step).isoformat()),
            "today_url": link(date=today.isoformat()),
            "day_url": link(view=DAY),
            "week_url": link(view=WEEK),
            "date": day,
        },
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
