"""The site's chrome as a frightened visitor first sees it, measured in a real
browser (Debian's Chromium): a phone header of at most 96 px that still
offers a call, statuses that are not alarm red, an article that starts
within the first two screens of a phone.

Pages are rendered by the Django test client inside the test's transaction
and handed to the browser through request interception (static files from
the finders, media from MEDIA_ROOT), as tests/locations/test_browser.py
does: no live server, no database flush.
"""

import colorsys
import datetime
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.conftest import BROWSER_WAIT_MS, VIEWPORTS

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]

ORIGIN = "http://clinic.test"
LA = ZoneInfo("America/Los_Angeles")
PHONE = VIEWPORTS["phone"]
ARTICLE = "/blog/how-does-ketamine-help-depression/"
# Sunday: every demo clinic is closed, the state that used to show red pills.
SUNDAY = datetime.datetime(2026, 12, 6, 11, 0, tzinfo=LA)
# Monday late morning: both demo clinics are open.
MONDAY = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=LA)


def served_file(path):
    """A static or media file for the intercepted request, or None."""
    if path.startswith("/static/"):
        return finders.find(path.removeprefix("/static/"))
    if path.startswith(settings.MEDIA_URL):
        found = Path(settings.MEDIA_ROOT) / path.removeprefix(settings.MEDIA_URL)
        return str(found) if found.is_file() else None
    return None


@pytest.fixture
def open_page(browser, client, demo_site):
    """open_page(path, viewport=PHONE, at=None) -> a tab showing the page."""
    contexts = []
    pages = {}

    def handle(route):
        url = route.request.url
        if not url.startswith(ORIGIN):
            return route.fulfill(status=204, body="")
        path = urlsplit(url).path
        if path in pages:
            return route.fulfill(status=200, body=pages[path], content_type="text/html")
        found = served_file(path)
        if not found:
            return route.fulfill(status=404, body="")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        with open(found, "rb") as served:
            return route.fulfill(status=200, body=served.read(), content_type=content_type)

    def open_(path, viewport=PHONE, at=None):
        response = client.get(path)
        assert response.status_code == 200
        pages[path] = response.content
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(BROWSER_WAIT_MS)
        contexts.append(context)
        tab = context.new_page()
        tab.route("**/*", handle)
        if at is not None:
            tab.clock.set_fixed_time(at)
        tab.goto(ORIGIN + path)
        tab.wait_for_load_state("load")
        return tab

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("path", ["/", ARTICLE, "/locations/portland/", "/es/"])
def test_the_phone_header_is_one_short_row_with_a_call_button(open_page, path):
    tab = open_page(path)
    header = tab.locator("header.site-header")
    assert header.bounding_box()["height"] <= 96
    # The call button: an icon whose name is the words and the number.
    call = header.locator(".site-header__call")
    assert call.is_visible()
    assert call.locator("svg").is_visible()
    name = call.inner_text() or call.text_content()
    assert "555-01" in call.text_content(), name
    box = call.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44  # a thumb-sized target
    # The menu is there; "Request a consultation" lives in the page, not here.
    assert header.locator(".nav-toggle").is_visible()
    assert not header.locator(".site-header__cta").is_visible()


def test_a_clinic_page_header_dials_that_clinic(open_page):
    tab = open_page("/locations/hood-river/")
    call = tab.locator("header .site-header__call")
    assert call.get_attribute("href") == "tel:+15415550167"
    assert "Hood River" in call.text_content()


def test_the_consultation_page_does_not_offer_itself(open_page):
    tab = open_page("/request-a-consultation/", viewport=VIEWPORTS["desktop"])
    header = tab.locator("header.site-header")
    assert header.locator(".site-header__call").is_visible()
    assert header.locator(".site-header__cta").count() == 0
    # Elsewhere the desktop header keeps both actions.
    other = open_page("/about/", viewport=VIEWPORTS["desktop"])
    assert other.locator("header .site-header__cta").is_visible()


RED_ELEMENTS = """() => {
    const found = [];
    for (const element of document.querySelectorAll("body *")) {
        if (element.closest(".crisis-notice")) continue;  // the crisis band may be red
        const style = getComputedStyle(element);
        if (style.display === "none" || style.visibility === "hidden") continue;
        for (const property of ["color", "background-color", "border-top-color",
                                "border-left-color", "outline-color"]) {
            if (property === "outline-color" && style.outlineStyle === "none") continue;
            if (property.startsWith("border") && style[property.replace("color", "width")
                .replace(/-([a-z])/g, (m, c) => c.toUpperCase())] === "0px") continue;
            found.push([element.className || element.tagName, property, style[property]]);
        }
    }
    return found;
}"""


def is_red(css_colour):
    """rgb()/rgba() within 20 degrees of red and visibly tinted (pink counts)."""
    parts = css_colour[css_colour.index("(") + 1 : -1].replace("/", ",").split(",")
    red, green, blue = (float(part) for part in parts[:3])
    if len(parts) > 3 and float(parts[3]) == 0:
        return False  # transparent
    hue, _saturation, _value = colorsys.rgb_to_hsv(red / 255, green / 255, blue / 255)
    tinted = max(red, green, blue) - min(red, green, blue) >= 12
    return tinted and (hue * 360 <= 20 or hue * 360 >= 340)


@pytest.mark.parametrize(
    "path, shows_hours",
    [("/", True), ("/locations/", True), ("/locations/portland/", True), ("/blog/", False)],
)
def test_no_red_outside_the_crisis_band_when_the_clinics_are_closed(open_page, path, shows_hours):
    tab = open_page(path, at=SUNDAY)
    statuses = tab.locator("[data-hours-status]")
    if shows_hours:
        statuses.first.wait_for()
        assert "Closed" in statuses.first.inner_text()
        # Closed is a calm grey (the muted ink on a neutral tint), one line per clinic.
        assert statuses.first.evaluate("e => getComputedStyle(e).color") == "rgb(74, 90, 97)"
        assert tab.locator("[data-hours-today]").count() == 0
    red = [found for found in tab.evaluate(RED_ELEMENTS) if is_red(found[2])]
    assert red == []


def test_open_now_is_the_brand_green(open_page):
    tab = open_page("/locations/portland/", at=MONDAY)
    status = tab.locator("[data-hours-status]")
    status.wait_for()
    assert status.inner_text().startswith("Open")
    assert status.evaluate("e => getComputedStyle(e).color") == "rgb(11, 110, 79)"


def test_an_article_starts_within_two_phone_screens(open_page):
    tab = open_page(ARTICLE)
    first = tab.locator(".article__body p").first
    top = first.evaluate("e => e.getBoundingClientRect().top + window.scrollY")
    assert top < 2 * PHONE["height"]
    # The contents are folded behind a summary that says what it holds.
    toc = tab.locator("#article-toc")
    assert not toc.get_by_role("link", name="What Is Ketamine?").is_visible()
    toc.locator("summary").click()
    assert toc.get_by_role("link", name="What Is Ketamine?").is_visible()
