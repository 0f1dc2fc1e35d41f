"""The visitor's link to move or cancel a booking, without an account.

A signed value (django.core.signing, salted for this use) holding the
booking's unguessable key and the version it was made for. Every change
adds one to the booking's version, so a link works once: after a move the
visitor's new email carries a new link. A link is refused when its
signature is wrong (``invalid``), when it is older than
BOOKING_CHANGE_LINK_MAX_AGE or the booking has begun (``expired``), or when
the booking changed since (``used``).
"""

import datetime

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

SALT = "booking.change-link"
INVALID, EXPIRED, USED = "invalid", "expired", "used"


def max_age():
    return datetime.timedelta(
        seconds=getattr(settings, "BOOKING_CHANGE_LINK_MAX_AGE", 120 * 24 * 3600)
    )


def make_token(booking):
    # Wagtail routes path segments of letters, digits, "_" and "-" only: the
    # signed value (with its ":" separators) travels base64-encoded.
    signed = signing.dumps([str(booking.access_key), booking.version], salt=SALT)
    return urlsafe_base64_encode(signed.encode())


def resolve(token):
    """(booking, None) for a link that may be used now, else (booking or None, reason)."""
    from .models import Booking

    try:
        signed = urlsafe_base64_decode(token).decode()
        key, version = signing.loads(signed, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        return None, EXPIRED
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        return None, INVALID
    booking = (
        Booking.objects.select_related("appointment_type__clinic", "clinic", "page")
        .filter(access_key=key, is_block=False)
        .first()
    )
    if booking is None:
        return None, INVALID
    if booking.start <= timezone.now():
        return booking, EXPIRED
    if booking.version != version or not booking.is_confirmed:
        return booking, USED
    return booking, None
