"""Retention command, demo content, and the on-commit email timing."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from core.models import SiteSettings
from forms_app.models import ConsultationPage, ConsultationSubmission
from tests.factories.forms_app import ConsultationSubmissionFactory

pytestmark = pytest.mark.django_db


def aged(days, **kwargs):
    submission = ConsultationSubmissionFactory(**kwargs)
    ConsultationSubmission.objects.filter(pk=submission.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=days)
    )
    return submission


def run(*args):
    out = StringIO()
    call_command("purge_consultation_requests", *args, stdout=out)
    return out.getvalue()


def test_retention_dry_run_prints_counts_and_deletes_nothing(db):
    aged(400)
    aged(380, status="spam")
    aged(10)
    output = run("--dry-run")
    assert "would delete 2 consultation request(s)" in output
    assert "new: 1" in output and "spam: 1" in output
    assert ConsultationSubmission.objects.count() == 3
    assert not ModelLogEntry.objects.filter(action="forms_app.retention_delete").exists()


def test_retention_deletes_old_requests_and_logs_it(db):
    old = aged(400)
    recent = aged(10)
    output = run()
    assert "Deleted 1 consultation request(s)" in output
    assert list(ConsultationSubmission.objects.values_list("pk", flat=True)) == [recent.pk]
    entry = ModelLogEntry.objects.get(action="forms_app.retention_delete")
    assert entry.object_id == str(old.pk)
    assert entry.user is None


def test_retention_days_from_option_and_setting(db, settings):
    aged(40)
    aged(10)
    assert "would delete 1" in run("--days", "30", "--dry-run")
    settings.CONSULTATION_RETENTION_DAYS = 5
    run()
    assert ConsultationSubmission.objects.count() == 0
    with pytest.raises(CommandError):
        run("--days", "0")


def test_emails_wait_for_the_commit(consultation_page, client, django_capture_on_commit_callbacks):
    from .conftest import valid_data

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(consultation_page.url, valid_data(consultation_page))
    assert response.status_code == 303
    # Stored, but nothing sent until the transaction commits.
    assert ConsultationSubmission.objects.get().notification_status == "pending"
    assert mail.outbox == []
    # After the commit: the emails, and the request counted in the visit figures.
    assert len(callbacks) == 2
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2


def test_demo_content_adds_the_consultation_page(demo_site, client):
    page = ConsultationPage.objects.get(locale__language_code="en")
    assert page.url == "/request-a-consultation/"
    assert page.live
    fields = list(page.form_fields.values_list("label", "field_type"))
    assert fields == [
        ("Full name", "singleline"),
        ("Email", "email"),
        ("Phone", "phone"),
        ("Preferred clinic location", "clinic_location"),
        ("Preferred contact method", "radio"),
        ("How can we help?", "multiline"),
    ]
    assert page.consent_text
    assert page.privacy_page.slug == "privacy"
    assert SiteSettings.for_site(demo_site).consultation_page_id == page.pk
    html = client.get(page.url).content.decode()
    assert 'name="consent_to_contact"' in html
    # The clinics from the locations demo are offered.
    assert 'value="portland"' in html


def test_demo_content_is_idempotent(demo_site):
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "nothing changed" in out.getvalue()
    # The form in English and its Spanish translation, each once.
    assert sorted(ConsultationPage.objects.values_list("locale__language_code", flat=True)) == [
        "en",
        "es",
    ]
    assert ConsultationPage.objects.get(locale__language_code="en").form_fields.count() == 6
