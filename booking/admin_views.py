"""Bookings in the Wagtail admin: a list, a detail page and cancelling.

Only users with the model permissions get in (the "Intake coordinators"
group, given them by migration 0003, and superusers), as with the intake
workspace's consultation requests: marketing editors get a refusal on every
URL here. Nobody creates or edits a booking in the admin (visitors book);
cancelling needs "Can cancel bookings" and frees the time at once. Each view
of a booking and each cancellation is in its history.
"""

from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log
from wagtail.permissions import ModelPermissionPolicy

from core.phone import tel_href

from .models import Booking
from .service import cancel


def local_time(value, time_zone):
    import zoneinfo

    return value.astimezone(zoneinfo.ZoneInfo(time_zone)).strftime("%a %d %b %Y, %H:%M %Z")


class BookingPermissionPolicy(ModelPermissionPolicy):
    """Model permissions; nobody adds or edits bookings here (visitors book)."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class WhenColumn(Column):
    def get_value(self, instance):
        return local_time(instance.start, instance.clinic.time_zone)


class BookingIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("appointment_type", "clinic", "staff")
            .order_by("start")
        )


class BookingInspectView(generic.InspectView):
    def get(self, request, *args, **kwargs):
        log(self.object, "booking.view", user=request.user)
        return super().get(request, *args, **kwargs)

    def get_fields_context(self):
        booking = self.object
        zone = booking.clinic.time_zone
        phone = booking.phone
        rows = [
            ("Reference", booking.reference),
            ("Status", booking.get_status_display()),
            ("When", f"{local_time(booking.start, zone)} – {local_time(booking.end, zone)}"),
            ("Appointment type", booking.appointment_type.name),
            ("Clinic", booking.clinic.title),
            ("Staff member", booking.staff.name),
            ("Name", booking.name),
            (
                "Phone",
                format_html('<a href="{}">{}</a>', tel_href(phone), phone)
                if phone and tel_href(phone)
                else phone or "–",
            ),
            (
                "Email",
                format_html('<a href="mailto:{}">{}</a>', booking.email, booking.email)
                if booking.email
                else "–",
            ),
            ("Preferred contact language", booking.get_contact_language_display()),
            ("Booked on the page in", booking.get_language_display()),
            ("Booked at", local_time(booking.created_at, zone)),
            ("Consent wording agreed to", booking.consent_text),
            ("Confirmation email", booking.get_email_status_display()),
            (
                "Clinic alert",
                f"Sent {local_time(booking.alert_sent_at, zone)}"
                if booking.alert_sent_at
                else "Not sent",
            ),
        ]
        if booking.cancelled_at:
            rows.append(("Cancelled at", local_time(booking.cancelled_at, zone)))
        return [
            {"label": label, "value": value if value != "" else "–", "component": None}
            for label, value in rows
        ]

    @property
    def header_buttons(self):
        user = self.request.user
        if not (self.object.is_confirmed and user.has_perm("booking.cancel_booking")):
            return []
        return [
            HeaderButton(
                "Cancel booking",
                url=reverse("bookings:cancel", args=[self.object.pk]),
                icon_name="cross",
            )
        ]


def cancel_view(request, pk):
    """GET: are you sure? POST: cancel (the time is free again) and log it."""
    if not request.user.has_perm("booking.cancel_booking"):
        raise PermissionDenied
    booking = get_object_or_404(Booking.objects.select_related("clinic"), pk=pk)
    inspect_url = reverse("bookings:inspect", args=[booking.pk])
    if request.method == "POST":
        if cancel(booking):
            log(
                booking,
                "booking.cancel",
                user=request.user,
                data={"at": timezone.now().isoformat()},
            )
            messages.success(
                request, f"Booking {booking.reference} cancelled; the time is free again."
            )
        else:
            messages.warning(request, f"Booking {booking.reference} was already cancelled.")
        return redirect(inspect_url)
    return TemplateResponse(
        request,
        "booking/admin/cancel.html",
        {
            "booking": booking,
            "when": local_time(booking.start, booking.clinic.time_zone),
            "inspect_url": inspect_url,
            "header_title": f"Cancel booking {booking.reference}",
        },
    )


class BookingViewSet(ModelViewSet):
    model = Booking
    name = "bookings"
    url_prefix = "bookings"
    icon = "date"
    menu_label = "Bookings"
    menu_order = 220
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    index_view_class = BookingIndexView
    inspect_view_class = BookingInspectView
    list_display = [
        "reference",
        WhenColumn("start", label="When", sort_key="start"),
        "appointment_type",
        "clinic",
        "staff",
        "name",
        "status",
    ]
    list_filter = ["status", "clinic", "staff"]
    search_fields = ["reference", "name", "email", "phone"]
    search_backend_name = None
    form_fields = ["status"]

    @property
    def permission_policy(self):
        return BookingPermissionPolicy(self.model)

    def get_urlpatterns(self):
        hidden = {"add", "copy", "usage", "edit"}
        patterns = [p for p in super().get_urlpatterns() if p.name not in hidden]
        patterns.append(path("cancel/<int:pk>/", cancel_view, name="cancel"))
        return patterns

    def get_permissions_to_register(self):
        codenames = [get_permission_codename(action, self.model_opts) for action in ("add",)]
        return super().get_permissions_to_register().exclude(codename__in=codenames)

    def get_common_view_kwargs(self, **kwargs):
        kwargs = super().get_common_view_kwargs(**kwargs)
        kwargs.update(add_url_name=None, usage_url_name=None, edit_url_name=None)
        return kwargs
