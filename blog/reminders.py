"""Reminders to medical reviewers that an article's review is coming due or
is overdue (the worker runs ``send_review_reminders`` every hour, see
WORKER_SCHEDULE).

An article whose next review is due within ``MEDICAL_REVIEW_REMINDER_DAYS``
gets one "coming due" email, and one "overdue" email once the date has
passed, to its medical reviewer's account (or, when it has none, to every
active member of the Medical reviewers group). The email names the article
and links to it in the admin; it quotes nothing of its text. Each reminder
is a ``ReviewReminder`` row claimed before it is sent, so two workers or a
rerun never send it twice; one whose sending failed (the mail server down)
is released and tried again on the next run.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

logger = logging.getLogger(__name__)

# A claim older than this was left by a worker that stopped mid-send.
STALE_CLAIM = datetime.timedelta(hours=1)


def reminder_days():
    return int(getattr(settings, "MEDICAL_REVIEW_REMINDER_DAYS", 30))


def recipients_for(article):
    """Email addresses of who should review ``article``."""
    from .editorial import MEDICAL_REVIEWERS
    from .reviews import is_medical_reviewer

    person = article.medical_reviewer if article.medical_reviewer_id else None
    user = person.user if person is not None and person.user_id else None
    if user is not None and user.email and is_medical_reviewer(user):
        return [user.email]
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=MEDICAL_REVIEWERS)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def build_email(article, kind, due_on, to):
    from .models import ReviewReminder

    date = f"{due_on:%B} {due_on.day}, {due_on.year}"
    if kind == ReviewReminder.OVERDUE:
        subject = f"Medical review overdue: {article.title}"
        first = f"The medical review of this article was due on {date} and is overdue."
    else:
        subject = f"Medical review due {date}: {article.title}"
        first = f"The medical review of this article is due on {date}."
    edit_url = admin_url(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    body = "\n".join(
        [
            first,
            "",
            f"Article: {article.title}",
            f"Review it in the admin: {edit_url}",
            "If it needs no change, use “Reviewed, no change needed” on that page.",
            "",
            f"Every review coming due: {admin_url(reverse('blog_reviews_due'))}",
        ]
    )
    return EmailMessage(subject=subject, body=body, to=to)


def claim(article, kind, due_on):
    """The reminder row, claimed by this run; None when it was sent or
    another run holds it."""
    from .models import ReviewReminder

    # get_or_create reads the row a concurrent run created (unique constraint).
    reminder, _ = ReviewReminder.objects.get_or_create(article=article, kind=kind, due_on=due_on)
    now = timezone.now()
    unclaimed = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM)
    claimed = ReviewReminder.objects.filter(unclaimed, pk=reminder.pk, sent_at__isnull=True).update(
        claimed_at=now
    )
    return reminder if claimed else None


def send_review_reminders(today=None):
    """Send the reminders due today; returns how many emails were sent."""
    from .models import ArticlePage, ReviewReminder

    today = today or timezone.localdate()
    articles = (
        ArticlePage.objects.live()
        .filter(next_review_due__isnull=False)
        .filter(next_review_due__lte=today + datetime.timedelta(days=reminder_days()))
        .defer("body")
        .select_related("medical_reviewer__user")
        .order_by("next_review_due", "pk")
    )
    sent = 0
    for article in articles:
        due_on = article.next_review_due
        kind = ReviewReminder.OVERDUE if due_on < today else ReviewReminder.DUE_SOON
        to = recipients_for(article)
        if not to:
            logger.warning("No medical reviewer has an email address for article %s", article.pk)
            continue
        reminder = claim(article, kind, due_on)
        if reminder is None:
            continue
        try:
            build_email(article, kind, due_on, to).send()
        except Exception:  # noqa: BLE001 - the next run tries again
            logger.exception("Medical review reminder for article %s not sent", article.pk)
            ReviewReminder.objects.filter(pk=reminder.pk).update(claimed_at=None)
            continue
        ReviewReminder.objects.filter(pk=reminder.pk).update(
            sent_at=timezone.now(), recipients=len(to)
        )
        sent += 1
    return sent
