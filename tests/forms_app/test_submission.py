"""What happens to a request: stored once, routed, emailed without answers."""

import threading
import time

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from forms_app.forms import CONSENT_FIELD, HONEYPOT_FIELD, TOKEN_FIELD
from forms_app.models import ConsultationSubmission
from forms_app.spam import issue_token

from .conftest import valid_data

pytestmark = pytest.mark.django_db

ANSWERS = ["Ada Example", "ada@example.test", "555-0199", "treatment options", "Phone call"]


def assert_no_answers(message):
    text = f"{message.subject}\n{message.body}"
    for answer in ANSWERS:
        assert answer not in text, answer


def test_valid_submission_is_stored_once_and_both_emails_go_out(
    client, consultation_page, clinics, post_form
):
    response = post_form(consultation_page, valid_data(consultation_page))
    # Post/redirect/get to the thank-you page.
    assert response.status_code == 303
    # The thank-you page names the chosen clinic (its phone number).
    assert response["Location"] == consultation_page.url + "thank-you/?location=portland"
    submission = ConsultationSubmission.objects.get()
    assert submission.status == "new"
    assert submission.page_id == consultation_page.pk
    assert submission.form_data["full_name"] == "Ada Example"
    assert submission.form_data["phone"] == "(503) 555-0199"  # normalised
    assert submission.form_data["preferred_clinic_location"] == "Portland"
    assert submission.location == clinics["portland"]
    assert submission.location_name == "Portland"
    # Consent: given, when, and the wording shown (with the privacy link).
    assert submission.consent_given is True
    assert submission.consent_at is not None
    assert submission.consent_text.startswith(consultation_page.consent_text)
    assert "Privacy policy" in submission.consent_text
    # Honeypot, token and consent are not stored as answers.
    assert set(submission.form_data) == {
        "full_name",
        "email",
        "phone",
        "preferred_clinic_location",
        "preferred_contact_method",
        "how_can_we_help",
    }

    assert submission.notification_status == "sent"
    assert len(mail.outbox) == 2
    staff, visitor = mail.outbox
    assert staff.to == ["portland-intake@example.test"]
    assert "Portland" in staff.body
    assert f"http://testserver/admin/consultation-requests/inspect/{submission.pk}/" in staff.body
    assert_no_answers(staff)
    assert visitor.to == ["ada@example.test"]
    assert "We received your request" in visitor.body
    assert "(503) 555-0142" in visitor.body  # the chosen clinic's phone
    assert_no_answers(visitor)

    # Reloading the thank-you page sends nothing again.
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Ada Example" not in thanks.content.decode()
    assert ConsultationSubmission.objects.count() == 1
    assert len(mail.outbox) == 2


def test_location_without_its_own_address_falls_back_to_the_page(consultation_page, post_form):
    post_form(
        consultation_page, valid_data(consultation_page, preferred_clinic_location="hood-river")
    )
    staff, visitor = mail.outbox
    assert staff.to == ["default-intake@example.test"]
    assert "Hood River" in staff.body
    assert "(541) 555-0177" in visitor.body


def test_no_location_field_uses_page_address_and_clinic_phone(consultation_page, post_form):
    consultation_page.form_fields.filter(field_type="clinic_location").delete()
    data = valid_data(consultation_page)
    del data["preferred_clinic_location"]
    post_form(consultation_page, data)
    submission = ConsultationSubmission.objects.get()
    assert submission.location is None
    staff, visitor = mail.outbox
    assert staff.to == ["default-intake@example.test"]
    assert "(503) 555-0100" in visitor.body  # the site settings' phone


def test_double_click_stores_one_request(consultation_page, post_form):
    data = valid_data(consultation_page)
    first = post_form(consultation_page, data)
    second = post_form(consultation_page, data)
    assert first.status_code == second.status_code == 303
    assert ConsultationSubmission.objects.count() == 1
    assert len(mail.outbox) == 2
    # Same form, different answers: a second real request, kept.
    post_form(consultation_page, {**data, "full_name": "Grace Example"})
    assert ConsultationSubmission.objects.count() == 2


def test_consent_is_required(client, consultation_page, post_form):
    data = valid_data(consultation_page)
    del data[CONSENT_FIELD]
    response = post_form(consultation_page, data)
    assert response.status_code == 200
    assert ConsultationSubmission.objects.count() == 0
    assert mail.outbox == []
    html = response.content.decode()
    assert "Tick the box to agree to be contacted" in html
    # Values are kept after a failed submit.
    assert 'value="Ada Example"' in html


def test_error_summary_links_to_each_invalid_field(consultation_page, post_form):
    from bs4 import BeautifulSoup

    data = valid_data(
        consultation_page,
        full_name="",
        email="not-an-email",
        phone="12345",
        **{CONSENT_FIELD: None},
    )
    del data["preferred_contact_method"]
    response = post_form(consultation_page, data)
    html = BeautifulSoup(response.content.decode(), "html.parser")
    summary = html.select_one(".error-summary")
    assert summary["role"] == "alert"
    links = [a["href"] for a in summary.select("a")]
    assert links == [
        "#id_full_name",
        "#id_email",
        "#id_phone",
        "#id_preferred_contact_method_0",
        f"#id_{CONSENT_FIELD}",
    ]
    for href in links:
        field = html.find(id=href[1:])
        assert field is not None, href
    email = html.find(id="id_email")
    assert email["aria-invalid"] == "true"
    assert "id_email-error" in email["aria-describedby"].split()
    assert "Enter a valid email address." in html.find(id="id_email-error").get_text()
    assert "US phone number" in html.find(id="id_phone-error").get_text()
    fieldset = html.find(id="id_preferred_contact_method_0").find_parent("fieldset")
    assert "id_preferred_contact_method-error" in fieldset["aria-describedby"]
    # The error summary's focus script is a deferred file, not inline.
    script = html.select_one('script[src$="js/forms.js"]')
    assert script.has_attr("defer")
    assert not [
        s for s in html.select("script:not([src])") if s.get("type") != "application/ld+json"
    ]
    assert ConsultationSubmission.objects.count() == 0


def test_required_location_must_be_chosen(consultation_page, post_form):
    response = post_form(
        consultation_page, valid_data(consultation_page, preferred_clinic_location="")
    )
    assert response.status_code == 200
    assert "Preferred clinic location: This field is required." in response.content.decode()
    assert ConsultationSubmission.objects.count() == 0


@pytest.mark.parametrize(
    "phone, stored",
    [
        ("(503) 555-0142", "(503) 555-0142"),
        ("+1 503 555 0142", "(503) 555-0142"),
        ("1-503-555-0142", "(503) 555-0142"),
        ("5035550142", "(503) 555-0142"),
    ],
)
def test_us_phone_formats_are_accepted_and_normalised(consultation_page, post_form, phone, stored):
    post_form(consultation_page, valid_data(consultation_page, phone=phone))
    assert ConsultationSubmission.objects.get().form_data["phone"] == stored


@pytest.mark.parametrize(
    "phone", ["555-0142", "+44 20 7946 0958", "(103) 555-0142", "503 055 0142", "call me"]
)
def test_bad_phone_numbers_are_refused(consultation_page, post_form, phone):
    response = post_form(consultation_page, valid_data(consultation_page, phone=phone))
    assert response.status_code == 200
    assert ConsultationSubmission.objects.count() == 0


# --- spam ----------------------------------------------------------------------


def test_honeypot_post_is_stored_as_spam_without_email(consultation_page, post_form):
    response = post_form(
        consultation_page, valid_data(consultation_page, **{HONEYPOT_FIELD: "http://spam.test"})
    )
    assert response.status_code == 303  # a calm answer, no hint to the bot
    submission = ConsultationSubmission.objects.get()
    assert submission.status == "spam"
    assert submission.spam_reason == "honeypot"
    assert submission.notification_status == "skipped"
    assert mail.outbox == []
    assert ConsultationSubmission.objects.real().count() == 0


def intake_client(django_user_model):
    from forms_app.groups import ensure_intake_coordinators_group

    user = django_user_model.objects.create_user(username="intake", password="x" * 12)
    user.groups.add(ensure_intake_coordinators_group())
    client = Client()
    client.force_login(user)
    return client


def assert_treated_as_a_person_who_needs_review(response, reason):
    """The visitor: the usual thank-you and confirmation. Intake: an alert
    that says the request needs review (without answers), and the request
    listed as "Needs review"."""
    assert response.status_code == 303
    thanks = Client().get(response["Location"])
    assert thanks.status_code == 200
    assert "Thanks, we will be in touch." in thanks.content.decode()

    submission = ConsultationSubmission.objects.get()
    assert (submission.status, submission.spam_reason) == ("review", reason)
    assert submission.notification_status == "sent"
    staff, visitor = mail.outbox
    assert staff.to == ["portland-intake@example.test"]
    assert "needs review" in staff.subject
    assert "This request needs review" in staff.body
    assert f"/admin/consultation-requests/inspect/{submission.pk}/" in staff.body
    assert_no_answers(staff)
    assert visitor.to == ["ada@example.test"]
    assert "We received your request" in visitor.body
    return submission


def listed_status(client, submission):
    from bs4 import BeautifulSoup

    listing = client.get("/admin/consultation-requests/")
    assert listing.status_code == 200
    soup = BeautifulSoup(listing.content, "html.parser")
    for row in soup.select("table tbody tr"):
        if f"#{submission.pk}" in row.get_text():
            return [cell.get_text(" ", strip=True) for cell in row.select("td")]
    raise AssertionError(f"request #{submission.pk} is not listed")


def test_too_fast_post_needs_review_and_intake_is_alerted(
    consultation_page, post_form, django_user_model
):
    token = issue_token(consultation_page.pk)  # shown just now
    response = post_form(consultation_page, valid_data(consultation_page, **{TOKEN_FIELD: token}))
    submission = assert_treated_as_a_person_who_needs_review(response, "too_fast")
    assert "sooner after the form was shown" in mail.outbox[0].body

    client = intake_client(django_user_model)
    assert "Needs review" in listed_status(client, submission)
    inspect = client.get(f"/admin/consultation-requests/inspect/{submission.pk}/")
    assert "sooner after the form was shown than a person usually takes" in inspect.content.decode()


@pytest.mark.parametrize("token", [None, "forged", "x" * 10000])
def test_missing_or_forged_token_needs_review(consultation_page, post_form, token):
    response = post_form(consultation_page, valid_data(consultation_page, **{TOKEN_FIELD: token}))
    assert_treated_as_a_person_who_needs_review(response, "bad_token")


def test_form_shown_before_a_secret_key_rotation_needs_review(
    consultation_page, post_form, settings
):
    """The visitor opened the form, the site was redeployed with a new key."""
    data = valid_data(consultation_page)
    settings.SECRET_KEY = "a-rotated-secret-key-" + "x" * 40
    response = post_form(consultation_page, data)
    assert_treated_as_a_person_who_needs_review(response, "bad_token")


def test_token_of_another_page_needs_review(consultation_page, post_form):
    token = issue_token(consultation_page.pk + 1000, issued_at=time.time() - 60)
    response = post_form(consultation_page, valid_data(consultation_page, **{TOKEN_FIELD: token}))
    assert_treated_as_a_person_who_needs_review(response, "bad_token")


def test_form_opened_before_the_token_format_changed_is_a_normal_request(
    consultation_page, post_form
):
    """A form shown by the earlier release (a signed JSON token) and sent after
    the update is stored as new, not flagged for review."""
    from django.core import signing

    from forms_app.spam import TOKEN_SALT

    old_token = signing.dumps(
        {"p": consultation_page.pk, "t": round(time.time() - 60, 3), "k": "abc"},
        salt=TOKEN_SALT,
        compress=False,
    )
    response = post_form(
        consultation_page, valid_data(consultation_page, **{TOKEN_FIELD: old_token})
    )
    assert response.status_code == 303
    submission = ConsultationSubmission.objects.get()
    assert (submission.status, submission.spam_reason) == ("new", "")


def test_token_with_a_changed_time_needs_review(consultation_page, post_form):
    """Moving the shown time back (to pass the minimum fill time) breaks the signature."""
    token = issue_token(consultation_page.pk)
    page, shown, key, signature = token.split(":")
    forged = f"{page}:{float(shown) - 60:.3f}:{key}:{signature}"
    response = post_form(consultation_page, valid_data(consultation_page, **{TOKEN_FIELD: forged}))
    assert_treated_as_a_person_who_needs_review(response, "bad_token")


def test_dashboard_counts_requests_in_review_and_spam_for_intake_only(
    consultation_page, post_form, django_user_model, admin_client
):
    from bs4 import BeautifulSoup
    from django.contrib.auth.models import Group, Permission

    post_form(consultation_page, valid_data(consultation_page, **{TOKEN_FIELD: None}))
    post_form(
        consultation_page, valid_data(consultation_page, full_name="Bot", **{TOKEN_FIELD: "x"})
    )
    post_form(consultation_page, valid_data(consultation_page, **{HONEYPOT_FIELD: "http://x.test"}))

    def summary(client):
        response = client.get("/admin/")
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        return {
            link.get_text(" ", strip=True): link["href"] for link in soup.select(".w-summary a")
        }

    lines = summary(intake_client(django_user_model))
    assert lines["2 requests need review"] == "/admin/consultation-requests/?status=review"
    assert lines["1 request in spam"] == "/admin/consultation-requests/?status=spam"
    assert lines["0 new consultation requests"] == "/admin/consultation-requests/?status=new"
    assert "2 requests need review" in summary(admin_client)

    # An editor with admin access but no right to view requests sees no count.
    editor = django_user_model.objects.create_user(username="editor", password="x" * 12)
    group = Group.objects.create(name="Editors with admin access")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client = Client()
    client.force_login(editor)
    assert not any("review" in text or "spam" in text for text in summary(client))


def test_minimum_time_is_configurable(consultation_page, post_form, settings):
    settings.CONSULTATION_MIN_SECONDS = 0
    token = issue_token(consultation_page.pk)
    post_form(consultation_page, valid_data(consultation_page, **{TOKEN_FIELD: token}))
    assert ConsultationSubmission.objects.get().status == "new"


def test_rate_limit_refuses_with_a_clear_message(consultation_page, post_form, settings):
    settings.CONSULTATION_RATE_LIMIT = "2/h"
    for n in range(2):
        response = post_form(consultation_page, valid_data(consultation_page, full_name=f"P{n}"))
        assert response.status_code == 303
    response = post_form(consultation_page, valid_data(consultation_page, full_name="P3"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "We could not send your request just now" in html
    assert 'href="tel:+15035550100"' in html  # the clinic's phone
    assert 'value="P3"' in html  # the answers are kept
    assert ConsultationSubmission.objects.count() == 2
    assert len(mail.outbox) == 4
    # Another client is not affected.
    other = Client(REMOTE_ADDR="198.51.100.7")
    response = post_form(consultation_page, valid_data(consultation_page), client=other)
    assert response.status_code == 303
    assert ConsultationSubmission.objects.count() == 3


@pytest.mark.parametrize("value", ["0", "off", ""])
def test_rate_limit_can_be_turned_off(consultation_page, post_form, settings, value):
    settings.CONSULTATION_RATE_LIMIT = value
    for n in range(8):
        response = post_form(consultation_page, valid_data(consultation_page, full_name=f"P{n}"))
        assert response.status_code == 303
    assert ConsultationSubmission.objects.count() == 8


def test_rate_limit_parsing():
    from django.core.exceptions import ImproperlyConfigured

    from core.rate_limit import Rate, parse_rate

    assert parse_rate("5/h") == Rate(5, 3600)
    assert parse_rate("20/10m") == Rate(20, 600)
    assert parse_rate(" 100 / d ") == Rate(100, 86400)
    assert parse_rate("off") is None and parse_rate("0") is None and parse_rate("0/h") is None
    with pytest.raises(ImproperlyConfigured):
        parse_rate("lots")


# --- email failures and retries -----------------------------------------------


class FlakyBackend:
    """An email backend that fails while FlakyBackend.failing is True."""

    failing = True

    def __init__(self, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self.inner = EmailBackend(*args, **kwargs)

    def send_messages(self, messages):
        import smtplib

        if FlakyBackend.failing:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed: ada@example.test")
        return self.inner.send_messages(messages)


def test_smtp_failure_keeps_the_request_and_a_retry_sends_it(
    consultation_page, post_form, settings, caplog
):
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "tests.forms_app.test_submission.FlakyBackend"
    FlakyBackend.failing = True
    response = post_form(consultation_page, valid_data(consultation_page))
    assert response.status_code == 303  # the visitor is not troubled
    submission = ConsultationSubmission.objects.get()
    assert submission.notification_status == "failed"
    assert submission.notification_attempts == 1
    assert "SMTPServerDisconnected" in submission.notification_last_error
    assert "ada@example.test" not in submission.notification_last_error
    assert mail.outbox == []
    # Logged, without personal data.
    logged = "\n".join(
        r.getMessage() for r in caplog.records if r.name == "forms_app.notifications"
    )
    assert f"#{submission.pk}" in logged
    assert "ada@example.test" not in logged and "Ada" not in logged

    # Still failing: retried, still kept.
    call_command("retry_consultation_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    submission.refresh_from_db()
    assert submission.notification_status == "failed"
    assert submission.notification_attempts == 2

    FlakyBackend.failing = False
    from io import StringIO

    out = StringIO()
    call_command("retry_consultation_notifications", stdout=out)
    assert "1 sent" in out.getvalue()
    submission.refresh_from_db()
    assert submission.notification_status == "sent"
    assert submission.notification_last_error == ""
    assert len(mail.outbox) == 2
    # Nothing is sent twice.
    call_command("retry_consultation_notifications", stdout=out)
    assert len(mail.outbox) == 2


def test_retry_sends_only_what_failed(consultation_page, post_form, settings):
    """The alert went out, the confirmation failed: the retry sends only the confirmation."""
    from django.core.management import call_command

    class HalfBackend(FlakyBackend):
        def send_messages(self, messages):
            if FlakyBackend.failing and messages[0].to == ["ada@example.test"]:
                raise OSError("network down")
            return self.inner.send_messages(messages)

    import tests.forms_app.test_submission as this_module

    this_module.HalfBackend = HalfBackend
    settings.EMAIL_BACKEND = "tests.forms_app.test_submission.HalfBackend"
    FlakyBackend.failing = True
    post_form(consultation_page, valid_data(consultation_page))
    submission = ConsultationSubmission.objects.get()
    assert submission.notification_status == "failed"
    assert submission.staff_notified_at is not None
    assert [m.to for m in mail.outbox] == [["portland-intake@example.test"]]
    FlakyBackend.failing = False
    call_command("retry_consultation_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.to for m in mail.outbox] == [["portland-intake@example.test"], ["ada@example.test"]]


def test_recent_pending_requests_are_left_to_their_own_attempt(consultation_page):
    from django.core.management import call_command

    from tests.factories.forms_app import ConsultationSubmissionFactory

    ConsultationSubmissionFactory(
        page=consultation_page, notification_status="pending", confirmation_email="a@example.test"
    )
    call_command("retry_consultation_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []
    call_command(
        "retry_consultation_notifications",
        "--pending-after=0",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    assert len(mail.outbox) == 2


# --- concurrency --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_submissions_are_each_stored_once(consultation_page, settings):
    settings.CONSULTATION_RATE_LIMIT = "off"
    results, errors = [], []

    def submit(n):
        try:
            client = Client(REMOTE_ADDR=f"203.0.113.{n}")
            data = valid_data(consultation_page, full_name=f"Person {n}")
            response = client.post(consultation_page.url, data)
            # The same form sent twice at once (a double click) is still one request.
            if n % 10 == 0:
                client.post(consultation_page.url, data)
            results.append(response.status_code)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert results == [303] * 50
    names = sorted(s.form_data["full_name"] for s in ConsultationSubmission.objects.all())
    assert names == sorted(f"Person {n}" for n in range(50))
    assert ConsultationSubmission.objects.filter(status="new").count() == 50
    # Every request's emails were sent after its commit.
    assert ConsultationSubmission.objects.exclude(notification_status="sent").count() == 0
    assert len(mail.outbox) == 100
