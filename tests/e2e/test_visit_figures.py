"""The whole journey in a real browser: views counted by the beacon (cached
and uncached, with and without a campaign, in English and Spanish), a
consultation request, the roll-up, and the report marketing reads."""

import re
import time

import pytest
from playwright.sync_api import expect

from analytics.models import Hit
from analytics.rollup import roll_up
from forms_app.models import ConsultationSubmission
from tests.conftest import BROWSER_WAIT_MS
from tests.e2e.conftest import axe_violations
from tests.e2e.test_journeys import fill_form_with_keyboard

pytestmark = pytest.mark.django_db(transaction=True)

# A desktop Chrome's user agent: headless Chromium names itself
# "HeadlessChrome", which the counter leaves out as a robot.
CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/140.0.0.0 Safari/537.36"
)
ARTICLE = "/blog/how-does-ketamine-help-depression/"
CAMPAIGN = "?utm_source=newsletter&utm_medium=email&utm_campaign=spring"
PASSWORD = "a-long-test-password"  # noqa: S105


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
    assert page.goto("/about/").headers["x-cache"] == "HIT"  # counted from the cache too
    page.goto("/es/")
    page.goto(ARTICLE + CAMPAIGN)  # a visit from the newsletter starts here
    page.goto("/request-a-consultation/?location=portland", referer=live_server.url + ARTICLE)
    wait_for_views(5)
    fill_form_with_keyboard(page)
    expect(page.locator("h1")).to_have_text("Thank you: your request was sent")
    assert {cookie["name"] for cookie in context.cookies()} <= {"csrftoken"}
    request = ConsultationSubmission.objects.get()
    assert (request.landing_page, request.campaign) == (ARTICLE, "newsletter / email / spring")
    wait_for_views(6)  # the thank-you page
    roll_up()

    django_user_model.objects.create_superuser("marketing-lead", "lead@example.test", PASSWORD)
    page.goto("/admin/login/")
    page.locator("#id_username").fill("marketing-lead")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto("/admin/reports/visits/")

    landing = page.locator("section", has=page.locator("#landing-heading"))
    article_row = landing.locator("tr", has_text="How Does Ketamine Help Depression?")
    expect(article_row.locator("td").nth(3)).to_have_text("1")  # one request
    expect(article_row.locator("td").nth(4)).to_have_text("100.0")  # from one visit
    campaigns = page.locator("section", has=page.locator("#campaigns-heading"))
    expect(campaigns).to_contain_text("newsletter / email / spring")
    pages = page.locator("section", has=page.locator("#pages-heading"))
    expect(pages.locator("tr", has_text="About us").locator("td").first).to_have_text("2")
    languages = page.locator("section", has=page.locator("#languages-heading"))
    expect(languages.locator("tr", has_text="Español").locator("td").first).to_have_text("1")
    assert axe_violations(page) == []
    context.close()
