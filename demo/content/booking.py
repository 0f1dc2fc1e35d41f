"""Demo content of booking: staff with weekly hours at each demo clinic,
appointment types, and /book/ (with its Spanish translation, /es/reservar/).

Runs after the clinics (it needs them) and before the home page's sections
are built (which link /book/ from their call-to-action band). Idempotent:
a staff member, a type or the page is created only when missing, never
changed afterwards.
"""

import datetime

from wagtail.models import Locale

from booking.groups import grant_booking_permissions
from booking.models import AppointmentType, AvailabilityRule, BookingPage, StaffMember
from demo.common import DATA, get_or_create_page, translate_demo_pages, translate_snippet
from locations.models import LocationPage

INTRO = (
    "<p>Pick a time for a free, no-commitment call with our intake team, or for a first "
    "visit. It takes about two minutes and needs no account. We never ask about your "
    "health on this page.</p>"
)
CONFIRMATION_INTRO = (
    "<p>Thank you. We also sent you a confirmation email with a calendar file, when you "
    "gave us an email address.</p>"
)

# clinic slug -> staff: (name, [(weekdays, starts, ends)])
STAFF = {
    "portland": [
        (
            "Portland intake coordinator",
            [
                (range(5), datetime.time(9), datetime.time(12)),
                (range(5), datetime.time(13), datetime.time(17)),
            ],
        ),
        ("Portland psychiatric clinician", [((1, 3), datetime.time(10), datetime.time(16))]),
    ],
    "hood-river": [
        ("Hood River intake coordinator", [((0, 2, 4), datetime.time(9), datetime.time(15))]),
    ],
}

PHONE_CALL = {
    "name": "Free 15-minute phone consultation",
    "description": "A short call with an intake coordinator about your options, costs and "
    "next steps.",
    "what_to_expect": "An intake coordinator calls you at the time you chose, from the "
    "clinic's number. Have a few minutes somewhere you can talk. There is no commitment.",
    "mode": AppointmentType.Mode.PHONE,
    "spanish_available": True,
    "duration_minutes": 15,
    "buffer_after_minutes": 5,
    "minimum_notice_hours": 12,
    "booking_window_days": 28,
    "sort_order": 1,
}
EVALUATION = {
    "name": "First visit: 60-minute psychiatric evaluation",
    "description": "An in-person first visit with one of our clinicians.",
    "what_to_expect": "Please arrive ten minutes early. Bring a photo ID and your insurance "
    "card if you have one. Plan for about an hour.",
    "mode": AppointmentType.Mode.IN_PERSON,
    "spanish_available": False,
    "duration_minutes": 60,
    "buffer_before_minutes": 15,
    "buffer_after_minutes": 15,
    "slot_interval_minutes": 30,
    "minimum_notice_hours": 48,
    "booking_window_days": 42,
    "daily_cap": 3,
    "sort_order": 2,
}
# clinic slug -> [(type, staff names)]
TYPES = {
    "portland": [
        (PHONE_CALL, ["Portland intake coordinator"]),
        (EVALUATION, ["Portland psychiatric clinician"]),
    ],
    "hood-river": [(PHONE_CALL, ["Hood River intake coordinator"])],
}


def english_clinic(slug):
    return LocationPage.objects.filter(slug=slug, locale=Locale.get_default()).first()


def load(demo):
    grant_booking_permissions()
    for slug, members in STAFF.items():
        clinic = english_clinic(slug)
        if clinic is None:
            continue
        for name, rules in members:
            if StaffMember.objects.filter(clinic=clinic, name=name).exists():
                continue
            member = StaffMember(clinic=clinic, name=name)
            member.availability_rules = [
                AvailabilityRule(weekday=weekday, starts=starts, ends=ends)
                for weekdays, starts, ends in rules
                for weekday in weekdays
            ]
            member.save()
            demo.log(f"staff member {name!r}")
    for slug, kinds in TYPES.items():
        clinic = english_clinic(slug)
        if clinic is None:
            continue
        for fields, staff_names in kinds:
            existing = AppointmentType.objects.filter(
                clinic=clinic, name=fields["name"], locale=Locale.get_default()
            )
            if existing.exists():
                continue
            kind = AppointmentType.objects.create(clinic=clinic, **fields)
            kind.staff.set(StaffMember.objects.filter(clinic=clinic, name__in=staff_names))
            demo.log(f"appointment type {kind.name!r} at {clinic.title}")
    privacy = demo.home_page.get_children().filter(slug="privacy").first()
    get_or_create_page(
        demo,
        demo.home_page,
        BookingPage,
        "book",
        title="Book a time",
        intro=INTRO,
        confirmation_intro=CONFIRMATION_INTRO,
        privacy_page=privacy,
        search_description=(
            "Book a free phone consultation or a first visit at Rainfall Medicine in "
            "Portland or Hood River, Oregon, online in two minutes."
        ),
    )


def translate(demo):
    """The Spanish booking page and appointment types (demo/data/booking/es/)."""
    pages = list(demo.home_page.get_children().type(BookingPage))
    translate_demo_pages(demo, "booking", pages)
    po_path = DATA / "booking" / "es" / "appointment-types.po"
    for kind in AppointmentType.objects.filter(locale=Locale.get_default()):
        translate_snippet(demo, kind, po_path)
