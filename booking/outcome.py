"""The intake team's side of a booking: what came of it (its outcome) and
who looks after it (its assignee), recorded from the booking's admin page or
from its row in the intake workspace (booking.intake). Needs "Can cancel or
move bookings", the permission that works bookings; each outcome is logged
with its note ("booking.outcome"), each change of assignee too
("booking.assign")."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.log_actions import log

from .groups import GROUP_NAME
from .models import Booking


def coordinators():
    """Active users who work bookings: the intake group and superusers."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=GROUP_NAME) | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "last_name", User.USERNAME_FIELD)
    )


def display_name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


class CoordinatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[("", "None yet")] + Booking.Outcome.choices, required=False
    )
    assigned_to = CoordinatorChoiceField(
        queryset=None, required=False, empty_label="Nobody", label="Assigned to"
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Kept in the booking's history (no health details).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = coordinators()


def outcome_view(request, pk):
    if not request.user.has_perm("booking.cancel_booking"):
        return TemplateResponse(
            request, "booking/admin/forbidden.html", {"header_title": "Bookings"}, status=403
        )
    booking = get_object_or_404(
        Booking.objects.select_related("assigned_to").filter(is_block=False), pk=pk
    )
    inspect_url = reverse("bookings:inspect", args=[booking.pk])
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = OutcomeForm(
        request.POST or None,
        initial={"outcome": booking.outcome, "assigned_to": booking.assigned_to},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        before = booking.assigned_to
        booking.outcome = data["outcome"]
        booking.assigned_to = data["assigned_to"]
        booking.save(update_fields=["outcome", "assigned_to"])
        log(
            booking,
            "booking.outcome",
            user=request.user,
            data={"outcome": booking.outcome, "note": data["note"]},
        )
        if before != booking.assigned_to:
            log(
                booking,
                "booking.assign",
                user=request.user,
                data={"from": display_name(before), "to": display_name(booking.assigned_to)},
            )
        messages.success(request, f"Outcome of {booking.reference} recorded.")
        return redirect(next_url or inspect_url)
    return TemplateResponse(
        request,
        "booking/admin/outcome.html",
        {
            "booking": booking,
            "form": form,
            "next": next_url,
            "inspect_url": inspect_url,
            "header_title": f"Record the outcome of {booking.reference}",
        },
        status=400 if request.method == "POST" else 200,
    )
