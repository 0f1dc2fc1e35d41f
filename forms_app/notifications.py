"""Emails about a consultation request, with none of the visitor's answers.

- The intake team's alert goes to the chosen clinic's notification address
  (from its location page), else to the consultation page's "to address". It
  says which clinic, when, whether the request needs review (and why: too
  fast, no valid form token), and links to the request in the admin (sign-in
  required). Nothing else.
- The visitor's confirmation says the request arrived and gives the clinic's
  phone number. Nothing the visitor typed is echoed back.

``send_notifications`` runs in the background worker (forms_app.tasks),
enqueued with the submission in the same transaction, and again from the
scheduled sweep (``manage.py retry_consultation_notifications``). Each email
is claimed by one conditional UPDATE before it is sent and marked after, so
a retry never sends it twice.

The claim is fenced and renewed while the mail server is being talked to
(core.mail_claims): a slow mail server never lets a second worker take the
email, a worker whose claim was taken does not send, and a worker killed
while sending (before the mail server accepted the message) has its email
sent by the next retry ``MAIL_CLAIM_SECONDS`` (a minute) later, once.

What is left: a worker killed (or a database away for all of
``core.mail_claims.MARK_RETRY_PAUSES``, about 30 s) in the moment between the mail server's
acceptance and the mark, a few milliseconds, has that email sent again
``MAIL_CLAIM_SECONDS`` later. Such a copy carries the same Message-ID
(``message_id``: per request and kind of email), so mail systems that
drop duplicates by Message-ID show it once. Failures are recorded on the
submission (without personal data) and logged.
"""

import logging
import smtplib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Site

from core.mail_claims import MailClaim

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
    from core.models import SiteSettings

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
    """The intake alert: in the site's default language (English) whatever
    language the visitor wrote in; it names the clinic and links the
    request, never its contents."""
    with translation.override(settings.LANGUAGE_CODE):
        return _build_staff_email(submission, page)


def _build_staff_email(submission, page):
    recipients = staff_recipients(submission, page)
    if not recipients:
        raise NoRecipientError("no notification address configured")
    clinic = submission.location_name or "No clinic chosen"
    subject = (page.subject if page is not None and page.subject else "") or (
        "New consultation request"
    )
    needs_review = submission.status == submission.Status.REVIEW
    if needs_review:
        subject = f"{subject} (needs review)"
    body = render_to_string(
        "forms_app/emails/staff_notification.txt",
        {
            "clinic": clinic,
            "received": timezone.localtime(submission.submit_time),
            "admin_url": submission.admin_url,
            "reference": submission.pk,
            "review_reason": submission.flag_reason if needs_review else "",
        },
    )
    return EmailMessage(
        subject=_one_line(f"{subject} – {clinic}"),
        body=body,
        from_email=(page.from_address if page is not None else "") or None,
        to=recipients,
    )


def build_visitor_email(submission, page):
    """The visitor's confirmation, in the language of the form they sent
    (the request's language; the page is that language's form)."""
    with translation.override(submission.language or settings.LANGUAGE_CODE):
        return _build_visitor_email(submission, page)


def _build_visitor_email(submission, page):
    site_settings = _site_settings(page)
    location = submission.location
    phone = (location.phone if location is not None else "") or (
        site_settings.phone if site_settings is not None else ""
    )
    subject = (page.confirmation_subject if page is not None else "") or gettext(
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


# kind: (when it was sent, when a worker claimed it, the builder)
KINDS = {
    "alert": ("staff_notified_at", "staff_claimed_at", build_staff_email),
    "confirmation": ("visitor_notified_at", "visitor_claimed_at", build_visitor_email),
}


def _claim_fields(submission_id, kind):
    sent_field, claim_field, _build = KINDS[kind]
    return {
        "sent_field": sent_field,
        "claim_field": claim_field,
        "label": f"Consultation request #{submission_id}: the {kind}",
    }


def _claim(submission_id, kind):
    """Take the email for this worker (core.mail_claims): the claim's
    value, this worker's token, or None."""
    from .models import ConsultationSubmission

    claim = MailClaim.take(
        ConsultationSubmission, submission_id, **_claim_fields(submission_id, kind)
    )
    return claim.token if claim is not None else None


def claim_for(submission_id, kind, token):
    """This worker's claim on one email, from its token (core.mail_claims)."""
    from .models import ConsultationSubmission

    return MailClaim(
        ConsultationSubmission, submission_id, token=token, **_claim_fields(submission_id, kind)
    )


def message_id(submission, kind):
    """The same Message-ID for every copy of one email (an idempotency key:
    mail systems that drop duplicates by Message-ID show a resent copy once)."""
    host = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").hostname
    stamp = int(submission.submit_time.timestamp()) if submission.submit_time else 0
    return f"<consultation-{submission.pk}-{stamp}-{kind}@{host or 'localhost'}>"


def _send_one(submission, page, kind):
    """(whether this worker claimed the email, the error description or "")."""
    sent_field, _claim_field, build = KINDS[kind]
    if getattr(submission, sent_field) is not None:
        return False, ""
    if kind == "confirmation" and not submission.confirmation_email:
        return False, ""
    token = _claim(submission.pk, kind)
    if token is None:
        return False, ""  # sent meanwhile, or another worker is sending it now
    claim = claim_for(submission.pk, kind, token)
    try:
        message = build(submission, page)
        message.extra_headers["Message-ID"] = message_id(submission, kind)
        if not claim.send(message):
            return False, ""  # taken by another worker meanwhile: it sends
    except Exception as exc:  # any failure: keep the request, give the claim back, retry later
        claim.release()
        return True, f"{kind}: {describe_error(exc)}"
    claim.mark_sent()
    return True, ""


def send_notifications(submission_id):
    """Send the alert and the confirmation that are still due, each at most
    once: claimed before it is sent, marked after. Returns the final status."""
    from .models import ConsultationSubmission

    Notification = ConsultationSubmission.Notification
    submission = (
        ConsultationSubmission.objects.filter(pk=submission_id).select_related("location").first()
    )
    if submission is None or submission.notification_status not in (
        Notification.PENDING,
        Notification.FAILED,
    ):
        return submission.notification_status if submission is not None else None
    page = submission.page.specific if submission.page_id else None

    outcomes = [_send_one(submission, page, kind) for kind in KINDS]
    errors = [error for _acted, error in outcomes if error]

    submission.refresh_from_db(fields=["staff_notified_at", "visitor_notified_at"])
    done = submission.staff_notified_at is not None and (
        submission.visitor_notified_at is not None or not submission.confirmation_email
    )
    if not done and not any(acted for acted, _error in outcomes):
        # Another worker holds the claims: it records the outcome.
        return submission.notification_status
    if errors:
        status = Notification.FAILED
        last_error = "; ".join(errors)[:255]
        logger.error(
            "Consultation request #%s: email failed: %s. "
            "The request is stored; the worker retries it.",
            submission.pk,
            last_error,
        )
    else:
        status = Notification.SENT if done else Notification.PENDING
        last_error = ""
    ConsultationSubmission.objects.filter(pk=submission.pk).update(
        notification_status=status,
        notification_last_error=last_error,
        notification_attempts=F("notification_attempts") + 1,
        notification_last_attempt_at=timezone.now(),
    )
    return status
