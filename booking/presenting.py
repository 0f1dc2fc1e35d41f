"""What a booking says to its visitor (the confirmation page, the email and
the calendar file), in the language they booked in: the appointment type's
and the clinic's translations where they exist, never anything about health
and, in the calendar file, nothing personal."""

from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale

from .formatting import when_text


def in_language(instance, language):
    """``instance``'s translation in ``language`` (a live one, for pages), else itself."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None or instance.locale_id == locale.pk:
        return instance
    other = instance.get_translation_or_none(locale)
    if other is None or (hasattr(other, "live") and not other.live):
        return instance
    return other


def summary(booking):
    """Plain values describing ``booking`` in its language (call inside
    ``translation.override(booking.language)``)."""
    kind = in_language(booking.appointment_type, booking.language)
    clinic = in_language(booking.clinic, booking.language)
    in_person = booking.appointment_type.mode == booking.appointment_type.Mode.IN_PERSON
    time_zone = booking.clinic.time_zone
    return {
        "reference": booking.reference,
        "type_name": kind.name,
        "what_to_expect": kind.what_to_expect,
        "mode": str(booking.appointment_type.Mode(booking.appointment_type.mode).label),
        "in_person": in_person,
        "when": when_text(booking.start, time_zone),
        "time_zone": time_zone,
        "clinic_name": clinic.title,
        "clinic_phone": booking.clinic.phone,
        "clinic_phone_href": clinic.phone_href,
        "address": booking.clinic.address_text if in_person else "",
        "confirmed": booking.is_confirmed,
    }


def calendar_file(booking):
    """The .ics of ``booking``: what, where, when, the clinic's phone, the reference."""
    from .ics import calendar

    with translation.override(booking.language):
        values = summary(booking)
        location = values["address"] or gettext("Phone call from %(clinic)s") % {
            "clinic": values["clinic_name"]
        }
        description = "\n".join(
            part
            for part in (
                values["what_to_expect"],
                gettext("Clinic phone: %(phone)s") % {"phone": values["clinic_phone"]},
                gettext("Reference: %(reference)s") % {"reference": values["reference"]},
            )
            if part
        )
        return calendar(
            uid=f"{booking.access_key}@booking",
            start=booking.start,
            end=booking.end,
            summary=f"{values['type_name']} – {values['clinic_name']}",
            location=location,
            description=description,
            created=booking.created_at,
            time_zone=values["time_zone"],
            sequence=booking.version,
            cancelled=not booking.is_confirmed,
        )
