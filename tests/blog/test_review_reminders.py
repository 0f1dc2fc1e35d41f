"""Reminder emails to medical reviewers: once before a review is due, once
when it is overdue, never twice, retried after a mail outage, and without
the article's text."""

import datetime
import socket

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

from blog.editorial import MEDICAL_REVIEWERS, ensure_editorial_setup
from blog.models import ReviewReminder
from blog.reminders import send_review_reminders
from blog.tasks import send_review_reminders as reminder_task
from tests.factories.blog import ArticlePageFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)
BODY_TEXT = "A confidential draft sentence that no email quotes."


@pytest.fixture
def reviewers(blog_index):
    ensure_editorial_setup()
    group = Group.objects.get(name=MEDICAL_REVIEWERS)
    users = []
    for name in ("dr-okafor", "dr-lin"):
        user = get_user_model().objects.create_user(name, email=f"{name}@clinic.example")
        user.groups.add(group)
        users.append(user)
    return users


def article_due(blog_index, due, reviewer=None, title="Sleep and depression"):
    return ArticlePageFactory(
        parent=blog_index,
        title=title,
        # A reviewer without an admin account unless one is given.
        medical_reviewer=reviewer or PersonFactory(),
        last_reviewed=due - datetime.timedelta(days=365),
        next_review_due=due,
        body=[("paragraph", f"<p>{BODY_TEXT}</p>")],
    )


def test_the_articles_clinician_gets_one_reminder_before_it_is_due(blog_index, reviewers):
    okafor = PersonFactory(name="Ngozi Okafor", user=reviewers[0])
    article = article_due(blog_index, TODAY + datetime.timedelta(days=10), okafor)
    article_due(blog_index, TODAY + datetime.timedelta(days=200), okafor, title="Later")

    assert send_review_reminders(TODAY) == 1
    (email,) = mail.outbox
    assert email.to == ["dr-okafor@clinic.example"]
    assert email.subject == "Medical review due December 13, 2026: Sleep and depression"
    assert f"/admin/pages/{article.pk}/edit/" in email.body
    assert "/admin/reports/medical-reviews-due/" in email.body
    assert BODY_TEXT not in email.body

    # The worker runs every hour: the same reminder is not sent again.
    assert send_review_reminders(TODAY) == 0
    assert send_review_reminders(TODAY + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    assert ReviewReminder.objects.get().sent_at is not None


def test_an_overdue_review_gets_its_own_reminder_to_every_reviewer(blog_index, reviewers):
    article_due(blog_index, TODAY + datetime.timedelta(days=5))  # its reviewer has no account
    send_review_reminders(TODAY)
    send_review_reminders(TODAY + datetime.timedelta(days=6))
    assert [email.subject for email in mail.outbox] == [
        "Medical review due December 8, 2026: Sleep and depression",
        "Medical review overdue: Sleep and depression",
    ]
    assert mail.outbox[1].to == ["dr-lin@clinic.example", "dr-okafor@clinic.example"]
    assert "was due on December 8, 2026 and is overdue" in mail.outbox[1].body


def test_a_new_review_date_gets_new_reminders(blog_index, reviewers):
    article = article_due(blog_index, TODAY + datetime.timedelta(days=3))
    send_review_reminders(TODAY)
    article.last_reviewed = TODAY
    article.next_review_due = TODAY + datetime.timedelta(days=20)
    article.save()
    assert send_review_reminders(TODAY) == 1
    assert mail.outbox[-1].subject.startswith("Medical review due December 23, 2026")


def test_unpublished_articles_get_no_reminder(blog_index, reviewers):
    article_due(blog_index, TODAY, title="Draft").unpublish()
    assert send_review_reminders(TODAY) == 0
    assert mail.outbox == []


def closed_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_a_reminder_not_sent_while_mail_is_down_is_sent_on_the_next_run(
    blog_index, reviewers, settings
):
    article_due(blog_index, TODAY + datetime.timedelta(days=1))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 1
    assert send_review_reminders(TODAY) == 0
    reminder = ReviewReminder.objects.get()
    assert reminder.sent_at is None and reminder.claimed_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_review_reminders(TODAY) == 1
    assert len(mail.outbox) == 1


def test_the_worker_schedule_runs_the_reminders(blog_index, reviewers, settings):
    assert ("blog.tasks.send_review_reminders", 3600) in settings.WORKER_SCHEDULE
    article_due(blog_index, datetime.date.today() - datetime.timedelta(days=1))
    reminder_task.enqueue()  # tests run tasks at once, as the worker would
    assert [email.subject for email in mail.outbox] == [
        "Medical review overdue: Sleep and depression"
    ]
    call_command("check")
