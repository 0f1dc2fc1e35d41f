"""The visitor's booking journey in the browser: from the home page to a
booked time in English and in Spanish (under 10 interactions each, no
account), then cancelling by the emailed link frees the time again."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from booking.availability import Availability
from booking.models import Booking

pytestmark = pytest.mark.django_db(transaction=True)

JOURNEYS = [
    # (home, booking page, the words on the way, visitor)
    ("/", "/book/", "Show free times", "Book this time", "Your booking is confirmed", "en"),
    (
        "/es/",
        "/es/reservar/",
        "Ver horas libres",
        "Reservar esta hora",
        "Su cita está confirmada",
        "es",
    ),
]


def book_from_home(page, home, book_path, show, submit, language):
    """The visitor's steps from the home page; returns how many it took."""
    page.goto(home)
    steps = [
        lambda: page.locator(f'main a[href="{book_path}"]').first.click(),
        lambda: page.locator(".booking__type input[type=radio]").first.check(),
        lambda: page.get_by_role("button", name=show).click(),
        lambda: page.locator(".booking__time-list input[type=radio]").first.check(),
        lambda: page.locator("#id_name").fill(f"Visitor {language}"),
        lambda: page.locator("#id_email").fill(f"visitor-{language}@example.test"),
        lambda: page.locator("#id_consent").check(),
        lambda: page.get_by_role("button", name=submit).click(),
    ]
    for step in steps:
        step()
    return len(steps)


def assert_one_row_per_option(page, options):
    """At 390 px each option is one tappable row: its radio inside the label,
    beside the words (not above them), the label at least 44 px high."""
    labels = page.locator(options)
    assert labels.count() > 0
    for index in range(labels.count()):
        label = labels.nth(index)
        box = label.bounding_box()
        radio = label.locator("input[type=radio]").bounding_box()
        words = label.locator("span").first.bounding_box()
        assert box["height"] >= 44, box
        assert radio["y"] >= box["y"] and radio["y"] + radio["height"] <= box["y"] + box["height"]
        assert radio["x"] + radio["width"] <= words["x"]  # beside, not above
        assert words["y"] < radio["y"] + radio["height"]


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_booking_from_the_home_page_in_both_languages_then_cancelling(
    clinic_clock, live_site, page
):
    # The phone layout: the types (the clinic's city on a line of its own), then the times.
    page.goto("/book/")
    assert_one_row_per_option(page, ".booking__type label")
    name = page.locator(".booking__type strong").first.bounding_box()
    city = page.locator(".booking__option-place").first.bounding_box()
    assert city["y"] >= name["y"] + name["height"] - 1
    page.locator(".booking__type input[type=radio]").first.check()
    page.get_by_role("button", name="Show free times").click()
    assert_one_row_per_option(page, ".booking__time-list label")

    for home, book_path, show, submit, confirmed, language in JOURNEYS:
        interactions = book_from_home(page, home, book_path, show, submit, language)
        expect(page.locator("h1")).to_have_text(confirmed)
        assert interactions < 10
        booking = Booking.objects.get(email=f"visitor-{language}@example.test")
        assert booking.language == language and booking.is_confirmed

    # Cancel the Spanish booking by the link of its email: the time is free again.
    (email,) = [m for m in mail.outbox if m.to == ["visitor-es@example.test"]]
    (link,) = re.findall(r"https?://\S+/cambiar/\S+/", email.body)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Mover o cancelar su cita")
    page.get_by_role("button", name="Cancelar mi cita").click()
    expect(page.locator("h1")).to_have_text("Esta cita fue cancelada")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert Availability(booking.appointment_type).slot_at(booking.start) is not None
