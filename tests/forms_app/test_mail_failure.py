"""A slow, hanging or failing mail server never delays or loses a request,
and every email goes out exactly once when it answers again, through
database blips too. Real SMTP servers (tests/servers.py) and the real
worker (manage.py run_worker in a process of its own)."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.mail import EmailMessage
from django.db import connection
from django.utils import timezone

from core.mail_claims import claim_timeout
from forms_app import notifications
from forms_app.models import ConsultationSubmission
from forms_app.tasks import retry_notifications
from tests.forms_app.conftest import valid_data
from tests.forms_app.test_resilience import terminate_app_connections
from tests.servers import SMTPServer

ROOT = Path(__file__).resolve().parents[2]
WORKER_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "worker": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_TIMEOUT = 1
    settings.CONSULTATION_MIN_SECONDS = 0
    return settings


def run_worker(smtp_port):
    """manage.py run_worker --batch, with production settings, on the test
    database: what the docker-compose worker runs, until nothing is due."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings.production",
        "SECRET_KEY": "worker-test-secret-key-not-used-anywhere-else-0123456789",
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": "",
        "TASKS_BACKEND": "database",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "1",
        "WAGTAILADMIN_BASE_URL": django_settings.WAGTAILADMIN_BASE_URL,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "run_worker", "--batch", "--no-schedule", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def test_the_visitor_never_waits_for_the_mail_server(
    smtp_settings, client, consultation_page, django_capture_on_commit_callbacks
):
    smtp_settings.TASKS = WORKER_TASKS
    with SMTPServer(hang=True) as smtp:
        smtp_settings.EMAIL_PORT = smtp.port
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(consultation_page.url, valid_data(consultation_page))
        assert response.status_code == 303
        assert smtp.connections == 0  # the mail server was not even asked
    submission = ConsultationSubmission.objects.get()
    assert submission.notification_status == "pending"


@pytest.mark.django_db(transaction=True)
def test_a_hanging_mail_server_then_answering_sends_each_email_once(
    smtp_settings, client, consultation_page
):
    smtp_settings.TASKS = WORKER_TASKS
    for n in range(3):
        data = valid_data(consultation_page, full_name=f"Visitor {n}", email=f"v{n}@example.test")
        assert client.post(consultation_page.url, data).status_code == 303
    with SMTPServer(hang=True) as hanging:
        run_worker(hanging.port)  # each send times out after a second
        assert hanging.connections >= 3
    assert set(ConsultationSubmission.objects.values_list("notification_status", flat=True)) == {
        "failed"
    }
    assert not ConsultationSubmission.objects.filter(staff_notified_at__isnull=False).exists()

    with SMTPServer() as smtp:
        # The scheduled sweep (every five minutes in production), run now.
        ConsultationSubmission.objects.update(
            notification_last_attempt_at=timezone.now() - datetime.timedelta(minutes=10)
        )
        retry_notifications.enqueue()
        run_worker(smtp.port)
        retry_notifications.enqueue()  # again: nothing more to send
        run_worker(smtp.port)
        recipients = sorted(to[0] for _from, to, _message in smtp.messages)
    assert recipients == sorted(
        ["portland-intake@example.test"] * 3 + [f"v{n}@example.test" for n in range(3)]
    )
    assert set(ConsultationSubmission.objects.values_list("notification_status", flat=True)) == {
        "sent"
    }


@pytest.mark.django_db(transaction=True)
def test_a_database_blip_after_sending_does_not_send_twice(
    smtp_settings, client, consultation_page, monkeypatch, persistent_connections
):
    """The connection dies right after the mail server accepted the alert:
    the worker marks it sent on a new connection, and no retry sends it again."""
    smtp_settings.TASKS = WORKER_TASKS
    assert client.post(consultation_page.url, valid_data(consultation_page)).status_code == 303
    submission = ConsultationSubmission.objects.get()
    real_send = EmailMessage.send

    def send_then_lose_the_database(self, *args, **kwargs):
        sent = real_send(self, *args, **kwargs)
        terminate_app_connections()
        return sent

    monkeypatch.setattr(EmailMessage, "send", send_then_lose_the_database)
    with SMTPServer() as smtp:
        smtp_settings.EMAIL_PORT = smtp.port
        assert notifications.send_notifications(submission.pk) == "sent"
        for _ in range(3):  # retries and sweeps find nothing left to send
            notifications.send_notifications(submission.pk)
        assert len(smtp.messages) == 2


def test_an_email_is_claimed_by_one_worker_at_a_time(consultation_page, client, smtp_settings):
    smtp_settings.TASKS = WORKER_TASKS
    client.post(consultation_page.url, valid_data(consultation_page))
    pk = ConsultationSubmission.objects.get().pk
    first = notifications._claim(pk, "alert")
    assert first is not None
    assert notifications._claim(pk, "alert") is None  # another worker has it
    # A claim left by a worker that died mid-send expires.
    stale = timezone.now() - claim_timeout() - datetime.timedelta(seconds=1)
    ConsultationSubmission.objects.filter(pk=pk).update(staff_claimed_at=stale)
    second = notifications._claim(pk, "alert")
    assert second is not None
    # The first worker's claim was taken over: it may no longer renew it (nor send).
    assert notifications.claim_for(pk, "alert", first).renew() is False
    assert notifications.claim_for(pk, "alert", second).renew() is True
    # Once sent, never again.
    ConsultationSubmission.objects.filter(pk=pk).update(
        staff_notified_at=timezone.now(), staff_claimed_at=None
    )
    assert notifications._claim(pk, "alert") is None


@pytest.fixture
def persistent_connections():
    saved = dict(connection.settings_dict)
    connection.settings_dict["CONN_MAX_AGE"] = 60
    connection.settings_dict["CONN_HEALTH_CHECKS"] = True
    yield
    connection.settings_dict.update(saved)
    connection.close()
