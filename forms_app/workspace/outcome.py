"""Recording an outcome after a call, from the request's page or the list:
the status, the next follow-up time (by the clinic's business days, see
forms_app.intake) and the assignee, logged with the coordinator's note
("forms_app.outcome"); a change of assignee, here or in the edit view, is
logged too ("forms_app.assign")."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.admin import messages as admin_messages
from wagtail.admin.views import generic
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.log_actions import log

from .. import intake
from ..models import ConsultationSubmission
from .columns import contact_keys, first_answer, follow_up_text

# The log actions that make up a request's follow-up history.
FOLLOW_UP_ACTIONS = ("forms_app.outcome", "forms_app.assign")


def outcome_url(submission, next_url=None):
    url = reverse("consultation_requests:outcome", args=[submission.pk])
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return url


def log_assignment(submission, before_id, user):
    if submission.assigned_to_id != before_id:
        log(
            submission,
            "forms_app.assign",
            user=user,
            data={"to": intake.display_name(submission.assigned_to)},
        )


class OutcomeForm(forms.ModelForm):
    """One step after a call: what happened, a note, when to call next, who."""

    field_order = ["outcome", "note", "follow_up_due", "assigned_to"]
    outcome = forms.ChoiceField(widget=forms.RadioSelect, label="Outcome")
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the request's history, seen only by the intake team.",
    )

    class Meta:
        model = ConsultationSubmission
        fields = ["assigned_to", "follow_up_due"]
        widgets = {"follow_up_due": AdminDateTimeInput}
        labels = {"follow_up_due": "Next follow-up"}
        help_texts = {
            "follow_up_due": (
                "Leave empty for the usual: after 'Contacted' two business days, after "
                "'Left voicemail' the next business day, none after the others."
            )
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.value, o.label) for o in intake.outcomes()]
        self.fields["assigned_to"].queryset = intake.coordinators()
        self.fields["assigned_to"].label_from_instance = intake.display_name
        self.fields["assigned_to"].empty_label = "Nobody"
        self.fields["assigned_to"].help_text = "The coordinator following this request up."
        self.initial["follow_up_due"] = None
        if self.instance.assigned_to_id is None and intake.is_coordinator(user):
            self.initial["assigned_to"] = user.pk

    def clean_follow_up_due(self):
        due = self.cleaned_data.get("follow_up_due")
        if due is not None and due < timezone.now() - datetime.timedelta(minutes=1):
            raise forms.ValidationError("Choose a time from now on.")
        return due


class SubmissionOutcomeView(generic.EditView):
    """Record an outcome from the request view or the list: sets the status,
    the next follow-up time and the assignee; logged with the note."""

    view_name = "outcome"
    page_title = "Record an outcome"
    template_name = "forms_app/admin/outcome.html"
    submit_button_label = "Record outcome"
    submit_button_active_label = "Recording…"
    error_message = "The outcome could not be recorded: check the fields below."
    outcome_url_name = None

    def get_panel(self):
        return None

    def get_form_class(self):
        return OutcomeForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_edit_url(self):
        return outcome_url(self.object, self.next_url)

    @cached_property
    def next_url(self):
        candidate = self.request.POST.get("next") or self.request.GET.get("next")
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={self.request.get_host()}, require_https=False
        ):
            return candidate
        return None

    def get_success_url(self):
        return self.next_url or self.get_inspect_url()

    def get_success_buttons(self):
        return [admin_messages.button(self.get_inspect_url(), "View request")]

    def save_instance(self):
        submission = self.object
        before_status = (
            ConsultationSubmission.objects.filter(pk=submission.pk)
            .values_list("status", "assigned_to_id")
            .first()
        ) or (None, None)
        outcome = intake.outcome_named(self.form.cleaned_data["outcome"])
        due = self.form.cleaned_data.get("follow_up_due")
        if due is None and outcome.follow_up_days:
            due = intake.due_after(submission.location, timezone.now(), outcome.follow_up_days)
        submission.status = outcome.status
        submission.follow_up_due = due
        submission.assigned_to = self.form.cleaned_data.get("assigned_to")
        submission.save(update_fields=["status", "follow_up_due", "assigned_to"])
        log(
            submission,
            "forms_app.outcome",
            user=self.request.user,
            data={
                "outcome": outcome.value,
                "label": outcome.label,
                "note": self.form.cleaned_data.get("note", ""),
                "from": before_status[0],
                "to": outcome.status,
                "follow_up_due": due.isoformat() if due else None,
            },
        )
        log_assignment(submission, before_status[1], self.request.user)
        self.outcome = outcome
        return submission

    def get_success_message(self):
        return f"Recorded '{self.outcome.label}' for {self.object}."

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        keys = contact_keys()  # one query for both answers
        context["summary"] = [
            ("Name", first_answer(keys["name"])(self.object)),
            ("Phone", first_answer(keys["phone"])(self.object)),
            ("Clinic", self.object.location_name or "No clinic chosen"),
            ("Status", self.object.get_status_display()),
            ("Follow-up due", follow_up_text(self.object)),
        ]
        context["next_url"] = self.next_url
        return context
