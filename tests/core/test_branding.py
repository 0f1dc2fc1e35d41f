"""The admin is the clinic's: its title, sign-in page and the authenticator
app's entry name the clinic (Settings › Clinic settings), not Wagtail or a
placeholder."""

from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_clinic(site):
    settings = SiteSettings.for_site(site)
    settings.clinic_name = "Cedar Grove Health"
    settings.save()
    return settings


def test_admin_pages_are_titled_with_the_clinic_name(client, named_clinic, admin_user):
    login = BeautifulSoup(client.get("/admin/login/").content, "html.parser")
    assert login.title.get_text().strip() == "Sign in - Cedar Grove Health"
    assert login.h1.get_text().strip() == "Sign in to Cedar Grove Health"
    client.force_login(admin_user)
    dashboard = BeautifulSoup(client.get("/admin/").content, "html.parser")
    assert dashboard.title.get_text().strip().endswith("- Cedar Grove Health")
    assert "Wagtail" not in dashboard.title.get_text()


def test_the_authenticator_app_names_the_clinic(named_clinic, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=False)
    url = unquote(device.config_url)
    assert url.startswith(f"otpauth://totp/Cedar Grove Health:{admin_user.username}?")
    assert "issuer=Cedar Grove Health" in url
