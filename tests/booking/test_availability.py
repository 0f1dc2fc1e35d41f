"""Free times: weekly rules in the clinic's time zone, minus holidays and
special hours, minus booked time and buffers, within the minimum notice and
the daily cap, right across both daylight-saving changes; and their cost in
queries does not grow with the bookings."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from booking.availability import Availability
from booking.formatting import time_text
from booking.models import Booking
from tests.factories.booking import AvailabilityRuleFactory
from tests.factories.locations import OpeningHoursExceptionFactory

pytestmark = pytest.mark.django_db

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
UTC = datetime.UTC


def at(day, hour, minute=0, fold=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute, fold=fold), tzinfo=PACIFIC)


def local_times(slots):
    return [slot.start.astimezone(PACIFIC).strftime("%H:%M") for slot in slots]


def make_booking(kind, member, start, minutes=15, after=5):
    return Booking.objects.create(
        appointment_type=kind,
        staff=member,
        clinic=kind.clinic,
        start=start,
        end=start + datetime.timedelta(minutes=minutes),
        busy_start=start,
        busy_end=start + datetime.timedelta(minutes=minutes + after),
        name="Someone",
        email="someone@example.test",
        contact_language="en",
        language="en",
        consent_text="I agree.",
        consent_at=start,
    )


THURSDAY = datetime.date(2026, 11, 26)
MORNING = [f"{h:02d}:{m:02d}" for h in (9, 10, 11) for m in (0, 15, 30, 45)]


def test_weekly_hours_give_the_times_in_the_clinics_time_zone(clinic_clock, phone_call):
    times = Availability(phone_call).times_on(THURSDAY)
    assert local_times(times) == MORNING
    # 9:00 in Portland in November is 17:00 UTC (PST).
    assert times[0].start == datetime.datetime(2026, 11, 26, 17, 0, tzinfo=UTC)


def test_the_minimum_notice_keeps_times_too_soon_out(clinic_clock, phone_call):
    # Wednesday 10:00 with 2 hours' notice: nothing left this morning.
    today = clinic_clock.date()
    assert Availability(phone_call).times_on(today) == []
    phone_call.minimum_notice_hours = 0
    assert local_times(Availability(phone_call).times_on(today))[0] == "10:15"


def test_a_holiday_has_no_times_and_special_hours_shorten_the_day(clinic_clock, phone_call, clinic):
    phone_call.booking_window_days = 35
    OpeningHoursExceptionFactory(
        page=clinic,
        date=datetime.date(2026, 12, 24),
        closed=False,
        opens=datetime.time(9),
        closes=datetime.time(10, 30),
        note="Christmas Eve",
    )
    availability = Availability(phone_call)
    assert availability.times_on(datetime.date(2026, 12, 25)) == []  # Christmas Day
    assert local_times(availability.times_on(datetime.date(2026, 12, 24))) == [
        "09:00",
        "09:15",
        "09:30",
        "09:45",
        "10:00",
        "10:15",
    ]
    assert datetime.date(2026, 12, 25) not in availability.days()
    assert len(availability.times_on(datetime.date(2026, 12, 23))) == 12


def test_booked_time_and_its_buffers_are_not_offered(clinic_clock, phone_call, coordinator):
    booking = make_booking(phone_call, coordinator, at(THURSDAY, 10))
    times = local_times(Availability(phone_call).times_on(THURSDAY))
    # 10:00–10:15 plus 5 minutes after: 9:45 would end inside the buffer of
    # its own, 10:15 would start inside the booking's.
    assert times == [t for t in MORNING if t not in ("09:45", "10:00", "10:15")]

    # A daily cap of one: the day is full, the next day is not.
    phone_call.daily_cap = 1
    availability = Availability(phone_call)
    assert availability.times_on(THURSDAY) == []
    assert availability.times_on(THURSDAY + datetime.timedelta(days=1))

    # Cancelled: its time is offered again.
    phone_call.daily_cap = 0
    booking.status = Booking.Status.CANCELLED
    booking.save()
    assert local_times(Availability(phone_call).times_on(THURSDAY)) == MORNING


def test_times_around_the_march_change_to_daylight_time(time_machine, phone_call, coordinator):
    """Sunday 14 March 2027: 2:00–3:00 does not exist in Portland."""
    time_machine.move_to(datetime.datetime(2027, 3, 10, 12, tzinfo=PACIFIC), tick=False)
    for starts, ends in (
        (datetime.time(1), datetime.time(4)),
        (datetime.time(9), datetime.time(10)),
    ):
        AvailabilityRuleFactory(staff=coordinator, weekday=6, starts=starts, ends=ends)
    phone_call.duration_minutes = phone_call.slot_interval_minutes = 30
    phone_call.buffer_after_minutes = phone_call.minimum_notice_hours = 0
    phone_call.booking_window_days = 14
    availability = Availability(phone_call)

    change_day = availability.times_on(datetime.date(2027, 3, 14))
    assert [slot.start.strftime("%H:%M") for slot in change_day] == [
        "09:00",  # 1:00 PST
        "09:30",  # 1:30 PST
        "10:00",  # 3:00 PDT: the hour from 2:00 was skipped
        "10:30",
        "16:00",  # 9:00 PDT
        "16:30",
    ]
    with_zone = [
        time_text(slot.start, "America/Los_Angeles", with_zone=True) for slot in change_day
    ]
    assert with_zone == [
        "1:00 AM PST",
        "1:30 AM PST",
        "3:00 AM PDT",
        "3:30 AM PDT",
        "9:00 AM PDT",
        "9:30 AM PDT",
    ]
    # A week later, 9:00 is still 9:00 local; a week before it was 17:00 UTC.
    assert availability.times_on(datetime.date(2027, 3, 21))[-2].start.hour == 16
    assert Availability(phone_call).slot_at(at(datetime.date(2027, 3, 14), 9)) is not None


def test_times_around_the_november_change_to_standard_time(time_machine, phone_call, coordinator):
    """Sunday 1 November 2026: 1:00–2:00 happens twice in Portland."""
    time_machine.move_to(datetime.datetime(2026, 10, 20, 12, tzinfo=PACIFIC), tick=False)
    for starts, ends in (
        (datetime.time(0), datetime.time(3)),
        (datetime.time(9), datetime.time(10)),
    ):
        AvailabilityRuleFactory(staff=coordinator, weekday=6, starts=starts, ends=ends)
    phone_call.duration_minutes = phone_call.slot_interval_minutes = 60
    phone_call.buffer_after_minutes = phone_call.minimum_notice_hours = 0
    change_day = Availability(phone_call).times_on(datetime.date(2026, 11, 1))
    assert [slot.start.strftime("%H:%M") for slot in change_day] == [
        "07:00",  # 0:00 PDT
        "08:00",  # 1:00 PDT
        "09:00",  # 1:00 PST, the second time
        "10:00",  # 2:00 PST
        "17:00",  # 9:00 PST
    ]
    labels = [time_text(slot.start, "America/Los_Angeles", with_zone=True) for slot in change_day]
    assert labels == ["12:00 AM PDT", "1:00 AM PDT", "1:00 AM PST", "2:00 AM PST", "9:00 AM PST"]
    # The Sunday before, 9:00 was 16:00 UTC (PDT).
    before = Availability(phone_call).times_on(datetime.date(2026, 10, 25))
    assert before[-1].start == datetime.datetime(2026, 10, 25, 16, tzinfo=UTC)


def count_queries(kind):
    with CaptureQueriesContext(connection) as queries:
        Availability(kind).days()
    return len(queries)


def test_the_queries_do_not_grow_with_the_bookings(clinic_clock, phone_call, coordinator):
    make_booking(phone_call, coordinator, at(THURSDAY, 9))
    few = count_queries(phone_call)
    for day in range(1, 11):
        for hour in (9, 10, 11):
            make_booking(phone_call, coordinator, at(THURSDAY + datetime.timedelta(days=day), hour))
    assert count_queries(phone_call) == few <= 5
