"""One request in the workspace: its page (inspect: state, answers by their
labels, consent, emails, follow-up history; each view logged as
"forms_app.view") and its edit view (status, assignee, follow-up time and
internal notes; a status change logged as "forms_app.status_change" besides
Wagtail's own "wagtail.edit")."""

from django.template.defaultfilters import linebreaksbr
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from core.phone import tel_href

from .. import intake
from ..models import ConsultationPage, ConsultationSubmission
from .columns import age, contact_keys, follow_up_text, local_time
from .outcome import FOLLOW_UP_ACTIONS, log_assignment, outcome_url


class SubmissionInspectView(generic.InspectView):
    def get(self, request, *args, **kwargs):
        log(self.object, "forms_app.view", user=request.user)
        return super().get(request, *args, **kwargs)

    def get_fields_context(self):
        """The request's state first, then the answers by their labels, then consent."""
        submission = self.object
        page = submission.page.specific if submission.page_id else None
        labels = {}
        if isinstance(page, ConsultationPage):
            labels = {field.clean_name: field.label for field in page.form_fields.all()}
        attempts = submission.notification_attempts
        emails = (
            f"{submission.get_notification_status_display()} "
            f"({attempts} attempt{'' if attempts == 1 else 's'})"
        )
        if submission.notification_last_error:
            emails += f"; last error: {submission.notification_last_error}"
        fields = [
            _row("Received", f"{local_time(submission.submit_time)} ({age(submission)} ago)"),
            _row("Clinic", submission.location_name or "No clinic chosen"),
            _row("Language", submission.get_language_display()),
            _row("Status", submission.get_status_display()),
            _row("Assigned to", intake.display_name(submission.assigned_to)),
            _row("Follow-up due", follow_up_text(submission)),
            _row("Follow-up history", self.follow_up_history()),
            _row("Internal notes", submission.internal_notes),
        ]
        if submission.landing_page or submission.referrer or submission.campaign:
            # Where the visit started (first-party visit counting, no cookie).
            fields.append(_row("Visit started on", submission.landing_page or "Not known"))
            fields.append(_row("Referring site", submission.referrer or "None (direct)"))
            if submission.campaign:
                fields.append(_row("Campaign", submission.campaign))
        if submission.spam_reason:
            fields.append(_row("Flagged because", submission.flag_reason))
        keys = contact_keys()
        for name, value in submission.form_data.items():
            label = labels.get(name, name.replace("_", " ").capitalize())
            if value and isinstance(value, str) and name in keys["phone"]:
                value = phone_link(value)
            elif value and isinstance(value, str) and name in keys["email"]:
                value = email_link(value)
            fields.append(_row(label, value))
        fields += [
            _row(
                "Consent",
                f"Given {local_time(submission.consent_at)}"
                if submission.consent_given and submission.consent_at
                else "Not recorded",
            ),
            _row("Consent wording shown", submission.consent_text),
            _row("Emails", emails),
        ]
        return fields

    def follow_up_history(self):
        """Outcomes and assignments, newest first, as the history view has them."""
        entries = (
            ModelLogEntry.objects.for_instance(self.object)
            .filter(action__in=FOLLOW_UP_ACTIONS)
            .select_related("user")
            .order_by("-timestamp", "-id")[:20]
        )
        if not entries:
            return ""
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {} ({})</li>",
                (
                    (
                        local_time(entry.timestamp),
                        entry.message,
                        intake.display_name(entry.user) or "system",
                    )
                    for entry in entries
                ),
            ),
        )

    @cached_property
    def header_buttons(self):
        if not self.permission_policy.user_has_permission(self.request.user, "change"):
            return []
        return [HeaderButton("Record outcome", url=outcome_url(self.object), icon_name="comment")]


def phone_link(number):
    """A tel: link in E.164, as the site's "Call" links dial (core.phone)."""
    href = tel_href(number)
    return format_html('<a href="{}">{}</a>', href, number) if href else number


def email_link(address):
    """A mailto: link, for an answer that is one address (the form validated it)."""
    address = address.strip()
    if " " in address or address.count("@") != 1 or any(c in address for c in "?&#<>\"'"):
        return address
    return format_html('<a href="mailto:{}">{}</a>', address, address)


def _row(label, value):
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    if isinstance(value, str):
        value = linebreaksbr(value, autoescape=True) if value else "–"
    return {"label": label, "value": value, "component": None}


class SubmissionEditView(generic.EditView):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if "assigned_to" in form.fields:
            form.fields["assigned_to"].queryset = intake.coordinators()
        return form

    def save_instance(self):
        # The form already changed the instance in memory: read the stored state.
        before = (
            ConsultationSubmission.objects.filter(pk=self.object.pk)
            .values("status", "assigned_to_id")
            .first()
        ) or {"status": None, "assigned_to_id": None}
        instance = super().save_instance()
        if instance.status != before["status"]:
            log(
                instance,
                "forms_app.status_change",
                user=self.request.user,
                data={"from": before["status"], "to": instance.status},
            )
        log_assignment(instance, before["assigned_to_id"], self.request.user)
        return instance
