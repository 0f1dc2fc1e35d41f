"""Fixtures of the booking tests: a clinic with a holiday, a coordinator
working weekday mornings, a 15-minute phone consultation and /book/."""

import datetime

import pytest

from tests.factories.booking import AppointmentTypeFactory, BookingPageFactory, staff_with_hours
from tests.factories.home import StandardPageFactory
from tests.factories.locations import (
    LocationIndexPageFactory,
    LocationPageFactory,
    OpeningHoursExceptionFactory,
)


@pytest.fixture
def clinic(home_page):
    index = LocationIndexPageFactory(parent=home_page)
    clinic = LocationPageFactory(
        parent=index, title="Portland", slug="portland", phone="(503) 555-0142"
    )
    # Christmas Day: closed (a Friday in 2026).
    OpeningHoursExceptionFactory(page=clinic, date=datetime.date(2026, 12, 25), closed=True)
    return clinic


@pytest.fixture
def coordinator(clinic):
    """Monday to Friday, 9:00 to 12:00, Portland time."""
    return staff_with_hours(clinic)


@pytest.fixture
def phone_call(clinic, coordinator):
    kind = AppointmentTypeFactory(clinic=clinic)
    kind.staff.add(coordinator)
    return kind


@pytest.fixture
def booking_page(home_page, phone_call):
    privacy = StandardPageFactory(parent=home_page, title="Privacy policy", slug="privacy")
    return BookingPageFactory(parent=home_page, privacy_page=privacy)


def details(**overrides):
    data = {
        "name": "Ada Example",
        "email": "ada@example.test",
        "phone": "",
        "contact_language": "en",
    }
    data.update(overrides)
    return data


def form_data(kind, time, **overrides):
    data = {
        "type": str(kind.pk),
        "time": time,
        "name": "Ada Example",
        "email": "ada@example.test",
        "phone": "503-555-0199",
        "contact_language": "en",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
