"""Staff journeys through the real Wagtail admin in the browser, each at the
width its user most likely has, so the set covers a phone and a desk.

- An intake coordinator handles a consultation request; a marketing editor
  cannot see requests.
- A marketing editor changes the clinic's phone number and a menu item; every
  page shows them.
- A marketing editor writes a health article (heading, paragraph, list, image
  with alt text, consultation call to action), previews it and submits it to
  the "Medical review" workflow; a medical reviewer approves it from the
  dashboard; visitors then get it, on the blog index and under "More To
  Explore", through the full-page cache that had stored those pages before.

At 390 px the admin works as at a desk, except that the sidebar folds away
behind "Toggle sidebar" (and the public site's menu behind "Menu"): the
journeys open them as a person would. Each journey runs once (they cost 15
to 35 s each): the intake coordinator and the article's writer and reviewer
at a 1280 px desk, the editor who fixes the phone number on a phone. The
intake list at 1024 and 1280 px has its own test
(tests/forms_app/test_list_browser.py). Users are created with the
project's real groups.
"""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Page

from blog.editorial import MARKETING_EDITORS, MEDICAL_REVIEWERS
from blog.models import ArticlePage, BlogIndexPage
from core.models import NavigationSettings, SiteSettings
from forms_app.groups import GROUP_NAME as INTAKE_COORDINATORS
from forms_app.models import ConsultationPage, ConsultationSubmission
from locations.models import LocationPage
from tests.conftest import BROWSER_WAIT_MS, VIEWPORTS
from tests.factories.forms_app import ConsultationSubmissionFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-1"


def at(width):
    """Run the journey at one of the suite's viewports ("phone" or "desktop")."""
    return pytest.mark.parametrize("viewport", [(width, VIEWPORTS[width])], ids=[width])


ANSWER = "Distinctive-Answer-4412"


def staff(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.test", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def log_in(browser, live_server, user, viewport):
    """A fresh browser context logged in through the admin's login form."""
    context = browser.new_context(viewport=viewport[1], base_url=live_server.url)
    context.set_default_timeout(BROWSER_WAIT_MS)
    page = context.new_page()
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


def open_menu(page, viewport):
    """The admin's main menu: at phone width the sidebar is folded away behind
    its "Toggle sidebar" button, as a person on a phone would find it."""
    if viewport[0] == "phone":
        page.get_by_role("button", name="Toggle sidebar").first.click()
    menu = page.get_by_role("navigation", name="Main menu")
    expect(menu).to_be_visible()
    return menu


@at("desktop")
def test_intake_coordinator_handles_a_request_and_marketing_cannot_see_it(
    browser, live_server, live_site, django_user_model, viewport
):
    ConsultationSubmissionFactory(
        page=ConsultationPage.objects.get(locale__language_code="en"),
        location=LocationPage.objects.get(slug="portland", locale__language_code="en"),
        form_data={"full_name": ANSWER, "email": "ada@example.test"},
    )
    coordinator = staff(django_user_model, "intake", INTAKE_COORDINATORS)
    page = log_in(browser, live_server, coordinator, viewport)

    open_menu(page, viewport).get_by_role("link", name="Consultation requests").click()
    expect(page).to_have_url(re.compile(r"/admin/consultation-requests/$"))
    row = page.locator("#listing-results tbody tr").first
    expect(row).to_contain_text("New")
    # Follow-up in one step from the list: the row's menu, then the outcome.
    row.get_by_role("button", name=re.compile("More options")).click()
    row.get_by_role("link", name="Record outcome").click()
    page.get_by_label("Left voicemail").check()
    page.get_by_label("Note").fill("No answer, left a message")
    page.get_by_role("button", name="Record outcome").click()
    expect(page).to_have_url(re.compile(r"/admin/consultation-requests/$"))
    expect(page.locator(".messages")).to_contain_text("Recorded 'Left voicemail'")
    row = page.locator("#listing-results tbody tr").first
    expect(row).to_contain_text("Left voicemail")
    row.get_by_role("link", name=re.compile(r"^#\d+$")).click()
    expect(page.locator("main")).to_contain_text(ANSWER)
    expect(page.locator("main")).to_contain_text("No answer, left a message")

    submission = ConsultationSubmission.objects.get()
    page.goto(f"/admin/consultation-requests/edit/{submission.pk}/")
    page.locator("#id_status").select_option("contacted")
    page.get_by_role("button", name="Save").first.click()
    expect(page).to_have_url(re.compile(r"/admin/consultation-requests/"))
    submission.refresh_from_db()
    assert submission.status == "contacted"

    page.goto("/admin/consultation-requests/")
    expect(page.locator("#listing-results tbody tr").first).to_contain_text("Contacted")
    page.locator('[aria-label="Actions"]').get_by_role("button").first.click()  # "..." menu
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download CSV", re.I)).first.click()
    with open(download_info.value.path(), encoding="utf-8-sig") as exported:
        assert "Contacted" in exported.read()
    page.context.close()

    editor = staff(django_user_model, "marketing", MARKETING_EDITORS)
    page = log_in(browser, live_server, editor, viewport)
    menu = open_menu(page, viewport)
    expect(menu.get_by_role("button", name="Pages")).to_be_visible()
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


@at("phone")
def test_marketing_editor_changes_the_phone_and_a_menu_item_everywhere(
    browser, live_server, live_site, django_user_model, viewport
):
    editor = staff(django_user_model, "marketing", MARKETING_EDITORS)
    page = log_in(browser, live_server, editor, viewport)

    page.goto(f"/admin/settings/core/sitesettings/{live_site.pk}/")
    page.locator("#id_phone").fill("(503) 555-0199")
    page.get_by_role("button", name="Save").first.click()
    expect(page.locator(".messages")).to_contain_text(re.compile("updated", re.I))

    page.goto(f"/admin/settings/core/navigationsettings/{live_site.pk}/")
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
        if viewport[0] == "phone":  # the menu folds behind its button
            page.get_by_role("button", name="Menu").click()
        nav = page.get_by_role("navigation", name="Main")
        expect(nav.get_by_role("link", name="Our clinicians")).to_be_visible()
        # A clinic's page calls that clinic from its header; every other page
        # the main number.
        number = "555-0142" if url == "/locations/portland/" else "555-0199"
        call = page.locator(".site-header").get_by_role("link", name=re.compile(number))
        expect(call).to_be_visible()
        if number == "555-0199":
            expect(call).to_have_attribute("href", "tel:+15035550199")
        expect(page.locator(".site-footer")).to_contain_text("(503) 555-0199")
        assert "555-0100" not in page.locator("body").inner_text(), url
    page.context.close()


# --- A health article, from the marketing editor to the public site -------------

ARTICLE_TITLE = "Sleep and Mood: What Helps"
ARTICLE_URL = "/blog/sleep-and-mood-what-helps/"
HEADING = "Why sleep matters for mood"
PARAGRAPH = "Poor sleep and low mood often travel together."
LIST_ITEMS = ["Keep a regular bedtime", "Limit screens late at night"]
ALT_TEXT = "A bedside lamp glowing in a dark bedroom"
CTA_TEXT = "Talk to our team about sleep and depression."
RELATED_URL = "/blog/what-are-the-long-term-effects-of-depression/"  # topic Mental Health


def jpeg(path):
    from PIL import Image

    Image.new("RGB", (800, 600), (40, 60, 90)).save(path, format="JPEG")
    return path


def insert_block(page, body, label):
    """Append a block to a StreamField through its last "+" and the block menu."""
    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=re.compile(f"^{re.escape(label)}", re.I)).first.click()


def rich_text(page, input_id):
    """The Draftail editor of a rich text field (its value is a hidden input)."""
    return page.locator(f"div:has(> #{input_id}) [contenteditable='true']")


def write_article(page, tmp_path):
    """What the editor types on each tab of the article form."""
    page.locator("#id_title").fill(ARTICLE_TITLE)
    page.locator("#id_summary").fill("How sleep and mood affect each other.")
    body = page.locator("[data-contentpath='body']")
    insert_block(page, body, "Heading")
    page.locator("#body-0-value-text").fill(HEADING)
    insert_block(page, body, "Paragraph")
    rich_text(page, "body-1-value").click()
    page.keyboard.type(PARAGRAPH)
    insert_block(page, body, "List")
    page.locator("#body-2-value-items-0-value").fill(LIST_ITEMS[0])
    body.locator("[data-streamfield-list-add]").last.click()
    page.locator("#body-2-value-items-1-value").fill(LIST_ITEMS[1])

    insert_block(page, body, "Image")
    body.get_by_role("button", name="Choose an image").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name="Upload").click()
    modal.locator("#id_image-chooser-upload-file").set_input_files(jpeg(tmp_path / "lamp.jpg"))
    expect(modal.locator("#id_image-chooser-upload-title")).to_have_value("lamp")
    modal.get_by_role("button", name="Upload").click()
    expect(modal).to_be_hidden()
    expect(body.locator("[data-chooser-title]").first).to_have_text("lamp")
    # Choosing the image fills in Wagtail's suggested alt text (the image's title,
    # here its file name "lamp"): the editor replaces it with a description.
    page.locator("#body-3-value-image-alt_text").fill(ALT_TEXT)

    insert_block(page, body, "Consultation call to action")
    rich_text(page, "body-4-value-text").click()
    page.keyboard.type(CTA_TEXT)

    # The review fields are the review's to fill in: the writer has none.
    page.get_by_role("tab", name="Authors and review").click()
    expect(page.locator("#id_medical_reviewer")).to_have_count(0)
    expect(page.locator("#id_last_reviewed")).to_have_count(0)

    page.get_by_role("tab", name="Topics and related").click()
    page.get_by_label("Mental Health").check()
    page.get_by_role("tab", name="Content").click()


def expect_article(view):
    """The article as readers see it (a page, or the preview's frame)."""
    expect(view.get_by_role("heading", name=HEADING)).to_be_visible()
    expect(view.locator("main")).to_contain_text(PARAGRAPH)
    for item in LIST_ITEMS:
        expect(view.locator("main li").filter(has_text=item)).to_have_count(1)
    expect(view.get_by_role("img", name=ALT_TEXT)).to_have_count(1)
    cta = view.locator(".consultation-cta")
    expect(cta).to_contain_text(CTA_TEXT)
    # No page chosen in the block: the button goes to the clinic's consultation page.
    expect(cta.get_by_role("link", name="Request a consultation")).to_have_attribute(
        "href", "/request-a-consultation/"
    )


@at("desktop")
def test_marketing_editor_writes_an_article_that_goes_live_after_medical_review(
    browser, live_server, live_site, django_user_model, settings, tmp_path, viewport
):
    # The full-page cache as in production: publishing must refresh what it stored.
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    visitor = browser.new_context(viewport=viewport[1], base_url=live_server.url)
    visitor.set_default_timeout(BROWSER_WAIT_MS)
    public = visitor.new_page()
    for url in ["/blog/", RELATED_URL]:  # in the page cache before the article exists
        assert public.goto(url).headers.get("x-cache") == "MISS"
        assert public.goto(url).headers.get("x-cache") == "HIT"
        expect(public.locator("main")).not_to_contain_text(ARTICLE_TITLE)

    editor = staff(django_user_model, "marketing", MARKETING_EDITORS)
    page = log_in(browser, live_server, editor, viewport)
    index = BlogIndexPage.objects.get(locale__language_code="en")
    page.goto(f"/admin/pages/{index.pk}/")
    page.get_by_role("link", name="Add child page").first.click()  # only articles go here
    expect(page).to_have_url(re.compile(rf"/admin/pages/add/blog/articlepage/{index.pk}/$"))
    write_article(page, tmp_path)

    page.get_by_role("button", name="Toggle preview").click()
    expect_article(page.frame_locator("#w-preview-iframe"))
    page.get_by_role("button", name="Toggle preview").click()

    footer = page.locator("footer")
    footer.get_by_role("button", name="More actions").click()
    submit = footer.get_by_role("button", name="Submit to Medical review")
    expect(submit).to_be_visible()
    expect(footer.get_by_role("button", name="Publish")).to_have_count(0)  # reviewers only
    submit.click()
    # Wagtail autosaves a new page within half a second, so the submit lands in
    # either the create view or the edit view; both tell the editor the same thing.
    expect(page.locator(".messages")).to_contain_text(
        re.compile(
            rf"Page '{re.escape(ARTICLE_TITLE)}' (has been|created and) submitted for moderation"
        )
    )
    row = page.locator("table tbody tr").filter(has_text=ARTICLE_TITLE)
    expect(row).to_contain_text(re.compile("In moderation", re.I))

    article = ArticlePage.objects.get(title=ARTICLE_TITLE)
    assert not article.live
    assert article.current_workflow_state.status == "in_progress"
    assert article.current_workflow_task.name == "Approval by a medical reviewer"
    assert public.goto(ARTICLE_URL).status == 404
    page.context.close()

    reviewer = staff(django_user_model, "reviewer", MEDICAL_REVIEWERS)
    page = log_in(browser, live_server, reviewer, viewport)
    awaiting = page.get_by_role("region", name="Awaiting your review")
    row = awaiting.locator("tbody tr").filter(has_text=ARTICLE_TITLE)
    expect(row).to_contain_text("marketing")  # submitted by
    row.get_by_role("button", name="Actions").click()
    with page.expect_navigation():  # the dashboard posts the action and comes back
        row.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_role("heading", name="Site summary")).to_be_visible()
    expect(awaiting).to_have_count(0)
    page.goto(f"/admin/pages/{index.pk}/")
    row = page.locator("table tbody tr").filter(has_text=ARTICLE_TITLE)
    expect(row.get_by_role("link", name="Current page status: live")).to_be_visible()
    page.context.close()

    article = Page.objects.get(pk=article.pk).specific
    assert article.live
    assert article.current_workflow_state is None
    stored = {block.block_type: block.value for block in article.body}
    assert stored["heading"]["text"] == HEADING
    assert PARAGRAPH in stored["paragraph"].source
    assert list(stored["list"]["items"]) == LIST_ITEMS
    assert stored["image"]["image"].contextual_alt_text == ALT_TEXT
    assert CTA_TEXT in stored["consultation_cta"]["text"].source
    assert stored["consultation_cta"]["page"] is None

    # The visitor: the article, and the pages the cache had stored, now fresh.
    assert public.goto(ARTICLE_URL).status == 200
    expect_article(public)
    response = public.goto("/blog/")
    assert (response.status, response.headers.get("x-cache")) == (200, "MISS")
    expect(public.locator("main").get_by_role("link", name=ARTICLE_TITLE)).to_be_visible()
    response = public.goto(RELATED_URL)
    assert (response.status, response.headers.get("x-cache")) == (200, "MISS")
    related = public.get_by_role("region", name="More to explore")
    expect(related.get_by_role("link", name=ARTICLE_TITLE)).to_be_visible()
    visitor.close()
