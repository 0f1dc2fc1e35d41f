"""Where two-factor sign-in is not required for everyone (``make run``):
nobody is made to enrol, but whoever enrolled an app is asked for its code
at the next sign-in, and gets in with it."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from forms_app.groups import GROUP_NAME, ensure_intake_coordinators_group

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-1"
REQUESTS = "/admin/consultation-requests/"


@pytest.fixture(autouse=True)
def two_factor_optional():
    with override_settings(WAGTAIL_2FA_REQUIRED=False):
        yield


@pytest.fixture
def coordinator(django_user_model):
    ensure_intake_coordinators_group()
    user = django_user_model.objects.create_user(username="intake", password=PASSWORD)
    user.groups.add(Group.objects.get(name=GROUP_NAME))
    return user


def sign_in(user):
    client = Client()
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_without_an_app_the_password_is_enough(coordinator):
    assert sign_in(coordinator).get(REQUESTS).status_code == 200


def test_once_an_app_is_enrolled_its_code_is_asked(coordinator):
    device = TOTPDevice.objects.create(user=coordinator, name="Phone", confirmed=True)
    client = sign_in(coordinator)
    response = client.get(REQUESTS)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/auth")
    assert "Enter your sign-in code" in client.get(response["Location"]).content.decode()

    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    response = client.post(
        "/admin/2fa/auth", {"otp_token": f"{code:0{device.digits}d}", "next": REQUESTS}
    )
    assert response.status_code == 302
    assert client.get(REQUESTS).status_code == 200


def test_an_app_being_set_up_does_not_lock_anyone_out(coordinator):
    TOTPDevice.objects.create(user=coordinator, name="Phone", confirmed=False)
    assert sign_in(coordinator).get(REQUESTS).status_code == 200
