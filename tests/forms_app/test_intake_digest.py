"""The coordinators' morning digest: opt in from the account settings, one
email a day from the digest hour, counts only, retried after a mail failure."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from forms_app.digest import send_intake_digests
from forms_app.models import IntakeDigestSubscription
from tests.factories.forms_app import ConsultationSubmissionFactory
from tests.forms_app.test_admin import intake_user, login, marketing_user
from tests.forms_app.test_intake_follow_up import make_old

pytestmark = pytest.mark.django_db
__all__ = ["intake_user", "marketing_user"]  # fixtures shared with test_admin


def local(hour, days=0):
    today = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time(hour, 5)))


@pytest.fixture
def requests_waiting(consultation_page, clinics):
    make_old(
        ConsultationSubmissionFactory(
            page=consultation_page,
            location=clinics["portland"],
            form_data={"full_name": "Private Name", "phone": "503 555 0111"},
        ),
        days=6,
    )
    ConsultationSubmissionFactory(
        page=consultation_page,
        location=clinics["hood-river"],
        location_name="Hood River",
        status="review",
        form_data={"full_name": "Other Private"},
    )


def account_form(client):
    """The account page's fields as a browser would send them back."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get("/admin/account/").content, "html.parser")
    form = page.find("form", attrs={"method": re.compile("post", re.I)})
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "file"):
            continue
        if field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        elif field.name == "textarea":
            data[name] = field.get_text()
        else:
            data[name] = field.get("value", "")
    return data


def test_coordinators_opt_in_from_their_account(intake_user, marketing_user):
    intake_user.first_name, intake_user.last_name = "Ines", "Intake"  # the account form needs them
    intake_user.save()
    client = login(intake_user)
    page = client.get("/admin/account/").content.decode()
    assert "Email me a morning digest of consultation requests" in page
    data = account_form(client)
    assert "intake_digest-intake_digest" not in data  # not ticked yet
    response = client.post("/admin/account/", {**data, "intake_digest-intake_digest": "on"})
    assert response.status_code == 302
    assert IntakeDigestSubscription.objects.filter(user=intake_user).exists()
    data = account_form(client)
    assert data["intake_digest-intake_digest"] == "on"
    del data["intake_digest-intake_digest"]
    assert client.post("/admin/account/", data).status_code == 302
    assert not IntakeDigestSubscription.objects.filter(user=intake_user).exists()
    # People who cannot see requests are not offered it.
    other = login(marketing_user).get("/admin/account/").content.decode()
    assert "morning digest" not in other


def test_one_digest_a_day_from_the_digest_hour_with_counts_only(
    intake_user, marketing_user, requests_waiting, settings
):
    settings.INTAKE_DIGEST_HOUR = 7
    IntakeDigestSubscription.objects.create(user=intake_user)
    # Someone who lost access since subscribing gets nothing.
    IntakeDigestSubscription.objects.create(user=marketing_user)
    assert send_intake_digests(now=local(6)) == 0
    assert mail.outbox == []
    assert send_intake_digests(now=local(7)) == 1
    assert send_intake_digests(now=local(9)) == 0  # already sent today
    [email] = mail.outbox
    assert email.to == [intake_user.email]
    assert email.subject == ("Consultation requests this morning: 1 new, 1 overdue, 1 need review")
    assert "- Portland: 1 new, 1 overdue, 0 need review" in email.body
    assert "- Hood River: 0 new, 0 overdue, 1 need review" in email.body
    assert "/admin/consultation-requests/?overdue=true" in email.body
    for private in ["Private Name", "503 555 0111", "Other Private"]:
        assert private not in email.body and private not in email.subject
    # Tomorrow morning: the next one.
    assert send_intake_digests(now=local(8, days=1)) == 1
    assert len(mail.outbox) == 2


def test_a_failed_send_is_retried_on_the_next_run(intake_user, requests_waiting, settings):
    from tests.blog.test_review_reminders import closed_port

    settings.INTAKE_DIGEST_HOUR = 7
    IntakeDigestSubscription.objects.create(user=intake_user)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 1
    assert send_intake_digests(now=local(7)) == 0
    assert IntakeDigestSubscription.objects.get().last_sent_on is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_intake_digests(now=local(7)) == 1
    assert len(mail.outbox) == 1


def test_the_worker_schedule_runs_the_digest(settings):
    assert ("forms_app.tasks.send_intake_digests", 15 * 60) in settings.WORKER_SCHEDULE
