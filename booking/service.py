"""Booking a time: one insert that the database guards, and its email.

``book`` re-reads the free times (a time never offered, past the notice or
outside the rules is refused), then inserts the booking for the first staff
member free at that time, in one transaction with the task that sends the
confirmation and the clinic's alert: both or neither. On PostgreSQL the
exclusion constraint
(booking.models.booking) decides between simultaneous posts: the insert of
the loser fails, its savepoint rolls back, the next staff member free at
that time is tried, and when none is left the visitor is told the time was
just taken and offered the nearest free ones. Nothing is half-stored.

On SQLite (``make run``) there is no exclusion constraint: each insert runs
after locking the staff member's row (``select_for_update``, a no-op there:
SQLite lets one writer at a time, the development server is one process)
and checking for an overlap, with the partial unique constraint (one
confirmed booking per staff member and start) behind it. Good enough for a
demo; production runs PostgreSQL.
"""

import datetime
import logging

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from core.tasks import enqueue

from .availability import Availability
from .cached_times import times_changed
from .models import AppointmentType, Booking, StaffMember
from .tasks import send_booking_email

logger = logging.getLogger(__name__)


class SlotUnavailable(Exception):
    """The time cannot be booked; ``nearest`` holds the nearest free Slots.

    ``taken``: it was a bookable time that someone else just booked (or the
    day's cap was just reached), as opposed to a time never offered."""

    def __init__(self, nearest, taken):
        super().__init__("slot unavailable")
        self.nearest = nearest
        self.taken = taken


def _overlaps(staff_id, busy_start, busy_end):
    return Booking.objects.filter(
        staff_id=staff_id,
        status=Booking.Status.CONFIRMED,
        busy_start__lt=busy_end,
        busy_end__gt=busy_start,
    ).exists()


def _day_count(kind, start, tz, moving=None):
    """Confirmed bookings of ``kind`` on ``start``'s day (the clinic's), but ``moving``."""
    day = start.astimezone(tz).date()
    first = datetime.datetime.combine(day, datetime.time(0), tzinfo=tz)
    return (
        Booking.objects.exclude(pk=moving)
        .filter(
            appointment_type=kind,
            status=Booking.Status.CONFIRMED,
            start__gte=first,
            start__lt=first + datetime.timedelta(days=1),
        )
        .count()
    )


def book(kind, start, *, details, language, consent_text, page=None, now=None):
    """Store a booking of ``kind`` (an original AppointmentType) at ``start``
    (aware) for the visitor's ``details`` (name, email, phone,
    contact_language). Returns the Booking; raises SlotUnavailable."""
    availability = Availability(kind, now=now)
    slot = availability.slot_at(start)
    if slot is None:
        taken = availability.was_offered(start)
        raise SlotUnavailable(availability.nearest(start), taken=taken)
    before = datetime.timedelta(minutes=kind.buffer_before_minutes)
    after = datetime.timedelta(minutes=kind.buffer_after_minutes)
    busy_start, busy_end = slot.start - before, slot.end + after
    guarded = connection.vendor == "postgresql"
    for staff_id in slot.staff_ids:
        try:
            with transaction.atomic():
                if kind.daily_cap:
                    # One booking of this type at a time while the day is counted.
                    AppointmentType.objects.select_for_update().filter(pk=kind.pk).first()
                    if _day_count(kind, slot.start, availability.tz) >= kind.daily_cap:
                        break
                if not guarded:
                    StaffMember.objects.select_for_update().filter(pk=staff_id).first()
                    if _overlaps(staff_id, busy_start, busy_end):
                        continue
                booking = Booking.objects.create(
                    appointment_type=kind,
                    staff_id=staff_id,
                    clinic_id=kind.clinic_id,
                    page=page,
                    start=slot.start,
                    end=slot.end,
                    busy_start=busy_start,
                    busy_end=busy_end,
                    name=details["name"],
                    email=details.get("email", ""),
                    phone=details.get("phone", ""),
                    contact_language=details["contact_language"],
                    language=language,
                    consent_text=consent_text,
                    consent_at=timezone.now(),
                    email_status=(
                        Booking.Email.PENDING if details.get("email") else Booking.Email.NONE
                    ),
                )
                # The confirmation (with an email address) and the clinic's alert.
                enqueue(send_booking_email, booking.pk)
            return booking
        except IntegrityError:
            # Another booking of this person overlaps (the exclusion or the
            # unique constraint): the savepoint is gone, try the next one.
            logger.info("Booking race lost for staff %s at %s", staff_id, slot.value)
            continue
    fresh = Availability(kind)
    raise SlotUnavailable(fresh.nearest(start), taken=True)


class BookingChanged(Exception):
    """The booking changed (moved or cancelled) since it was read: a change
    link used twice, or the visitor and the clinic at the same moment."""


def _told(booking, by_visitor):
    """The fields that make the worker tell the visitor (their email for
    the booking's new state) and, when the visitor made the change, the
    clinic; a reminder is owed again for a new time."""
    fields = {
        "version": F("version") + 1,
        "email_sent_at": None,
        "email_claimed_at": None,
        "email_status": Booking.Email.PENDING if booking.email else Booking.Email.NONE,
        "reminder_sent_at": None,
        "reminder_claimed_at": None,
    }
    if by_visitor:
        fields.update(alert_sent_at=None, alert_claimed_at=None)
    return fields


def cancel(booking, by_visitor=False):
    """Cancel a confirmed booking (its time is free again) and tell the
    visitor by email. Returns whether it changed."""
    with transaction.atomic():
        changed = Booking.objects.filter(
            pk=booking.pk, status=Booking.Status.CONFIRMED, version=booking.version
        ).update(
            status=Booking.Status.CANCELLED,
            cancelled_at=timezone.now(),
            **_told(booking, by_visitor),
        )
        if changed:
            enqueue(send_booking_email, booking.pk)
            times_changed()
    if changed:
        booking.refresh_from_db()
    return bool(changed)


def reschedule(booking, start, *, by_visitor=False, now=None):
    """Move a confirmed booking to the free time ``start`` (with any staff
    member who takes its type and is free then) and tell the visitor by
    email. Raises SlotUnavailable (with the nearest free times) or
    BookingChanged; the database's constraint decides races as in ``book``,
    and the daily cap is counted under the same lock of the appointment
    type's row as ``book`` takes: a move and a booking (or two moves) into
    the last place of a day wait for each other, and the second one counts
    the first."""
    kind = booking.appointment_type
    availability = Availability(kind, now=now, moving=booking.pk)
    slot = availability.slot_at(start)
    if slot is None:
        raise SlotUnavailable(availability.nearest(start), taken=availability.was_offered(start))
    before = datetime.timedelta(minutes=kind.buffer_before_minutes)
    after = datetime.timedelta(minutes=kind.buffer_after_minutes)
    busy_start, busy_end = slot.start - before, slot.end + after
    guarded = connection.vendor == "postgresql"
    for staff_id in slot.staff_ids:
        try:
            with transaction.atomic():
                if kind.daily_cap:
                    AppointmentType.objects.select_for_update().filter(pk=kind.pk).first()
                    if (
                        _day_count(kind, slot.start, availability.tz, moving=booking.pk)
                        >= kind.daily_cap
                    ):
                        break
                if not guarded:
                    StaffMember.objects.select_for_update().filter(pk=staff_id).first()
                    others = Booking.objects.exclude(pk=booking.pk)
                    if others.filter(
                        staff_id=staff_id,
                        status=Booking.Status.CONFIRMED,
                        busy_start__lt=busy_end,
                        busy_end__gt=busy_start,
                    ).exists():
                        continue
                changed = Booking.objects.filter(
                    pk=booking.pk, status=Booking.Status.CONFIRMED, version=booking.version
                ).update(
                    staff_id=staff_id,
                    start=slot.start,
                    end=slot.end,
                    busy_start=busy_start,
                    busy_end=busy_end,
                    **_told(booking, by_visitor),
                )
                if not changed:
                    raise BookingChanged
                enqueue(send_booking_email, booking.pk)
                times_changed()
            booking.refresh_from_db()
            return booking
        except IntegrityError:
            logger.info("Booking move race lost for staff %s at %s", staff_id, slot.value)
            continue
    fresh = Availability(kind, moving=booking.pk)
    raise SlotUnavailable(fresh.nearest(start), taken=True)


class BlockOverlaps(Exception):
    """Blocked time may not cover a confirmed booking: move or cancel it first."""


def block_time(staff, start, end, reason):
    """Block ``staff``'s time from ``start`` to ``end`` (aware): no booking
    is offered or accepted in it. Raises BlockOverlaps when it would cover
    a confirmed booking (the database's constraint decides, as for bookings)."""
    guarded = connection.vendor == "postgresql"
    try:
        with transaction.atomic():
            if not guarded:
                StaffMember.objects.select_for_update().filter(pk=staff.pk).first()
                if _overlaps(staff.pk, start, end):
                    raise BlockOverlaps
            now = timezone.now()
            return Booking.objects.create(
                is_block=True,
                staff=staff,
                clinic_id=staff.clinic_id,
                start=start,
                end=end,
                busy_start=start,
                busy_end=end,
                name=reason,
                contact_language="en",
                language="en",
                consent_text="",
                consent_at=now,
                email_status=Booking.Email.NONE,
                alert_sent_at=now,
            )
    except IntegrityError as exc:
        raise BlockOverlaps from exc
