"""Moving or cancelling a booking by the signed link of its emails and
confirmation page (booking.links), without an account and without
JavaScript: the booking, a day's free times of the same appointment type to
move to, and a button to cancel. A link that is wrong, expired or already
used gets a page saying so, with the clinic's phone number."""

from django.utils import translation
from django.utils.translation import gettext

from . import links
from .availability import Availability, parse_slot_value
from .models.page import parse_day
from .presenting import summary
from .service import BookingChanged, SlotUnavailable, cancel, reschedule
from .views import day_context, slot_items

TEMPLATE = "booking/change.html"
LINK_TEMPLATE = "booking/change_link.html"


def link_problem(page, request, booking, reason):
    messages = {
        links.INVALID: gettext("This link is not valid. Please check that it was copied in full."),
        links.EXPIRED: gettext(
            "This link has expired: the booking has begun or the link is too old."
        ),
        links.USED: gettext(
            "This link was already used: the booking was moved or cancelled since. "
            "The latest email we sent you has the current link."
        ),
    }
    context = {"reason": reason, "message": messages[reason]}
    if booking is not None:
        with translation.override(booking.language):
            context["booking"] = summary(booking)
    return page.render(request, LINK_TEMPLATE, context, status=404 if reason == "invalid" else 410)


def change_step(page, request, token):
    booking, reason = links.resolve(token)
    if reason is None and booking.page_id not in (None, page.pk):
        reason = links.INVALID
    if reason is not None:
        return link_problem(page, request, booking, reason)
    with translation.override(booking.language):
        values = summary(booking)
    kind = booking.appointment_type
    availability = Availability(kind, moving=booking.pk)
    context = {"booking": values, "token": token, "time_zone": kind.clinic.time_zone}
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                if not cancel(booking, by_visitor=True):
                    raise BookingChanged
                return page.redirect_to(page.confirmation_path(booking))
            start = parse_slot_value(request.POST.get("time"))
            if start is None:
                context["time_error"] = gettext("Choose a time.")
                status = 400
            else:
                reschedule(booking, start, by_visitor=True)
                return page.redirect_to(page.confirmation_path(booking))
        except BookingChanged:
            booking.refresh_from_db()
            return link_problem(page, request, booking, links.USED)
        except SlotUnavailable as unavailable:
            context.update(
                {
                    "unavailable": True,
                    "taken": unavailable.taken,
                    "nearest": True,
                    "slots": slot_items(unavailable.nearest, context["time_zone"]),
                }
            )
            return page.render(request, TEMPLATE, context, status=409)
    context.update(
        day_context(availability.days(), parse_day(request.GET.get("day")), context["time_zone"])
    )
    return page.render(request, TEMPLATE, context, status=status)
