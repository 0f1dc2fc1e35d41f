"""Factories for the locations app (see locations/models/)."""

import datetime
from decimal import Decimal

import factory
import wagtail_factories

from locations.models import (
    LocationIndexPage,
    LocationPage,
    OpeningHours,
    OpeningHoursException,
)


class LocationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Locations"
    slug = "locations"
    intro = "<p>Find the clinic nearest to you.</p>"

    class Meta:
        model = LocationIndexPage


class LocationPageFactory(wagtail_factories.PageFactory):
    """A clinic with complete address and contact details (no hours: add them)."""

    title = factory.Sequence(lambda n: f"Test clinic {n}")
    slug = factory.Sequence(lambda n: f"test-clinic-{n}")
    street_address = factory.Sequence(lambda n: f"{100 + n} Example Ave")
    city = "Portland"
    region = "OR"
    postal_code = "97205"
    country = "US"
    latitude = Decimal("45.515200")
    longitude = Decimal("-122.678400")
    phone = "(503) 555-0142"
    notification_email = "intake@example.test"
    time_zone = "America/Los_Angeles"

    class Meta:
        model = LocationPage


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(LocationPageFactory)
    weekday = 0
    opens = datetime.time(9, 0)
    closes = datetime.time(17, 0)

    class Meta:
        model = OpeningHours


class OpeningHoursExceptionFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(LocationPageFactory)
    date = datetime.date(2026, 12, 25)
    closed = True
    note = "Christmas Day"

    class Meta:
        model = OpeningHoursException
