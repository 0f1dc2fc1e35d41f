"""A coordinator's move is held to the daily cap like a visitor's booking,
even when both go for the day's last place at the same moment: the move
waits for the booking's transaction (the lock on the appointment type's
row that ``book`` takes), then counts it and is refused. Threads with their
own connections on committed rows; the test waits for the move to be seen
waiting on the lock in pg_locks (no sleeps, no timing asserts)."""

import datetime
import threading
import zoneinfo

import pytest
from django.db import connection, connections, transaction

from booking.models import AppointmentType, Booking
from booking.service import SlotUnavailable, reschedule

from .test_availability import make_booking

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
FRIDAY_TEN = datetime.datetime(2026, 11, 27, 10, tzinfo=PACIFIC)
MONDAY_TEN = datetime.datetime(2026, 11, 30, 10, tzinfo=PACIFIC)
MONDAY_ELEVEN = datetime.datetime(2026, 11, 30, 11, tzinfo=PACIFIC)


def waiting_on_a_lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_a_move_into_a_full_day_waits_for_the_booking_and_is_refused(
    clinic_clock, phone_call, coordinator
):
    phone_call.daily_cap = 1
    phone_call.save()
    moved = make_booking(phone_call, coordinator, FRIDAY_TEN)
    locked, release = threading.Event(), threading.Event()
    results = {}

    def visitor_books_the_last_place():
        try:
            with transaction.atomic():
                AppointmentType.objects.select_for_update().filter(pk=phone_call.pk).first()
                make_booking(phone_call, coordinator, MONDAY_ELEVEN)
                locked.set()
                release.wait(timeout=60)
        finally:
            locked.set()
            connections.close_all()

    def coordinator_moves():
        locked.wait(timeout=60)
        try:
            results["move"] = reschedule(Booking.objects.get(pk=moved.pk), MONDAY_TEN)
        except SlotUnavailable as refused:
            results["move"] = refused
        finally:
            connections.close_all()

    booker = threading.Thread(target=visitor_books_the_last_place)
    mover = threading.Thread(target=coordinator_moves)
    booker.start()
    mover.start()
    try:
        locked.wait(timeout=60)
        # Until the move waits for the booking's lock (or, without the lock, is done).
        for _ in range(100_000):
            if waiting_on_a_lock() or not mover.is_alive():
                break
    finally:
        release.set()
        booker.join(timeout=60)
        mover.join(timeout=60)

    assert isinstance(results["move"], SlotUnavailable), results
    assert results["move"].taken
    monday = Booking.objects.filter(
        status=Booking.Status.CONFIRMED, start__date=MONDAY_TEN.date()
    ).values_list("start", flat=True)
    assert list(monday) == [MONDAY_ELEVEN]
    moved.refresh_from_db()
    assert moved.start == FRIDAY_TEN
