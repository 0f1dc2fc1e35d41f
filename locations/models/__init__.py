"""Clinic locations: an index page and one page per clinic, with opening hours.

One module per page type, plus the clinic page's admin form and its
opening-hours rows. Other code imports from here (``from locations.models
import LocationPage``), not from the modules behind it, so those can be
rearranged without touching their callers.
"""

from locations.maps import map_for_points

from .admin_form import LocationPageForm, format_date
from .index_page import LocationIndexPage
from .location_page import (
    DEFAULT_TIME_ZONE,
    NOTE_FEATURES,
    LocationPage,
    validate_time_zone,
)
from .opening_hours import WEEKDAYS, OpeningHours, OpeningHoursException, TimeRangeFields

__all__ = [
    "DEFAULT_TIME_ZONE",
    "NOTE_FEATURES",
    "WEEKDAYS",
    "LocationIndexPage",
    "LocationPage",
    "LocationPageForm",
    "OpeningHours",
    "OpeningHoursException",
    "TimeRangeFields",
    "format_date",
    "map_for_points",
    "validate_time_zone",
]
