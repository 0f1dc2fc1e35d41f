"""Mail claims are fenced (forms_app.notifications): a worker still talking
to a slow mail server keeps its claim (renewed while it sends), so a second
worker never sends the same email; a worker killed while sending leaves a
claim that expires MAIL_CLAIM_SECONDS later (two seconds here), and the
email then goes out once. Real SMTP servers (tests/servers.py) and real
workers (manage.py run_worker), killed with SIGKILL."""

import datetime
import os
import signal
from collections import Counter

import pytest
from django.utils import timezone

from forms_app import notifications
from forms_app.models import ConsultationSubmission
from forms_app.tasks import send_consultation_emails
from tests.core.test_worker import WORKER_TASKS, start_worker, stop, wait_for
from tests.forms_app.conftest import valid_data
from tests.servers import SMTPServer

pytestmark = pytest.mark.django_db(transaction=True)

CLAIM_SECONDS = 2


def mail_env(port):
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
        "EMAIL_TIMEOUT": 60,
        "MAIL_CLAIM_SECONDS": CLAIM_SECONDS,
    }


@pytest.fixture
def request_sent(settings, client, consultation_page):
    settings.TASKS = WORKER_TASKS
    settings.CONSULTATION_MIN_SECONDS = 0
    assert client.post(consultation_page.url, valid_data(consultation_page)).status_code == 303
    return ConsultationSubmission.objects.get()


def delivered(*servers):
    """{recipient: copies} over these mail servers, and the Message-IDs seen."""
    copies = Counter(to[0] for server in servers for _from, to, _message in server.messages)
    ids = {message["Message-ID"] for server in servers for _f, _t, message in server.messages}
    return copies, ids


def sent_both(pk):
    return ConsultationSubmission.objects.filter(
        pk=pk, staff_notified_at__isnull=False, visitor_notified_at__isnull=False
    ).exists()


def test_a_worker_killed_while_sending_causes_no_second_copy(request_sent, tmp_path):
    pk = request_sent.pk
    with SMTPServer(hang=True) as hanging, SMTPServer() as smtp:
        first = start_worker(tmp_path / "first.log", "--no-schedule", **mail_env(hanging.port))
        try:
            wait_for(
                lambda: (
                    hanging.connections >= 1
                    and ConsultationSubmission.objects.filter(
                        pk=pk, staff_claimed_at__isnull=False
                    ).exists()
                ),
                "the first worker to be sending the alert",
            )
            os.killpg(first.pid, signal.SIGKILL)  # mid-send: the server never accepted it
            first.wait(10)
        finally:
            stop(first)
        # The killed worker's claim is no longer renewed: once it is older
        # than MAIL_CLAIM_SECONDS the next retry (run now) takes it over.
        wait_for(
            lambda: ConsultationSubmission.objects.filter(
                pk=pk,
                staff_claimed_at__lt=timezone.now() - datetime.timedelta(seconds=CLAIM_SECONDS),
            ).exists(),
            "the dead worker's claim to expire",
        )
        send_consultation_emails.enqueue(pk)
        second = start_worker(tmp_path / "second.log", "--no-schedule", **mail_env(smtp.port))
        try:
            wait_for(lambda: sent_both(pk), "the retry to send both emails")
        finally:
            stop(second)
        copies, ids = delivered(hanging, smtp)
    assert copies == {"portland-intake@example.test": 1, "ada@example.test": 1}
    assert ids == {
        notifications.message_id(request_sent, "alert"),
        notifications.message_id(request_sent, "confirmation"),
    }


def test_a_slow_mail_server_does_not_let_a_second_worker_send_again(request_sent, tmp_path):
    pk = request_sent.pk
    with SMTPServer(delay=15) as slow:
        first = start_worker(tmp_path / "first.log", "--no-schedule", **mail_env(slow.port))
        try:
            wait_for(
                lambda: ConsultationSubmission.objects.filter(
                    pk=pk, staff_claimed_at__isnull=False
                ).exists(),
                "the first worker to claim the alert",
            )
            claimed_at = ConsultationSubmission.objects.get(pk=pk).staff_claimed_at
            # Longer ago than MAIL_CLAIM_SECONDS, the first worker still
            # waiting for the mail server: without renewal the claim would
            # look abandoned.
            wait_for(
                lambda: timezone.now() - claimed_at > datetime.timedelta(seconds=CLAIM_SECONDS + 1),
                "the first claim to be older than MAIL_CLAIM_SECONDS",
            )
            send_consultation_emails.enqueue(pk)  # a retry, for a second worker
            second = start_worker(tmp_path / "second.log", "--no-schedule", **mail_env(slow.port))
            try:
                wait_for(lambda: sent_both(pk), "both emails to be sent", seconds=120)
            finally:
                stop(second)
        finally:
            stop(first)
        copies, _ids = delivered(slow)
    assert copies == {"portland-intake@example.test": 1, "ada@example.test": 1}
