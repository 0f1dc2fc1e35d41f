"""Demo content of the locations app: /locations/ with the Portland and Hood River
clinics. Street addresses, phone numbers and emails are fictional (555-01xx);
the coordinates are the cities' real ones. Idempotent: creates only what is
missing and never changes what exists.

The holidays are the next Christmas Day and New Year's Day from the day the
content is loaded (that day included): a clinic's past closures are no longer
shown, so fixed dates would vanish from the demo after a year.
"""

import datetime
import zoneinfo
from decimal import Decimal

from demo.common import add_menu_link, demo_alt, demo_image, get_or_create_page, use_demo_image
from locations.models import (
    DEFAULT_TIME_ZONE,
    LocationIndexPage,
    LocationPage,
    OpeningHours,
    OpeningHoursException,
)

SERVICES = [
    "Ketamine infusion therapy",
    "Spravato treatment",
    "Medication management",
    "Psychiatric evaluation",
]

T = datetime.time

LOCATIONS = [
    {
        "slug": "portland",
        "fields": {
            "title": "Portland, OR",
            "short_name": "Portland",
            "street_address": "1234 SW Example Street, Suite 300",
            "city": "Portland",
            "region": "OR",
            "postal_code": "97205",
            "country": "US",
            "latitude": Decimal("45.515200"),
            "longitude": Decimal("-122.678400"),
            "phone": "(503) 555-0142",
            "fax": "(503) 555-0143",
            "email": "portland@rainfall-medicine.example",
            "notification_email": "portland-intake@rainfall-medicine.example",
            "intro": "<p>Our downtown clinic, a short walk from the MAX light rail.</p>",
            "parking": "<p>Paid parking in the garage next door; validated for two hours "
            "at the front desk. MAX stops within two blocks.</p>",
            "accessibility": "<p>Step-free entrance on the street side, lift to all floors "
            "and an accessible restroom on our floor.</p>",
            "search_description": "Ketamine therapy and psychiatric care for depression "
            "at our Portland, Oregon clinic: hours, directions and phone.",
        },
        # Monday to Friday; Wednesday closes for lunch.
        "hours": [
            (0, T(9), T(17)),
            (1, T(9), T(17)),
            (2, T(9), T(12)),
            (2, T(13), T(17)),
            (3, T(9), T(17)),
            (4, T(9), T(17)),
        ],
        "illustration": "portland-street",
    },
    {
        "slug": "hood-river",
        "fields": {
            "title": "Hood River, OR",
            "short_name": "Hood River",
            "street_address": "567 Example Avenue",
            "city": "Hood River",
            "region": "OR",
            "postal_code": "97031",
            "country": "US",
            "latitude": Decimal("45.705400"),
            "longitude": Decimal("-121.521500"),
            "phone": "(541) 555-0167",
            "email": "hoodriver@rainfall-medicine.example",
            "notification_email": "hoodriver-intake@rainfall-medicine.example",
            "intro": "<p>Care in the Columbia River Gorge, for Hood River and the "
            "surrounding communities.</p>",
            "parking": "<p>Free parking behind the building.</p>",
            "accessibility": "<p>Ground-floor clinic with a step-free entrance and an "
            "accessible restroom.</p>",
            "search_description": "Ketamine therapy and psychiatric care for depression "
            "at our Hood River, Oregon clinic: hours, directions and phone.",
        },
        "hours": [
            (0, T(9), T(17)),
            (1, T(9), T(17)),
            (2, T(9), T(17)),
            (3, T(9), T(17)),
            (4, T(9), T(16)),
        ],
        "illustration": "columbia-gorge",
    },
]


# The rooms each clinic's gallery shows (demo/images/<slug>-<room>.jpg), with
# their captions; the alternative text is each illustration's description.
GALLERY = [
    ("entrance", "The entrance"),
    ("waiting-room", "The waiting room"),
    ("treatment-room", "A treatment room"),
]


def gallery(demo, slug):
    """The raw gallery of the clinic ``slug``: its rooms, drawn for the demo."""
    photos = []
    for room, caption in GALLERY:
        key = f"{slug}-{room}"
        image = demo_image(demo, key)
        photos.append(
            {
                "type": "photo",
                "value": {
                    "image": {"image": image.pk, "alt_text": demo_alt(key), "decorative": False},
                    "caption": caption,
                },
            }
        )
    return photos


def add_gallery(demo, page):
    """A gallery for a demo clinic loaded before galleries existed: only
    while it has none and no draft (an editor's gallery or draft stays)."""
    if len(page.gallery) or not page.live or page.has_unpublished_changes:
        return
    page.gallery = gallery(demo, page.slug)
    page.save_revision().publish()
    demo.log(f"gallery on {page.url_path}")


# (month, day, note): every clinic is closed on these days.
HOLIDAYS = [(12, 25, "Christmas Day"), (1, 1, "New Year's Day")]


def next_date(month, day, today):
    """The next ``month``/``day`` on or after ``today``."""
    this_year = datetime.date(today.year, month, day)
    return this_year if this_year >= today else this_year.replace(year=today.year + 1)


def upcoming_holidays(today=None):
    """[(date, note)] of the next holidays, in date order (from the clinics'
    today, the day their pages count from)."""
    today = today or datetime.datetime.now(zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)).date()
    return sorted((next_date(month, day, today), note) for month, day, note in HOLIDAYS)


def load(demo):
    index = get_or_create_page(
        demo,
        demo.home_page,
        LocationIndexPage,
        "locations",
        title="Locations",
        intro="<p>Two clinics in Oregon. Call the one nearest to you, or request a "
        "consultation online.</p>",
        search_description="Our clinics in Portland and Hood River, Oregon: addresses, "
        "opening hours, directions and phone numbers.",
    )
    for spec in LOCATIONS:
        existing = index.get_children().filter(slug=spec["slug"]).first()
        if existing is not None:
            use_demo_image(demo, existing.specific, "image", "image_alt", spec["illustration"])
            add_gallery(demo, LocationPage.objects.get(pk=existing.pk))
            continue
        fields = dict(spec["fields"])
        fields["image"] = demo_image(demo, spec["illustration"])
        fields["image_alt"] = demo_alt(spec["illustration"])
        fields["gallery"] = gallery(demo, spec["slug"])
        fields["services"] = [("service", name) for name in SERVICES]
        fields["opening_hours"] = [
            OpeningHours(weekday=day, opens=opens, closes=closes, sort_order=i)
            for i, (day, opens, closes) in enumerate(spec["hours"])
        ]
        fields["hours_exceptions"] = [
            OpeningHoursException(date=day, closed=True, note=note, sort_order=i)
            for i, (day, note) in enumerate(upcoming_holidays())
        ]
        get_or_create_page(demo, index, LocationPage, spec["slug"], **fields)
    add_menu_link(demo, "header_links", index, "Locations")


def translate(demo):
    """The Spanish clinic pages (demo/data/locations/es/)."""

    from demo.common import translate_demo_pages

    index = demo.home_page.get_children().type(LocationIndexPage).first()
    if index is None:
        return
    pages = [index, *index.get_children().order_by("path")]
    translate_demo_pages(demo, "locations", pages)
