"""Two-factor sign-in in the browser with the locked wagtail-2fa and
django-otp, as an intake coordinator lives it: set up the authenticator app
at the first sign-in, make recovery codes, sign out; the next session needs
the app's next code (a wrong one is refused) and reaches the consultation
requests; a recovery code signs in once.

The test plays the phone's part: it reads the secret from the set-up page's
otpauth:// link, as an authenticator app reads the QR code, and computes the
code for the current 30-second step.
"""

import base64
import re
import time
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from playwright.sync_api import expect

from forms_app.groups import GROUP_NAME
from tests.conftest import BROWSER_WAIT_MS

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-1"
DESKTOP = {"width": 1280, "height": 800}


class Phone:
    """An authenticator app: the secret from the otpauth:// link."""

    def __init__(self, otpauth_url):
        query = parse_qs(urlparse(otpauth_url).query)
        secret = query["secret"][0]
        self.key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        self.step = int(query.get("period", ["30"])[0])
        self.last_step = None

    def code(self):
        """A code the phone shows, never for a step already used (django-otp
        refuses a code it has accepted, so a person waits for the next one).

        The phone may run up to one step (30 s) ahead of the server's
        clock, which django-otp's tolerance of one step accepts: the next
        code is the following step's, without the half-minute wait."""
        now = int(time.time() // self.step)
        step = now if self.last_step is None or self.last_step < now else self.last_step + 1
        while step > int(time.time() // self.step) + 1:  # never more than a step ahead
            time.sleep(0.2)
        self.last_step = step
        return self.code_at(step)

    def code_at(self, step):
        clock = TOTP(self.key, step=self.step, t0=0, digits=6)
        clock.time = step * self.step
        return f"{clock.token():06d}"


def new_session(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    context.set_default_timeout(BROWSER_WAIT_MS)
    return context.new_page()


def sign_in_with_password(page, username):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()


def enter_code(page, code):
    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign in").click()


def test_intake_coordinator_signs_in_with_the_app_then_a_recovery_code(
    browser, live_server, live_site, django_user_model, settings
):
    settings.WAGTAIL_2FA_REQUIRED = True
    user = django_user_model.objects.create_user(
        username="intake", email="intake@example.test", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=GROUP_NAME))

    # First sign-in: set up the authenticator app, then make recovery codes.
    page = new_session(browser, live_server)
    sign_in_with_password(page, "intake")
    expect(page).to_have_url(re.compile(r"/admin/2fa/devices/new"))
    phone = Phone(page.locator("code", has_text="otpauth://").inner_text().strip())
    page.locator("#id_name").fill("My phone")
    page.locator("#id_otp_token").fill(phone.code())
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Create").click()
    expect(page.locator("main")).to_contain_text("My phone")

    page.goto("/admin/account/")
    page.get_by_role("tab", name="More actions").click()
    page.get_by_role("link", name="Recovery codes").click()
    page.get_by_role("button", name="Make recovery codes").click()
    shown = page.get_by_role("list", name="Your recovery codes").locator("code")
    expect(shown).to_have_count(10)
    codes = shown.all_inner_texts()
    # Sign out, as at the end of the day.
    page.goto("/admin/")
    page.get_by_role("button", name="intake").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    assert page.goto("/admin/consultation-requests/").url.split("?")[0].endswith("/admin/login/")
    page.context.close()

    # Next session: a wrong code is refused; the app's next code lets them in.
    page = new_session(browser, live_server)
    sign_in_with_password(page, "intake")
    shown = phone.code_at(int(time.time() // phone.step))
    wrong = f"{(int(shown) + 1) % 10**6:06d}"
    enter_code(page, wrong)
    expect(page.get_by_role("status")).to_contain_text("That code is not right")
    time.sleep(1.1)  # django-otp makes the next try wait after a wrong code
    enter_code(page, phone.code())
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Consultation requests"
    ).click()
    expect(page).to_have_url(re.compile(r"/admin/consultation-requests/$"))
    expect(page.get_by_role("heading", name=re.compile("Consultation requests"))).to_be_visible()
    page.context.close()

    # Phone lost: a recovery code works once.
    page = new_session(browser, live_server)
    sign_in_with_password(page, "intake")
    enter_code(page, codes[0])
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator(".messages")).to_contain_text("9 left")
    page.context.close()

    page = new_session(browser, live_server)
    sign_in_with_password(page, "intake")
    enter_code(page, codes[0])
    expect(page.get_by_role("status")).to_contain_text("That code is not right")
    page.goto("/admin/consultation-requests/")
    expect(page).to_have_url(re.compile(r"/admin/2fa/auth"))
    page.context.close()
