"""The intake team's morning digest (Account → Intake digest, opt in).

The worker runs ``send_intake_digests`` every 15 minutes (WORKER_SCHEDULE);
from ``INTAKE_DIGEST_HOUR`` (local time, TIME_ZONE) each subscribed
coordinator gets one email a day: the number of new, overdue and
needs-review requests per clinic and a link to the list. Counts only, never
a name, a phone number or an answer, so nothing private travels by email.

Each day's email is claimed before it is sent (``last_sent_on`` set to
today in one conditional UPDATE), so two workers or a rerun never send it
twice; a failed send (the mail server down) gives the claim back and the
next run tries again. The window left: a worker killed between sending and
the end of the run has already claimed the day, so at worst a digest is
missed, never doubled.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import intake

logger = logging.getLogger(__name__)


def digest_hour():
    return int(getattr(settings, "INTAKE_DIGEST_HOUR", 7))


def can_receive(user):
    return (
        user.is_active
        and bool(user.email)
        and user.has_perm("forms_app.view_consultationsubmission")
    )


def build_email(rows, to):
    totals = intake.totals(rows)
    subject = (
        f"Consultation requests this morning: {totals['new']} new, "
        f"{totals['overdue']} overdue, {totals['review']} need review"
    )
    lines = ["Good morning. Consultation requests waiting, by clinic:", ""]
    if rows:
        for name, counts in rows:
            lines.append(
                f"- {name}: {counts['new']} new, {counts['overdue']} overdue, "
                f"{counts['review']} need review"
            )
    else:
        lines.append("No new, overdue or needs-review requests.")
    index = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("consultation_requests:index")
    lines += [
        "",
        f"Overdue requests: {index}?overdue=true",
        f"Assigned to you: {index}?assigned=me",
        "",
        "This email holds counts only. To stop it, untick 'Intake digest' in your "
        "account settings in the admin.",
    ]
    return EmailMessage(
        subject=subject,
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )


def send_intake_digests(now=None):
    """Send today's digests not sent yet; returns how many went out."""
    from .models import IntakeDigestSubscription

    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < digest_hour():
        return 0
    today = local.date()
    due = IntakeDigestSubscription.objects.filter(
        Q(last_sent_on__isnull=True) | Q(last_sent_on__lt=today)
    ).select_related("user")
    rows, sent = None, 0
    for subscription in due:
        user = subscription.user
        if not can_receive(user):
            continue
        claimed = (
            IntakeDigestSubscription.objects.filter(pk=subscription.pk)
            .filter(Q(last_sent_on__isnull=True) | Q(last_sent_on__lt=today))
            .update(last_sent_on=today)
        )
        if not claimed:
            continue  # another worker has it
        if rows is None:
            rows = intake.counts_by_clinic(now)
        try:
            build_email(rows, user.email).send()
        except Exception:
            logger.exception("Intake digest for user %s not sent; retried next run", user.pk)
            IntakeDigestSubscription.objects.filter(pk=subscription.pk).update(
                last_sent_on=subscription.last_sent_on
            )
            continue
        sent += 1
    return sent
