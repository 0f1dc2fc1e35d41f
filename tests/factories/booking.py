"""Factories for booking: staff with weekly hours, appointment types, the page."""

import datetime

import factory
import wagtail_factories

from booking.models import AppointmentType, AvailabilityRule, BookingPage, StaffMember


class BookingPageFactory(wagtail_factories.PageFactory):
    title = "Book a time"
    slug = "book"
    intro = "<p>Choose a time that suits you.</p>"

    class Meta:
        model = BookingPage


class StaffMemberFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Coordinator {n}")

    class Meta:
        model = StaffMember


class AvailabilityRuleFactory(factory.django.DjangoModelFactory):
    staff = factory.SubFactory(StaffMemberFactory)
    weekday = 0
    starts = datetime.time(9, 0)
    ends = datetime.time(12, 0)

    class Meta:
        model = AvailabilityRule


class AppointmentTypeFactory(factory.django.DjangoModelFactory):
    name = "Free 15-minute phone consultation"
    description = "A short call with an intake coordinator."
    what_to_expect = "An intake coordinator calls you at the time you chose."
    duration_minutes = 15
    buffer_before_minutes = 0
    buffer_after_minutes = 5
    slot_interval_minutes = 15
    minimum_notice_hours = 2
    booking_window_days = 14

    class Meta:
        model = AppointmentType


def staff_with_hours(clinic, weekdays=range(5), starts=datetime.time(9), ends=datetime.time(12)):
    """A staff member of ``clinic`` working ``starts``–``ends`` on ``weekdays``."""
    member = StaffMemberFactory(clinic=clinic)
    for weekday in weekdays:
        AvailabilityRuleFactory(staff=member, weekday=weekday, starts=starts, ends=ends)
    return member
