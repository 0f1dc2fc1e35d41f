"""Emails about a consultation request, with none of the visitor's answers.

- The intake team's alert goes to the chosen clinic's notification address
  (from its location page), else to the consultation page's "to address". It
  says which clinic, when, and links to the request in the admin (sign-in
  required). Nothing else.
- The visitor's confirmation says the request arrived and gives the clinic's
  phone number. Nothing the visitor typed is echoed back.

``send_notifications`` runs after the submission is committed and again from
``manage.py retry_consultation_notifications``: it sends only what has not
been sent yet, records failures on the submission (without personal data),
logs them, and never raises.
"""

import logging
import smtplib

from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import Site

logger = logging.getLogger(__name__)


def _one_line(text):
    return " ".join(str(text).split())


def describe_error(exc):
    """A failure description without personal data (no addresses, no message text)."""
    name = type(exc).__name__
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(value[0]) for value in exc.recipients.values()})
        return f"{name} ({', '.join(codes)})"
    if code:
        return f"{name} ({code})"
    return name


def _site_settings(page):
    from home.models import SiteSettings

    site = page.get_site() if page is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site is not None else None


def staff_recipients(submission, page):
    location = submission.location
    if location is not None and location.notification_email:
        return [location.notification_email]
    if page is not None and page.to_address:
        return [address.strip() for address in page.to_address.split(",") if address.strip()]
    return []


def build_staff_email(submission, page):
    recipients = staff_recipients(submission, page)
    if not recipients:
        raise NoRecipientError("no notification address configured")
    clinic = submission.location_name or "No clinic chosen"
    subject = (page.subject if page is not None and page.subject else "") or (
        "New consultation request"
    )
    body = render_to_string(
        "forms_app/emails/staff_notification.txt",
        {
            "clinic": clinic,
            "received": timezone.localtime(submission.submit_time),
            "admin_url": submission.admin_url,
            "reference": submission.pk,
        },
    )
    return EmailMessage(
        subject=_one_line(f"{subject} – {clinic}"),
        body=body,
        from_email=(page.from_address if page is not None else "") or None,
        to=recipients,
    )


def build_visitor_email(submission, page):
    site_settings = _site_settings(page)
    location = submission.location
    phone = (location.phone if location is not None else "") or (
        site_settings.phone if site_settings is not None else ""
    )
    subject = (page.confirmation_subject if page is not None else "") or (
        "We received your consultation request"
    )
    body = render_to_string(
        "forms_app/emails/visitor_confirmation.txt",
        {
            "text": page.confirmation_text if page is not None else "",
            "phone": phone,
            "clinic_name": site_settings.clinic_name if site_settings is not None else "",
        },
    )
    return EmailMessage(
        subject=_one_line(subject),
        body=body,
        from_email=(page.from_address if page is not None else "") or None,
        to=[submission.confirmation_email],
    )


class NoRecipientError(Exception):
    pass


def _lock(queryset):
    """Lock the row so the retry command and the request never send twice."""
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True, of=("self",))
    return queryset


def send_notifications(submission_id):
    """Send the alert and the confirmation that are still due. Returns the final status."""
    from .models import ConsultationSubmission

    Notification = ConsultationSubmission.Notification
    with transaction.atomic():
        submission = (
            _lock(ConsultationSubmission.objects.filter(pk=submission_id))
            .select_related("location")
            .first()
        )
        if submission is None or submission.notification_status not in (
            Notification.PENDING,
            Notification.FAILED,
        ):
            return submission.notification_status if submission is not None else None
        page = submission.page.specific if submission.page_id else None

        errors = []
        if submission.staff_notified_at is None:
            try:
                build_staff_email(submission, page).send(fail_silently=False)
            except Exception as exc:  # any failure: keep the request, retry later
                errors.append(f"alert: {describe_error(exc)}")
            else:
                submission.staff_notified_at = timezone.now()
        if submission.confirmation_email and submission.visitor_notified_at is None:
            try:
                build_visitor_email(submission, page).send(fail_silently=False)
            except Exception as exc:
                errors.append(f"confirmation: {describe_error(exc)}")
            else:
                submission.visitor_notified_at = timezone.now()

        submission.notification_attempts += 1
        submission.notification_last_attempt_at = timezone.now()
        if errors:
            submission.notification_status = Notification.FAILED
            submission.notification_last_error = "; ".join(errors)[:255]
            logger.error(
                "Consultation request #%s: email failed (attempt %s): %s. "
                "The request is stored; retry_consultation_notifications will retry.",
                submission.pk,
                submission.notification_attempts,
                submission.notification_last_error,
            )
        else:
            submission.notification_status = Notification.SENT
            submission.notification_last_error = ""
        submission.save(
            update_fields=[
                "staff_notified_at",
                "visitor_notified_at",
                "notification_attempts",
                "notification_last_attempt_at",
                "notification_status",
                "notification_last_error",
            ]
        )
        return submission.notification_status


def send_notifications_after_commit(submission_id):
    """The on-commit callback: the visitor's request is stored, so never fail it."""
    try:
        send_notifications(submission_id)
    except Exception:
        logger.exception(
            "Consultation request #%s: notification step failed; it stays pending for "
            "retry_consultation_notifications.",
            submission_id,
        )
