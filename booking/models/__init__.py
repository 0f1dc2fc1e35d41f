"""Online booking: who takes appointments and when (staff and their weekly
rules), what can be booked (appointment types, per clinic), the bookings
themselves and the page where visitors book.

Other code imports from here (``from booking.models import Booking``), not
from the modules behind it.
"""

from .booking import Booking
from .page import BookingPage
from .types import AppointmentType, AvailabilityRule, StaffMember

__all__ = ["AppointmentType", "AvailabilityRule", "Booking", "BookingPage", "StaffMember"]
