"""Booking in the admin: appointment types and staff (with their weekly
hours) as snippets under "Booking", and the bookings themselves
(booking.admin_views)."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import BookingViewSet
from .models import AppointmentType, StaffMember


class AppointmentTypeViewSet(SnippetViewSet):
    model = AppointmentType
    icon = "calendar-alt"
    menu_label = "Appointment types"
    list_display = ["name", "clinic", "duration_minutes", "mode", "active"]
    list_filter = ["clinic", "active", "locale"]


class StaffMemberViewSet(SnippetViewSet):
    model = StaffMember
    icon = "user"
    menu_label = "Staff and hours"
    list_display = ["name", "clinic", "active"]
    list_filter = ["clinic", "active"]


class BookingSnippetGroup(SnippetViewSetGroup):
    menu_label = "Booking setup"
    menu_icon = "calendar-alt"
    menu_order = 230
    items = (AppointmentTypeViewSet, StaffMemberViewSet)


register_snippet(BookingSnippetGroup)


@hooks.register("register_admin_viewset")
def register_bookings():
    return BookingViewSet()


class AgendaMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("booking.view_booking")


@hooks.register("register_admin_menu_item")
def register_agenda_menu_item():
    """Bookings › Agenda (booking.agenda), right below the bookings."""
    return AgendaMenuItem(
        "Bookings agenda", reverse("bookings:agenda"), icon_name="table", order=221
    )


@hooks.register("register_log_actions")
def register_booking_log_actions(actions):
    actions.register_action("booking.view", "View booking", "Viewed the booking")
    actions.register_action("booking.cancel", "Cancel booking", "Cancelled the booking")
    actions.register_action("booking.move", "Move booking", "Moved the booking")
    actions.register_action("booking.export", "Export booking", "Exported the booking")
    actions.register_action("booking.block", "Block time", "Blocked the time")
    actions.register_action("booking.outcome", "Record outcome", "Recorded the outcome")
    actions.register_action("booking.assign", "Assign booking", "Assigned the booking")
    actions.register_action(
        "booking.retention_delete", "Delete booking (retention)", "Deleted by the retention policy"
    )
