"""Staff journeys through the real Wagtail admin in the browser.

Desktop width only: the admin is a staff tool used at a desk, and these
journeys are the slowest browser tests (the public pages they change are
checked at both widths by test_pages.py and test_journeys.py). Users are
created with the project's real groups.
"""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from blog.editorial import MARKETING_EDITORS
from forms_app.groups import GROUP_NAME as INTAKE_COORDINATORS
from forms_app.models import ConsultationPage, ConsultationSubmission
from home.models import NavigationSettings, SiteSettings
from locations.models import LocationPage
from tests.conftest import VIEWPORTS
from tests.factories.forms_app import ConsultationSubmissionFactory

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = ("desktop", VIEWPORTS["desktop"])
PASSWORD = "a-long-test-password-1"
ANSWER = "Distinctive-Answer-4412"


@pytest.fixture
def viewport():
    return DESKTOP


def staff(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.test", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def log_in(browser, live_server, user):
    """A fresh browser context logged in through the admin's login form."""
    context = browser.new_context(viewport=DESKTOP[1], base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


def test_intake_coordinator_handles_a_request_and_marketing_cannot_see_it(
    browser, live_server, live_site, django_user_model
):
    ConsultationSubmissionFactory(
        page=ConsultationPage.objects.get(),
        location=LocationPage.objects.get(slug="portland"),
        form_data={"full_name": ANSWER, "email": "ada@example.test"},
    )
    coordinator = staff(django_user_model, "intake", INTAKE_COORDINATORS)
    page = log_in(browser, live_server, coordinator)

    page.get_by_role("link", name="Consultation requests").first.click()
    expect(page).to_have_url(re.compile(r"/admin/consultation-requests/$"))
    row = page.locator("table tbody tr").first
    expect(row).to_contain_text("New")
    row.get_by_role("link").first.click()
    expect(page.locator("main")).to_contain_text(ANSWER)

    submission = ConsultationSubmission.objects.get()
    page.goto(f"/admin/consultation-requests/edit/{submission.pk}/")
    page.locator("#id_status").select_option("contacted")
    page.get_by_role("button", name="Save").first.click()
    expect(page).to_have_url(re.compile(r"/admin/consultation-requests/"))
    submission.refresh_from_db()
    assert submission.status == "contacted"

    page.goto("/admin/consultation-requests/")
    expect(page.locator("table tbody tr").first).to_contain_text("Contacted")
    page.locator('[aria-label="Actions"]').get_by_role("button").first.click()  # "..." menu
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download CSV", re.I)).first.click()
    with open(download_info.value.path(), encoding="utf-8-sig") as exported:
        assert "Contacted" in exported.read()
    page.context.close()

    editor = staff(django_user_model, "marketing", MARKETING_EDITORS)
    page = log_in(browser, live_server, editor)
    expect(page.get_by_role("link", name="Consultation requests")).to_have_count(0)
    for url in [
        "/admin/consultation-requests/",
        f"/admin/consultation-requests/inspect/{submission.pk}/",
        "/admin/consultation-requests/?export=csv",
    ]:
        response = page.goto(url)
        assert "/admin/consultation-requests/" not in page.url or response.status == 403, url
        assert ANSWER not in page.content(), url
    page.context.close()


def test_marketing_editor_changes_the_phone_and_a_menu_item_everywhere(
    browser, live_server, live_site, django_user_model
):
    editor = staff(django_user_model, "marketing", MARKETING_EDITORS)
    page = log_in(browser, live_server, editor)

    page.goto(f"/admin/settings/home/sitesettings/{live_site.pk}/")
    page.locator("#id_phone").fill("(503) 555-0199")
    page.get_by_role("button", name="Save").first.click()
    expect(page.locator(".messages")).to_contain_text(re.compile("updated", re.I))

    page.goto(f"/admin/settings/home/navigationsettings/{live_site.pk}/")
    labels = page.locator("input[name^='header_links-'][name$='-value-label']")
    expect(labels.first).to_be_visible()
    about = [i for i in range(labels.count()) if labels.nth(i).input_value() == "About"]
    assert len(about) == 1
    labels.nth(about[0]).fill("Our clinicians")
    page.get_by_role("button", name="Save").first.click()
    expect(page.locator(".messages")).to_contain_text(re.compile("updated", re.I))
    assert SiteSettings.for_site(live_site).phone == "(503) 555-0199"
    header_links = NavigationSettings.for_site(live_site).header_links
    assert "Our clinicians" in [block.value["label"] for block in header_links]

    for url in [
        "/",
        "/about/",
        "/blog/",
        "/blog/how-does-ketamine-help-depression/",
        "/locations/portland/",
        "/request-a-consultation/",
        "/search/?q=ketamine",
    ]:
        page.goto(url)
        expect(page.locator("#site-nav")).to_contain_text("Our clinicians")
        expect(page.locator('a[href="tel:+15035550199"]').first).to_be_attached()
        expect(page.locator(".site-footer")).to_contain_text("(503) 555-0199")
        assert "555-0100" not in page.locator("body").inner_text(), url
    page.context.close()
