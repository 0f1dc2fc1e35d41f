"""The intake list as a coordinator's screen shows it (Playwright on Debian's
Chromium): at 1024 and 1280 px every column is readable, no cell breaks a
word across lines and nothing runs off the screen.

The pages are rendered by the Django test client (signed in as a
coordinator) inside the test's transaction and handed to the browser by
request interception, static files straight from the finders, as in
tests/locations/test_browser.py: no live server, no database flush.
"""

import datetime
import mimetypes
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.contrib.staticfiles import finders
from django.utils import timezone

from forms_app.groups import GROUP_NAME, ensure_intake_coordinators_group
from forms_app.models import ConsultationSubmission
from tests.conftest import BROWSER_WAIT_MS
from tests.factories.forms_app import ConsultationSubmissionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]

ORIGIN = "http://clinic.test"

# Per cell of the listing: the words drawn on more than one line (a word
# broken between two letters; a break after a hyphen is a line break as
# typesetters make it), and whether the cell runs past the table's box.
MEASURE = """
() => {
    const table = document.querySelector("#listing-results table");
    const box = table.parentElement.getBoundingClientRect();
    const problems = [];
    for (const cell of table.querySelectorAll("th, td")) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            if (!parent.getClientRects().length) continue;  // hidden (menus)
            if (parent.closest("[hidden], .w-sr-only, .visually-hidden")) continue;
            const text = node.textContent;
            for (const match of text.matchAll(/[^\\s-]+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set(
                    [...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))
                );
                if (lines.size > 1) problems.push(`"${match[0]}" breaks across lines`);
            }
        }
        const rect = cell.getBoundingClientRect();
        if (rect.right > box.right + 1) problems.push(`"${cell.innerText.trim()}" overflows`);
    }
    const page = document.documentElement;
    if (page.scrollWidth > window.innerWidth) problems.push("the page scrolls sideways");
    return problems;
}
"""


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(BROWSER_WAIT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture
def coordinator_client(client, django_user_model, consultation_page):
    ensure_intake_coordinators_group()
    user = django_user_model.objects.create_user(
        username="intake",
        first_name="Marisol",
        last_name="Castellanos-Whitfield",
        password="a-long-test-password-1",  # noqa: S106
    )
    user.groups.add(Group.objects.get(name=GROUP_NAME))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def requests_listed(coordinator_client, consultation_page, clinics):
    """Requests as a busy morning leaves them: long names, both clinics,
    assigned, overdue, in Spanish."""
    now = timezone.now()
    rows = [
        ("Alexandria Montgomery-Fitzgerald", "(503) 555-0199", "Text message", "hood-river"),
        ("Ada Example", "503.555.0142", "Phone call", "portland"),
        ("Jo Li", "+1 541 555 0177", "Email", "portland"),
    ]
    for index, (name, phone, contact, clinic) in enumerate(rows):
        ConsultationSubmissionFactory(
            page=consultation_page,
            location=clinics[clinic],
            location_name=clinics[clinic].title,
            language="es" if index == 2 else "en",
            form_data={
                "full_name": name,
                "email": f"person{index}@example.test",
                "phone": phone,
                "preferred_contact_method": contact,
            },
            status=ConsultationSubmission.Status.VOICEMAIL
            if index == 0
            else ConsultationSubmission.Status.NEW,
            assigned_to=coordinator_client.user if index == 0 else None,
            follow_up_due=now - datetime.timedelta(days=2),
        )
    return coordinator_client


def show(tab, client, path, width):
    """The page ``path`` as the client gets it, in the browser at ``width`` px."""
    pages = {path: client.get(path)}
    assert pages[path].status_code == 200

    def handle(route):
        url = urlsplit(route.request.url)
        if f"{url.scheme}://{url.netloc}" != ORIGIN:
            return route.fulfill(status=204, body="")
        if url.path.startswith("/static/"):
            found = finders.find(url.path.removeprefix("/static/"))
            if not found:
                return route.fulfill(status=404, body="")
            content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            with open(found, "rb") as static_file:
                return route.fulfill(status=200, body=static_file.read(), content_type=content_type)
        if url.path == urlsplit(path).path:
            return route.fulfill(
                status=200, body=pages[path].content, content_type="text/html; charset=utf-8"
            )
        return route.fulfill(status=204, body="")

    tab.set_viewport_size({"width": width, "height": 800})
    tab.route("**/*", handle)
    tab.goto(ORIGIN + path)
    tab.wait_for_selector("#listing-results table")
    return tab


@pytest.mark.parametrize("width", [1024, 1280])
def test_every_column_fits_at_desk_widths(tab, requests_listed, width):
    view = show(tab, requests_listed, "/admin/consultation-requests/", width)
    headers = [text.strip() for text in view.locator("#listing-results thead th").all_inner_texts()]
    for label in ["Name", "Phone", "Clinic", "Status", "Assigned to", "Follow-up due"]:
        assert label in headers
    assert "Alexandria Montgomery-Fitzgerald" in view.locator("#listing-results").inner_text()
    assert view.evaluate(MEASURE) == []
