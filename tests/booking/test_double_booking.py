"""Never double-booked: the database refuses a second confirmed booking
that overlaps one staff member's busy time, even from two transactions
open at the same moment (threads with their own connections, released
together by a barrier: no sleeps), and the visitor who lost the race is
told the time was just taken and offered the nearest free times."""

import datetime
import threading
import zoneinfo

import pytest
from django.db import IntegrityError, connection, transaction

from booking.models import Booking
from booking.service import SlotUnavailable, book

from .conftest import details

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
THURSDAY_TEN = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=PACIFIC)


def booking_fields(kind, member, start, minutes=15):
    return {
        "appointment_type": kind,
        "staff": member,
        "clinic": kind.clinic,
        "start": start,
        "end": start + datetime.timedelta(minutes=minutes),
        "busy_start": start,
        "busy_end": start + datetime.timedelta(minutes=minutes + 5),
        "name": "Someone",
        "contact_language": "en",
        "language": "en",
        "consent_text": "I agree.",
        "consent_at": start,
    }


def run_together(*functions):
    """Run each function in its own thread (its own database connection),
    all released at once; return their results or exceptions."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(index, function):
        try:
            results[index] = function(barrier)
        except Exception as exc:  # reported to the test
            results[index] = exc

    threads = [
        threading.Thread(target=run, args=(index, function))
        for index, function in enumerate(functions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.django_db
def test_the_exclusion_constraint_is_in_the_database(phone_call, coordinator):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contype FROM pg_constraint WHERE conname = 'booking_no_overlap_per_staff'"
        )
        assert cursor.fetchone() == ("x",)
    Booking.objects.create(**booking_fields(phone_call, coordinator, THURSDAY_TEN))
    # Five minutes later: overlaps the first booking (and its buffer).
    later = THURSDAY_TEN + datetime.timedelta(minutes=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(**booking_fields(phone_call, coordinator, later))
    # Right after the first one's buffer: fine.
    Booking.objects.create(
        **booking_fields(phone_call, coordinator, THURSDAY_TEN + datetime.timedelta(minutes=20))
    )


INSERT = """
INSERT INTO booking_booking (
    reference, access_key, appointment_type_id, staff_id, clinic_id, start, "end",
    busy_start, busy_end, status, name, email, phone, contact_language, language,
    consent_text, consent_at, created_at, email_status, email_attempts, email_last_error
) VALUES (
    %(reference)s, gen_random_uuid(), %(type)s, %(staff)s, %(clinic)s, %(start)s, %(end)s,
    %(start)s, %(busy_end)s, 'confirmed', 'Someone', '', '', 'en', 'en',
    'I agree.', now(), now(), 'none', 0, ''
)
"""


def raw_connection():
    """A connection of its own to the test database, outside the test's
    transaction. Its foreign keys are not checked (session_replication_role:
    the test's clinic and staff rows are not committed, so no other
    connection sees them); the exclusion constraint, an index, still is."""
    import psycopg

    settings = connection.settings_dict
    conn = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
    )
    conn.execute("SET session_replication_role = replica")
    conn.commit()
    return conn


@pytest.mark.django_db
def test_two_transactions_at_once_store_one_booking(phone_call, coordinator):
    """Two transactions, open at the same moment on two connections, insert
    overlapping bookings of one person: whichever inserts second waits for
    the first and is refused when it commits. No sleeps: a barrier releases
    both once both transactions are open."""
    import psycopg

    def insert(reference, start):
        def function(barrier):
            conn = raw_connection()
            try:
                with conn.transaction():
                    conn.execute("SELECT 1")  # the transaction is open
                    barrier.wait(timeout=60)
                    conn.execute(
                        INSERT,
                        {
                            "reference": reference,
                            "type": phone_call.pk,
                            "staff": coordinator.pk,
                            "clinic": phone_call.clinic_id,
                            "start": start,
                            "end": start + datetime.timedelta(minutes=15),
                            "busy_end": start + datetime.timedelta(minutes=20),
                        },
                    )
                return reference
            finally:
                conn.close()

        return function

    try:
        results = run_together(
            insert("RM-RACE01", THURSDAY_TEN),
            insert("RM-RACE02", THURSDAY_TEN + datetime.timedelta(minutes=10)),
        )
        refused = [r for r in results if isinstance(r, psycopg.errors.ExclusionViolation)]
        stored = [r for r in results if isinstance(r, str)]
        assert len(refused) == 1 and len(stored) == 1, results
        cleanup = raw_connection()
        with cleanup.transaction():
            rows = cleanup.execute(
                "SELECT reference FROM booking_booking WHERE reference LIKE 'RM-RACE%%'"
            ).fetchall()
        assert rows == [(stored[0],)]
    finally:
        cleanup = raw_connection()
        with cleanup.transaction():
            cleanup.execute("DELETE FROM booking_booking WHERE reference LIKE 'RM-RACE%%'")
        cleanup.close()


@pytest.mark.django_db
def test_the_visitor_who_lost_the_race_sees_the_nearest_free_times(
    clinic_clock, phone_call, coordinator, monkeypatch
):
    """The loser's view of a race: the time looked free when it was read,
    but another booking was stored before the insert. The database refuses
    it, nothing is stored, and the visitor is offered the nearest times."""
    from booking.availability import Availability

    eleven = THURSDAY_TEN + datetime.timedelta(hours=1)
    slot = Availability(phone_call).slot_at(eleven)
    assert slot is not None
    Booking.objects.create(**booking_fields(phone_call, coordinator, eleven))
    # What the loser read a moment before: the time still free.
    monkeypatch.setattr(Availability, "slot_at", lambda self, start: slot)

    with pytest.raises(SlotUnavailable) as lost:
        book(phone_call, eleven, details=details(name="Grace"), language="en", consent_text="x")

    assert lost.value.taken
    nearest = [slot.start.astimezone(PACIFIC).strftime("%H:%M") for slot in lost.value.nearest]
    # 11:00 and the times whose busy time would touch it are gone.
    assert nearest == ["09:45", "10:00", "10:15", "10:30", "11:30", "11:45"]
    assert not Booking.objects.filter(name="Grace").exists()
    assert Booking.objects.filter(start=eleven).count() == 1
