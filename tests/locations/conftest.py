import datetime

import pytest

from core.models import SiteSettings
from tests.factories.home import StandardPageFactory
from tests.factories.locations import (
    LocationIndexPageFactory,
    LocationPageFactory,
    OpeningHoursExceptionFactory,
    OpeningHoursFactory,
)

T = datetime.time


@pytest.fixture
def locations_index(home_page):
    return LocationIndexPageFactory(parent=home_page)


@pytest.fixture
def upcoming_holiday():
    """A date in the future whatever day the tests run (exceptions in the past are
    not shown)."""
    return datetime.date.today() + datetime.timedelta(days=30)


def make_location(parent, slug, title, city, phone, hours, holiday=None, **fields):
    location = LocationPageFactory(
        parent=parent,
        slug=slug,
        title=title,
        short_name=city,
        city=city,
        phone=phone,
        **fields,
    )
    for weekday, opens, closes in hours:
        OpeningHoursFactory(page=location, weekday=weekday, opens=opens, closes=closes)
    if holiday:
        OpeningHoursExceptionFactory(page=location, date=holiday, closed=True, note="Holiday")
    return location


@pytest.fixture
def portland(locations_index, upcoming_holiday):
    return make_location(
        locations_index,
        "portland",
        "Portland, OR",
        "Portland",
        "(503) 555-0142",
        [(0, T(9), T(17)), (1, T(9), T(17)), (2, T(9), T(12)), (2, T(13), T(17))],
        holiday=upcoming_holiday,
        street_address="1234 SW Example Street",
        postal_code="97205",
    )


@pytest.fixture
def hood_river(locations_index):
    return make_location(
        locations_index,
        "hood-river",
        "Hood River, OR",
        "Hood River",
        "(541) 555-0167",
        [(day, T(9), T(16)) for day in range(5)],
        street_address="567 Example Avenue",
        postal_code="97031",
        latitude="45.705400",
        longitude="-121.521500",
    )


@pytest.fixture
def consultation_page(home_page, site):
    """Stands in for the consultation form page (forms_app), chosen in the settings."""
    consultation = StandardPageFactory(
        parent=home_page, slug="request-a-consultation", title="Request a consultation"
    )
    settings = SiteSettings.for_site(site)
    settings.consultation_page = consultation
    settings.save()
    return consultation
