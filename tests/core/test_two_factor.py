"""Two-factor sign-in to the admin with the locked wagtail-2fa and django-otp:
a fresh session signs in with password and a correct code and reaches the
consultation requests; a wrong or replayed code is refused; a recovery code
works once; reset_2fa removes the app and the codes.

Every step goes through the real sign-in forms (no force_login), as a staff
member would after their session ended.
"""

import os
import re
import time

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from forms_app.groups import GROUP_NAME, ensure_intake_coordinators_group

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_required")]

PASSWORD = "a-long-test-password-1"
REQUESTS = "/admin/consultation-requests/"


@pytest.fixture
def two_factor_required():
    with override_settings(WAGTAIL_2FA_REQUIRED=True):
        yield


@pytest.fixture
def coordinator(django_user_model):
    ensure_intake_coordinators_group()
    user = django_user_model.objects.create_user(
        username="intake", email="intake@example.test", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=GROUP_NAME))
    return user


@pytest.fixture
def app(coordinator):
    return TOTPDevice.objects.create(user=coordinator, name="Phone", confirmed=True)


def code_now(device, offset_steps=0):
    device.refresh_from_db()
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset_steps)
    return f"{code:0{device.digits}d}"


def sign_in_with_password(user):
    """A fresh browser session through the admin's login form: it lands on
    the code form, with the page it was going to kept."""
    client = Client()
    response = client.post(
        f"/admin/login/?next={REQUESTS}",
        {"username": user.username, "password": PASSWORD, "next": REQUESTS},
    )
    assert response.status_code == 302
    response = client.get(REQUESTS)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/auth")
    form = client.get(response["Location"])
    assert form.status_code == 200
    assert "Enter your sign-in code" in form.content.decode()
    return client


def enter_code(client, code, follow=True):
    return client.post("/admin/2fa/auth", {"otp_token": code, "next": REQUESTS}, follow=follow)


def test_a_correct_code_on_a_fresh_session_reaches_the_consultation_requests(coordinator, app):
    client = sign_in_with_password(coordinator)
    response = enter_code(client, code_now(app))
    assert response.redirect_chain[-1][0] == REQUESTS
    assert response.status_code == 200
    assert "Consultation requests" in response.content.decode()


def test_a_wrong_code_or_a_used_code_is_refused(coordinator, app):
    client = sign_in_with_password(coordinator)
    good = code_now(app)
    response = enter_code(client, good)
    assert response.status_code == 200

    # Someone who saw the code over a shoulder, in another session: refused.
    thief = sign_in_with_password(coordinator)
    response = enter_code(thief, good, follow=False)
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert thief.get(REQUESTS).status_code == 302

    # A wrong code: refused, and the requests stay out of reach. After a
    # refusal django-otp makes the next try wait (1 s, doubling each time).
    time.sleep(1.1)
    client = sign_in_with_password(coordinator)
    wrong = f"{(int(code_now(app, offset_steps=5)) + 1) % 10**6:06d}"
    response = enter_code(client, wrong, follow=False)
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get(REQUESTS).status_code == 302
    response = enter_code(client, code_now(app), follow=False)
    assert "Verification temporarily disabled" in response.content.decode()
    # Letters and nonsense get the same clear answer, never a 500.
    for nonsense in ["", "abc", "12345678901234567890", "<script>"]:
        response = enter_code(client, nonsense, follow=False)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode()
    assert client.get(REQUESTS).status_code == 302


def test_a_second_phone_is_chosen_by_name(coordinator, app):
    tablet = TOTPDevice.objects.create(user=coordinator, name="Tablet", confirmed=True)
    client = sign_in_with_password(coordinator)
    form = client.get("/admin/2fa/auth").content.decode()
    assert ">Phone<" in form and ">Tablet<" in form
    response = client.post(
        "/admin/2fa/auth",
        {"otp_device": tablet.persistent_id, "otp_token": code_now(tablet), "next": REQUESTS},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == REQUESTS


def make_recovery_codes(client):
    page = client.get("/admin/2fa/recovery-codes/")
    assert page.status_code == 200
    assert "Make recovery codes" in page.content.decode()
    response = client.post("/admin/2fa/recovery-codes/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    return re.findall(r"<code>([a-z2-7-]+)</code>", response.content.decode())


def test_a_recovery_code_signs_in_once(coordinator, app):
    client = sign_in_with_password(coordinator)
    enter_code(client, code_now(app))
    codes = make_recovery_codes(client)
    assert len(codes) == 10 and len(set(codes)) == 10

    # Phone lost: a recovery code, typed with spaces and in capitals.
    lost = sign_in_with_password(coordinator)
    typed = codes[0].replace("-", " ").upper()
    response = enter_code(lost, typed)
    assert response.redirect_chain[-1][0] == REQUESTS
    assert "9 left" in response.content.decode()

    # The same code a second time: refused.
    again = sign_in_with_password(coordinator)
    response = enter_code(again, codes[0], follow=False)
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert again.get(REQUESTS).status_code == 302

    # A new set replaces the old one.
    new_codes = make_recovery_codes_again(client)
    assert not set(new_codes) & set(codes)
    assert StaticToken.objects.filter(device__user=coordinator).count() == 10
    stale = sign_in_with_password(coordinator)
    assert "That code is not right" in enter_code(stale, codes[1], follow=False).content.decode()


def make_recovery_codes_again(client):
    page = client.get("/admin/2fa/recovery-codes/").content.decode()
    assert "You have 9 unused recovery codes" in page
    response = client.post("/admin/2fa/recovery-codes/")
    return re.findall(r"<code>([a-z2-7-]+)</code>", response.content.decode())


def test_recovery_codes_need_a_signed_in_code_first(coordinator, app):
    client = Client()
    client.post("/admin/login/", {"username": coordinator.username, "password": PASSWORD})
    # Password only: the middleware sends the person to the code form.
    response = client.post("/admin/2fa/recovery-codes/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/auth")
    assert not StaticDevice.objects.exists()


def test_reset_2fa_removes_the_app_and_the_recovery_codes(coordinator, app):
    client = sign_in_with_password(coordinator)
    enter_code(client, code_now(app))
    make_recovery_codes(client)
    call_command("reset_2fa", coordinator.username, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert not StaticDevice.objects.filter(user=coordinator).exists()
    # At the next sign-in the person is asked to set up a new app.
    client = Client()
    client.post("/admin/login/", {"username": coordinator.username, "password": PASSWORD})
    response = client.get(REQUESTS)
    assert response.status_code == 302
    assert "/admin/2fa/devices/new" in response["Location"]
