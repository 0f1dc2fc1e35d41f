"""The submissions service: storing a consultation request and handing it to
the notifications.

A visitor's request is the most important thing this site stores. Once the
consultation page has validated it (builder fields, lengths, formats,
consent), ``store_request`` stores it in one transaction, and only after the
commit are two emails sent that contain none of the visitor's answers: an
alert to the clinic's intake address (location, time, admin link) and a
confirmation to the visitor. The emails are a task (forms_app.tasks) stored
in that same transaction, and each is claimed before it is sent and marked
after (forms_app.notifications), so a retry never sends one twice. A failed
email never loses a request: the submission records the failure and
``manage.py retry_consultation_notifications`` sends it later.

What the request stores besides the answers: the clinic chosen, the
language of the form the visitor read, the consent wording as they saw it,
whether it looked automated (forms_app.spam), and where the visit started
(landing page, referring site, campaign: core.conversions, counted without
a cookie). A stored request that is not spam counts as a conversion in the
visit figures.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from core import conversions
from core.i18n import page_language
from core.tasks import enqueue

from . import spam
from .models import ConsultationSubmission
from .tasks import send_consultation_emails


def store_request(page, form):
    """Store the request once; notify after the commit. Returns (submission, created).

    ``form`` is the page's valid form (forms_app.forms). A honeypot hit is
    stored with the status "spam" and no email. A post that was too fast or
    had no valid token may be a person's: it is stored as "needs review" and
    both emails go out (the alert says it needs a look). The same filled-in
    form posted twice (a double click) is stored once.
    """
    now = timezone.now()
    location = form.selected_location
    visit = getattr(form, "visit_attribution", None) or conversions.empty_attribution()
    fields = {
        "page": page,
        "form_data": form.get_submission_data(),
        "location": location,
        "location_name": location.title if location else "",
        "consent_given": True,
        "consent_at": now,
        "consent_text": consent_wording_shown(page),
        "submission_key": form.submission_key,
        "confirmation_email": form.visitor_email,
        # The language of the form the visitor read (and of their confirmation).
        "language": page_language(page),
        "landing_page": visit["landing_path"],
        "referrer": visit["referrer"],
        "campaign": conversions.campaign_name(visit["source"], visit["medium"], visit["campaign"]),
    }
    if spam.is_spam(form.spam_reason):
        fields.update(
            status=ConsultationSubmission.Status.SPAM,
            spam_reason=form.spam_reason,
            notification_status=ConsultationSubmission.Notification.SKIPPED,
        )
    elif form.spam_reason:
        fields.update(
            status=ConsultationSubmission.Status.REVIEW,
            spam_reason=form.spam_reason,
        )
    try:
        submission = _store(fields)
    except IntegrityError:
        existing = ConsultationSubmission.objects.filter(
            submission_key=fields["submission_key"]
        ).first()
        if existing is not None and _same_answers(existing.form_data, fields["form_data"]):
            return existing, False
        # Same form, different answers: a new request, keep it.
        fields["submission_key"] = None
        submission = _store(fields)
    if submission.status != ConsultationSubmission.Status.SPAM:
        # A conversion for the visit figures, after the commit.
        conversions.record_conversion("consultation", visit, submission.language)
    return submission, True


def _store(fields):
    with transaction.atomic():
        submission = ConsultationSubmission.objects.create(**fields)
        if submission.notification_status == ConsultationSubmission.Notification.PENDING:
            # Stored with the request (the worker's queue is a table):
            # both or neither. The visitor's answer never waits for mail.
            enqueue(send_consultation_emails, submission.pk)
    return submission


def _same_answers(stored, new):
    def canonical(data):
        return json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True)

    return canonical(stored) == canonical(new)


def consent_wording_shown(page):
    """The consent wording as the visitor saw it on ``page``, with the pages
    it links (full URLs): what the request stores."""
    wording = page.consent_text
    site = page.get_site()
    root = site.root_url if site is not None else ""
    # The links in the page's language, whatever language is active.
    with translation.override(page_language(page)):
        links = page.consent_links()
    for link in links:
        url = link["url"]
        if url.startswith("/"):
            url = f"{root}{url}"
        wording = f"{wording} [{link['text']}: {url}]"
    return wording
