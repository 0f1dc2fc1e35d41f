"""Bookings in the Wagtail admin: a list, a detail page, moving and cancelling.

Only users with the model permissions get in (the "Intake coordinators"
group, given them by migration 0003, and superusers), as with the intake
workspace's consultation requests: marketing editors get a refusal on every
URL here. Nobody creates or edits a booking in the admin (visitors book);
moving or cancelling needs "Can cancel bookings" ("cancel or move"); a
cancellation frees the time at once, a move takes a free time of the same
type, and either emails the visitor. Each view of a booking, each move and
each cancellation is in its history.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log
from wagtail.permissions import ModelPermissionPolicy

from core.phone import tel_href

from .agenda import agenda_view
from .models import Booking
from .outcome import display_name, outcome_view
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


# Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class BookingIndexView(generic.IndexView):
    """The list, and its export (CSV/XLSX, Wagtail's built-in) for users
    with "Can export bookings": each booking exported is logged, times are
    the clinic's, spreadsheet formulas are neutralised."""

    export_filename = "bookings"

    def dispatch(self, request, *args, **kwargs):
        if self.is_export and not request.user.has_perm("booking.export_booking"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def show_export_buttons(self):
        return self.request.user.has_perm("booking.export_booking")

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for field in ("start", "created_at"):
            if field in row and row[field]:
                row[field] = local_time(getattr(item, field), item.clinic.time_zone)
        return row

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            value = "'" + value
        return value

    def render_to_response(self, context, **response_kwargs):
        if not self.is_export:
            return super().render_to_response(context, **response_kwargs)
        bookings = list(context["object_list"])
        for booking in bookings:
            log(booking, "booking.export", user=self.request.user)
        return super().render_to_response(context, **response_kwargs)

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("appointment_type", "clinic", "staff")
            .order_by("start")
        )

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        buttons.append(HeaderButton("Agenda", url=reverse("bookings:agenda"), icon_name="date"))
        if self.request.user.has_perm("booking.cancel_booking"):
            buttons.append(
                HeaderButton("Block time", url=reverse("bookings:block"), icon_name="lock")
            )
            buttons.append(
                HeaderButton("Calendar feeds", url=reverse("bookings:feeds"), icon_name="date")
            )
        return buttons


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
            (
                "Appointment type",
                "Blocked time" if booking.is_block else booking.appointment_type.name,
            ),
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
            ("Outcome", booking.get_outcome_display() if booking.outcome else "None yet"),
            ("Assigned to", display_name(booking.assigned_to) or "Nobody"),
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
        if not user.has_perm("booking.cancel_booking"):
            return []
        outcome = [
            HeaderButton(
                "Record outcome",
                url=reverse("bookings:outcome", args=[self.object.pk]),
                icon_name="comment",
            )
        ]
        if not self.object.is_confirmed:
            return [] if self.object.is_block else outcome
        if self.object.is_block:
            return [
                HeaderButton(
                    "Free this time",
                    url=reverse("bookings:cancel", args=[self.object.pk]),
                    icon_name="cross",
                )
            ]
        return outcome + [
            HeaderButton(
                "Move booking",
                url=reverse("bookings:move", args=[self.object.pk]),
                icon_name="date",
            ),
            HeaderButton(
                "Cancel booking",
                url=reverse("bookings:cancel", args=[self.object.pk]),
                icon_name="cross",
            ),
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


def move_view(request, pk):
    """GET: a day's free times of the booking's type; POST: move it there
    (any staff member who takes the type and is free then), log it and
    email the visitor the new time."""
    from .availability import Availability, parse_slot_value
    from .models.page import parse_day
    from .service import BookingChanged, SlotUnavailable, reschedule
    from .views import day_context, slot_items

    if not request.user.has_perm("booking.cancel_booking"):
        raise PermissionDenied
    booking = get_object_or_404(
        Booking.objects.select_related("clinic", "staff", "appointment_type__clinic"), pk=pk
    )
    inspect_url = reverse("bookings:inspect", args=[booking.pk])
    if not booking.is_confirmed or booking.is_block:
        messages.warning(request, f"{booking.reference} cannot move (cancelled, or blocked time).")
        return redirect(inspect_url)
    zone = booking.clinic.time_zone
    context = {
        "booking": booking,
        "when": local_time(booking.start, zone),
        "inspect_url": inspect_url,
        "header_title": f"Move booking {booking.reference}",
    }
    status = 200
    if request.method == "POST":
        before = booking.start
        start = parse_slot_value(request.POST.get("time"))
        try:
            if start is None:
                raise SlotUnavailable([], taken=False)
            reschedule(booking, start)
        except BookingChanged:
            messages.warning(request, f"Booking {booking.reference} changed meanwhile.")
            return redirect(inspect_url)
        except SlotUnavailable as unavailable:
            context.update(
                error="That time is not free (any more). Choose another.",
                nearest=bool(unavailable.nearest),
                slots=slot_items(unavailable.nearest, zone),
            )
            return TemplateResponse(request, "booking/admin/move.html", context, status=409)
        log(
            booking,
            "booking.move",
            user=request.user,
            data={"from": before.isoformat(), "to": booking.start.isoformat()},
        )
        messages.success(
            request,
            f"Booking {booking.reference} moved to {local_time(booking.start, zone)}; "
            "the visitor is emailed the new time.",
        )
        return redirect(inspect_url)
    availability = Availability(booking.appointment_type, moving=booking.pk)
    context.update(day_context(availability.days(), parse_day(request.GET.get("day")), zone))
    return TemplateResponse(request, "booking/admin/move.html", context, status=status)


class BlockForm(forms.Form):
    staff = forms.ModelChoiceField(queryset=None, label="Staff member")
    day = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label="From", widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label="To", widget=forms.TimeInput(attrs={"type": "time"}))
    reason = forms.CharField(
        max_length=200, help_text="For the staff side only (e.g. 'Team meeting')."
    )

    def __init__(self, *args, **kwargs):
        from .models import StaffMember

        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = StaffMember.objects.filter(active=True).select_related(
            "clinic"
        )

    def clean(self):
        import datetime
        import zoneinfo

        data = super().clean()
        if self.errors:
            return data
        if data["ends"] <= data["starts"]:
            raise forms.ValidationError("The end must be after the start.")
        zone = zoneinfo.ZoneInfo(data["staff"].clinic.time_zone or "America/Los_Angeles")
        data["start_at"] = datetime.datetime.combine(data["day"], data["starts"], tzinfo=zone)
        data["end_at"] = datetime.datetime.combine(data["day"], data["ends"], tzinfo=zone)
        return data


def block_view(request):
    """Block a staff member's time (in their clinic's time zone): a busy
    range the exclusion constraint keeps bookings out of."""
    from .service import BlockOverlaps, block_time

    if not request.user.has_perm("booking.cancel_booking"):
        raise PermissionDenied
    form = BlockForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                block = block_time(data["staff"], data["start_at"], data["end_at"], data["reason"])
            except BlockOverlaps:
                form.add_error(None, "That time holds a booking: move or cancel it first.")
                status = 409
            else:
                log(block, "booking.block", user=request.user)
                messages.success(request, f"Time blocked for {data['staff'].name}.")
                return redirect("bookings:index")
    return TemplateResponse(
        request,
        "booking/admin/block.html",
        {"form": form, "header_title": "Block time"},
        status=status,
    )


def feeds_view(request):
    """Each staff member's private calendar feed: its address, a new
    address (the old one stops working) or none."""
    import uuid

    from django.conf import settings

    from .models import StaffMember

    if not request.user.has_perm("booking.cancel_booking"):
        raise PermissionDenied
    if request.method == "POST":
        member = get_object_or_404(StaffMember, pk=request.POST.get("staff"))
        turn_on = request.POST.get("action") == "new"
        member.calendar_feed_key = uuid.uuid4() if turn_on else None
        member.save(update_fields=["calendar_feed_key"])
        if turn_on:
            messages.success(request, f"{member.name} has a new feed address; the old one is off.")
        else:
            messages.success(request, f"{member.name}'s calendar feed is off.")
        return redirect("bookings:feeds")
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    members = [
        {
            "member": member,
            "url": base + reverse("booking_calendar_feed", args=[member.calendar_feed_key])
            if member.calendar_feed_key
            else "",
        }
        for member in StaffMember.objects.filter(active=True).select_related("clinic")
    ]
    return TemplateResponse(
        request,
        "booking/admin/feeds.html",
        {"members": members, "header_title": "Staff calendar feeds"},
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
    list_filter = ["status", "is_block", "clinic", "staff"]
    search_fields = ["reference", "name", "email", "phone"]
    list_export = [
        "reference",
        "start",
        "appointment_type",
        "clinic",
        "staff",
        "name",
        "email",
        "phone",
        "contact_language",
        "status",
        "created_at",
    ]
    export_headings = {
        "reference": "Reference",
        "start": "When (clinic time)",
        "appointment_type": "Appointment type",
        "clinic": "Clinic",
        "staff": "Staff member",
        "name": "Name",
        "email": "Email",
        "phone": "Phone",
        "contact_language": "Preferred contact language",
        "status": "Status",
        "created_at": "Booked at (clinic time)",
    }
    search_backend_name = None
    form_fields = ["status"]

    @property
    def permission_policy(self):
        return BookingPermissionPolicy(self.model)

    def get_urlpatterns(self):
        hidden = {"add", "copy", "usage", "edit"}
        patterns = [p for p in super().get_urlpatterns() if p.name not in hidden]
        patterns.append(path("cancel/<int:pk>/", cancel_view, name="cancel"))
        patterns.append(path("move/<int:pk>/", move_view, name="move"))
        patterns.append(path("feeds/", feeds_view, name="feeds"))
        patterns.append(path("block/", block_view, name="block"))
        patterns.append(path("agenda/", agenda_view, name="agenda"))
        patterns.append(path("outcome/<int:pk>/", outcome_view, name="outcome"))
        return patterns

    def get_permissions_to_register(self):
        codenames = [get_permission_codename(action, self.model_opts) for action in ("add",)]
        return super().get_permissions_to_register().exclude(codename__in=codenames)

    def get_common_view_kwargs(self, **kwargs):
        kwargs = super().get_common_view_kwargs(**kwargs)
        kwargs.update(add_url_name=None, usage_url_name=None, edit_url_name=None)
        return kwargs
