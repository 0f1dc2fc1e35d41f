"""The bookings as a source of the intake workspace (core.intake_sources):
rows of kind "Booking" in the consultation requests' list and export, and
their share of the retention run. Registered in BookingConfig.ready.

Only users who may view bookings get rows. Listing rows logs "booking.view"
per booking (in the listing), exporting logs "booking.export", the
retention run logs "booking.retention_delete". Blocked time is not intake
(no person) but is purged with the bookings of its time.
"""

import zoneinfo

from django.conf import settings
from django.db.models import Q, TextField, Value
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils import timezone

from core.audit import log_many
from core.intake_sources import IntakeRow

from .models import Booking
from .outcome import display_name

PHONE_PUNCTUATION = (" ", "-", ".", "(", ")", "+", "/", "\u00a0")


def local_time(value, time_zone):
    zone = zoneinfo.ZoneInfo(time_zone or settings.TIME_ZONE)
    return value.astimezone(zone).strftime("%a %d %b %Y, %H:%M %Z")


def search(queryset, query):
    """Reference, name or email (any part), or the phone's digits whatever
    the formatting, in the database."""
    query = query.strip()
    condition = Q(reference__icontains=query) | Q(name__icontains=query)
    condition |= Q(email__icontains=query)
    digits = "".join(character for character in query if character.isdigit())
    if len(digits) >= 3:
        expression = "phone"
        for character in PHONE_PUNCTUATION:
            expression = Replace(expression, Value(character), Value(""), output_field=TextField())
        queryset = queryset.alias(phone_digits=expression)
        condition |= Q(phone_digits__contains=digits)
    return queryset.filter(condition)


class BookingIntakeSource:
    kind = "Booking"

    def queryset(self, user, query="", clinic_key=None, assigned=None):
        if user is None or not user.has_perm("booking.view_booking"):
            return Booking.objects.none()
        bookings = Booking.objects.filter(is_block=False).select_related(
            "clinic", "appointment_type", "assigned_to"
        )
        if clinic_key:
            bookings = bookings.filter(clinic__translation_key=clinic_key)
        if assigned == "":
            bookings = bookings.filter(assigned_to__isnull=True)
        elif assigned is not None:
            bookings = bookings.filter(assigned_to_id=assigned)
        if query.strip():
            return search(bookings, query).order_by("-start")
        # The coming ones (from the start of today), the next first.
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        return bookings.filter(status=Booking.Status.CONFIRMED, end__gte=today).order_by("start")

    def row(self, booking, user):
        actions = ()
        if user.has_perm("booking.cancel_booking"):
            actions = (("Record outcome", reverse("bookings:outcome", args=[booking.pk])),)
        return IntakeRow(
            kind=self.kind,
            reference=booking.reference,
            name=booking.name,
            phone=booking.phone,
            email=booking.email,
            contact=booking.get_contact_language_display(),
            received=booking.created_at,
            appointment=local_time(booking.start, booking.clinic.time_zone),
            clinic=booking.clinic.title,
            language=booking.get_language_display(),
            status=booking.get_status_display(),
            outcome=booking.get_outcome_display() if booking.outcome else "",
            assigned_to=display_name(booking.assigned_to),
            url=reverse("bookings:inspect", args=[booking.pk]),
            actions=actions,
        )

    def rows(self, user, query="", clinic_key=None, assigned=None, limit=50):
        bookings = list(self.queryset(user, query, clinic_key, assigned)[:limit])
        log_many(bookings, "booking.view", user, {"in": "intake listing"})
        return [self.row(booking, user) for booking in bookings]

    def export_rows(self, user, query="", clinic_key=None, assigned=None, export_format=""):
        if not user.has_perm("booking.export_booking"):
            return []
        bookings = list(self.queryset(user, query, clinic_key, assigned))
        log_many(bookings, "booking.export", user, {"format": export_format, "in": "intake"})
        return [self.row(booking, user) for booking in bookings]

    def purge(self, cutoff, dry_run=False):
        """Bookings (and blocked time) that ended and were made before ``cutoff``."""
        old = Booking.objects.filter(end__lt=cutoff, created_at__lt=cutoff)
        if dry_run:
            return old.count()
        doomed = list(old.only("pk", "reference"))
        log_many(
            doomed,
            "booking.retention_delete",
            user=None,
            data={"before": cutoff.isoformat()},
        )
        old.filter(pk__in=[booking.pk for booking in doomed]).delete()
        return len(doomed)
