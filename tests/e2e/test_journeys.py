"""Visitor journeys through the real site in the browser, at phone and desktop widths.

Each asserts what the visitor sees (text, focus, URL) and what was stored.
"""

import re

import pytest
from playwright.sync_api import expect

from forms_app.models import ConsultationSubmission
from tests.e2e.conftest import axe_violations
from tests.e2e.test_pages import check_page
from tests.e2e.weight import Recorder

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def instant_form(settings):
    """The anti-spam minimum fill time would refuse a test that types fast."""
    settings.CONSULTATION_MIN_SECONDS = 0


def open_phone_menu(page, viewport):
    """On a phone the site navigation is behind the menu button."""
    if viewport[0] == "phone":
        page.locator(".nav-toggle").click()


def tab_to(page, selector, limit=40):
    """Press Tab until the element matching `selector` has the focus."""
    target = page.locator(selector)
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def focused_id(page):
    return page.evaluate("document.activeElement.id")


def fill_form_with_keyboard(page, name="Alex Doe", email="alex@example.com"):
    """Name, email, phone, keep the preselected clinic, contact by email, consent, send."""
    tab_to(page, "#id_full_name")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_email"
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_phone"
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("(503) 555-0142")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_preferred_clinic_location"
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_preferred_contact_method_0"  # the checked radio
    page.keyboard.press("ArrowDown")
    assert focused_id(page) == "id_preferred_contact_method_1"
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_how_can_we_help"
    page.keyboard.type("I would like to know more about ketamine therapy.")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_consent_to_contact"  # the honeypot is skipped
    if not page.locator("#id_consent_to_contact").is_checked():
        page.keyboard.press("Space")
    # The notices the consent refers to are next in the tab order, then the button.
    links = page.locator(".consultation-form .form-field__links a").all()
    assert len(links) == 2  # the privacy policy and the Notice of Privacy Practices
    for link in links:
        page.keyboard.press("Tab")
        expect(link).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(".consultation-form button[type=submit]")).to_be_focused()
    page.keyboard.press("Enter")


def test_visitor_reads_an_article_and_requests_a_consultation(
    page, live_site, live_server, viewport, instant_form
):
    page.goto("/")
    open_phone_menu(page, viewport)
    page.locator("#site-nav").get_by_role("link", name="Articles").click()
    expect(page).to_have_url(re.compile(r"/blog/$"))

    page.get_by_role("link", name="How Does Ketamine Help Depression?").first.click()
    expect(page.locator("h1")).to_have_text("How Does Ketamine Help Depression?")

    # The table of contents (folded, its summary opens it) jumps to its
    # section, which is on screen.
    page.locator("#article-toc summary").click()
    page.locator("#article-toc").get_by_role("link", name="What Is Ketamine?").click()
    expect(page).to_have_url(re.compile(r"#what-is-ketamine$"))
    heading = page.locator("#what-is-ketamine")
    expect(heading).to_be_in_viewport()
    assert heading.bounding_box()["y"] >= 0  # not hidden above the top edge

    related = page.locator("#more-to-explore")
    expect(related.get_by_role("heading", name="More to explore")).to_be_visible()
    related.get_by_role("link", name="What Are the Long-Term Effects of Depression?").click()
    expect(page.locator("h1")).to_have_text("What Are the Long-Term Effects of Depression?")

    page.locator(".site-footer").get_by_role("link", name="Portland, OR", exact=True).click()
    expect(page).to_have_url(re.compile(r"/locations/portland/$"))
    expect(page.locator(".hours-status")).to_have_text(re.compile(r"open|closed", re.I))
    expect(page.locator(".location").get_by_text("Monday").first).to_be_visible()

    page.locator("main").get_by_role("link", name=re.compile("Request a consultation")).click()
    expect(page).to_have_url(re.compile(r"/request-a-consultation/\?location=portland$"))
    expect(page.locator("#id_preferred_clinic_location")).to_have_value("portland")

    recorder = Recorder(page)
    fill_form_with_keyboard(page)
    expect(page.locator("h1")).to_have_text("Thank you: your request was sent")
    assert check_page(page, recorder, live_server.url) == []

    submission = ConsultationSubmission.objects.get()
    assert submission.location.slug == "portland"
    assert submission.form_data["email"] == "alex@example.com"
    assert submission.form_data["preferred_contact_method"] == "Email"

    page.reload()  # post/redirect/get: reloading sends nothing twice
    assert ConsultationSubmission.objects.count() == 1


def test_visitor_switches_to_spanish_and_requests_a_consultation_in_spanish(
    page, live_site, live_server, viewport, instant_form
):
    page.goto("/blog/how-does-ketamine-help-depression/")
    page.locator(".language-switcher").get_by_role("link", name="Español").click()
    expect(page).to_have_url(re.compile(r"/es/blog/como-ayuda-la-ketamina-con-la-depresion/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("h1")).to_have_text("¿Cómo ayuda la ketamina con la depresión?")
    expect(page.locator(".crisis-notice")).to_contain_text("988 Lifeline en español")

    # And back: the switcher leads to the same article in English.
    page.locator(".language-switcher").get_by_role("link", name="English").click()
    expect(page.locator("h1")).to_have_text("How Does Ketamine Help Depression?")
    page.go_back()

    page.locator(".site-footer").get_by_role("link", name="Hood River, OR", exact=True).click()
    expect(page).to_have_url(re.compile(r"/es/clinicas/hood-river/$"))
    page.locator("main").get_by_role("link", name=re.compile("Solicitar una consulta")).click()
    expect(page).to_have_url(re.compile(r"/es/solicitar-una-consulta/\?location=hood-river$"))
    expect(page.locator("#id_preferred_clinic_location")).to_have_value("hood-river")
    expect(page.locator("label[for=id_full_name]")).to_contain_text("Nombre completo")

    recorder = Recorder(page)
    fill_form_with_keyboard(page, name="Ana Ejemplo", email="ana@example.com")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("main")).to_contain_text("Recibimos su solicitud")
    assert check_page(page, recorder, live_server.url) == []

    submission = ConsultationSubmission.objects.get()
    assert submission.language == "es"
    assert submission.location.slug == "hood-river"
    assert submission.form_data["preferred_contact_method"] == "Correo electrónico"
    assert submission.consent_text.startswith("Acepto")


def test_visitor_fixes_the_errors_the_form_points_to(page, live_site, instant_form):
    page.goto("/request-a-consultation/")
    page.get_by_role("button", name="Send my request").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    title = summary.get_by_role("heading")
    expect(title).to_have_text(re.compile(r"Please correct these \d+ answers"))
    # An error link takes the visitor to its field.
    summary.get_by_role("link", name=re.compile("^Email")).click()
    expect(page.locator("#id_email")).to_be_focused()
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    assert ConsultationSubmission.objects.count() == 0

    page.locator("#id_preferred_clinic_location").select_option("hood-river")
    page.locator("#id_full_name").focus()  # back up to the top of the form
    fill_form_with_keyboard(page, name="Sam Roe", email="sam@example.com")
    expect(page.locator("h1")).to_have_text("Thank you: your request was sent")
    submission = ConsultationSubmission.objects.get()
    assert submission.location.slug == "hood-river"
    assert submission.form_data["email"] == "sam@example.com"
    assert axe_violations(page) == []
