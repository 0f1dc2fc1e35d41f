"""The whole journey in a real browser: views counted by the beacon (cached
and uncached, with and without a campaign, in English and Spanish), a
consultation request, the roll-up, and the report marketing reads."""

import time

import pytest
from django.test import Client
from playwright.sync_api import expect

from analytics.models import Hit
from analytics.rollup import roll_up
from forms_app.models import ConsultationSubmission
from tests.conftest import BROWSER_WAIT_MS
from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

# A desktop Chrome's user agent: headless Chromium names itself
# "HeadlessChrome", which the counter leaves out as a robot.
CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/140.0.0.0 Safari/537.36"
)
CAMPAIGN = "?utm_source=newsletter&utm_medium=email&utm_campaign=spring"


def wait_for_views(count):
    """Beacons leave as the browser moves on: wait until they have arrived."""
    deadline = time.monotonic() + BROWSER_WAIT_MS / 1000
    while Hit.objects.filter(kind=Hit.VIEW).count() < count:
        assert time.monotonic() < deadline, f"{Hit.objects.count()} views counted"
        time.sleep(0.1)


def test_views_and_a_request_reach_the_marketing_report(
    browser, live_site, live_server, settings, django_user_model
):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    settings.CONSULTATION_MIN_SECONDS = 0
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server.url, user_agent=CHROME
    )
    context.set_default_timeout(BROWSER_WAIT_MS)
    page = context.new_page()

    assert page.goto("/about/").headers["x-cache"] == "MISS"
    # A visit from the newsletter starts here, served from the page cache.
    assert page.goto("/about/" + CAMPAIGN).headers["x-cache"] == "HIT"
    page.goto("/es/privacidad/", referer=live_server.url + "/about/")  # the language switcher
    page.goto("/request-a-consultation/?location=portland", referer=live_server.url + "/about/")
    wait_for_views(4)
    page.locator("#id_full_name").fill("Alex Doe")
    page.locator("#id_email").fill("alex@example.com")
    page.locator("#id_phone").fill("(503) 555-0142")
    page.locator("#id_preferred_contact_method_1").check()
    page.locator("#id_consent_to_contact").check()
    page.locator(".consultation-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Thank you: your request was sent")
    assert {cookie["name"] for cookie in context.cookies()} <= {"csrftoken"}
    request = ConsultationSubmission.objects.get()
    assert (request.landing_page, request.campaign) == ("/about/", "newsletter / email / spring")
    wait_for_views(5)  # the thank-you page
    roll_up()

    lead = django_user_model.objects.create_superuser("marketing-lead", "lead@example.test")
    staff = Client()
    staff.force_login(lead)  # signing in has journeys of its own
    cookie = staff.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page.goto("/admin/reports/visits/")

    landing = page.locator("section", has=page.locator("#landing-heading"))
    about = landing.locator("tr", has_text="About us")
    expect(about.locator("td").first).to_have_text("2")  # views, cached and not
    expect(about.locator("td").nth(3)).to_have_text("1")  # one request
    expect(about.locator("td").nth(4)).to_have_text("50.0")  # of two visits
    campaigns = page.locator("section", has=page.locator("#campaigns-heading"))
    campaign = campaigns.locator("tr", has_text="newsletter / email / spring")
    expect(campaign.locator("td").nth(3)).to_have_text("1")
    languages = page.locator("section", has=page.locator("#languages-heading"))
    expect(languages.locator("tr", has_text="Español").locator("td").first).to_have_text("1")
    assert axe_violations(page) == []
    context.close()
