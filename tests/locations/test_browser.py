"""Location pages in a real browser (Playwright on Debian's Chromium, from
tests/e2e/conftest.py): the "open now" script at fixed times, the map that loads
only on request, and axe-core WCAG A/AA checks at phone and desktop widths.

The pages are rendered by the Django test client inside the test's transaction
and handed to the browser through request interception (static files straight
from the finders), so these tests need no live server and no database flush.
"""

import datetime
import mimetypes
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.contrib.staticfiles import finders

from tests.conftest import BROWSER_WAIT_MS
from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]

LA = ZoneInfo("America/Los_Angeles")
ORIGIN = "http://clinic.test"


@pytest.fixture
def tab(browser, viewport):
    _name, size = viewport
    context = browser.new_context(viewport=size)
    context.set_default_timeout(BROWSER_WAIT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture
def open_page(tab, client, demo_site):
    """open_page(path, at=local datetime) -> the browser tab showing that page.

    Records every request the browser makes in ``tab.requests``; anything outside
    the site gets an empty answer (the test never reaches the internet)."""
    tab.requests = []

    def handle(route):
        url = route.request.url
        tab.requests.append(url)
        if not url.startswith(ORIGIN):
            return route.fulfill(status=204, body="")
        path = urlsplit(url).path
        if path.startswith("/static/"):
            found = finders.find(path.removeprefix("/static/"))
            if not found:
                return route.fulfill(status=404, body="")
            content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            with open(found, "rb") as static_file:
                return route.fulfill(status=200, body=static_file.read(), content_type=content_type)
        if path in pages:
            return route.fulfill(status=200, body=pages[path], content_type="text/html")
        return route.fulfill(status=404, body="")

    pages = {}
    tab.route("**/*", handle)

    def open_(path, at=None):
        response = client.get(path)
        assert response.status_code == 200
        pages[path] = response.content
        if at is not None:
            tab.clock.set_fixed_time(at)
        tab.goto(ORIGIN + path)
        return tab

    return open_


def local(*args):
    return datetime.datetime(*args, tzinfo=LA)


def next_day_of_year(month, day):
    """From the clinic's today (included), the first date that is month/day:
    the demo's holidays (past closures are not shown)."""
    date = datetime.datetime.now(LA).date()
    while (date.month, date.day) != (month, day):
        date += datetime.timedelta(days=1)
    return date


def closed_for(holiday, note):
    """At 10:00 on a holiday, Portland (Monday to Friday from 9:00) says when it opens next."""
    offset = 1
    while (holiday + datetime.timedelta(days=offset)).weekday() >= 5:
        offset += 1
    reopens = holiday + datetime.timedelta(days=offset)
    when = "tomorrow" if offset == 1 else f"{reopens:%A}"
    return (
        local(holiday.year, holiday.month, holiday.day, 10, 0),
        f"Closed, opens {when} at 9:00 AM ({note})",
        str(holiday.weekday()),
    )


@pytest.mark.parametrize(
    ("when", "status", "today"),
    [
        (local(2026, 11, 30, 10, 0), "Open now, closes at 5:00 PM", "0"),
        (local(2026, 12, 2, 12, 30), "Closed, opens at 1:00 PM", "2"),  # lunch break
        (local(2026, 12, 4, 18, 0), "Closed, opens Monday at 9:00 AM", "4"),
    ],
)
def test_open_now_and_today_on_the_location_page(open_page, when, status, today):
    assert_status(open_page, when, status, today)


@pytest.mark.parametrize(
    ("month", "day", "note"), [(12, 25, "Christmas Day"), (1, 1, "New Year's Day")]
)
def test_closed_on_the_demo_holidays(open_page, month, day, note):
    # Computed after the demo content was loaded, from the same today.
    when, status, today = closed_for(next_day_of_year(month, day), note)
    assert_status(open_page, when, status, today)


def assert_status(open_page, when, status, today):
    tab = open_page("/locations/portland/", at=when)
    element = tab.locator("[data-hours-status]")
    assert element.is_visible()
    assert element.inner_text() == status
    marked = tab.locator('tr[aria-current="date"]')
    assert marked.count() == 1
    assert marked.get_attribute("data-weekday") == today
    assert "(today)" in marked.inner_text()


def test_open_now_pill_speaks_spanish_on_the_spanish_page(open_page):
    """The script takes its words from the page: Thursday evening in Portland,
    the Spanish page says when it opens tomorrow, on a 24-hour clock."""
    tab = open_page("/es/clinicas/portland/", at=local(2026, 12, 3, 18, 0))
    assert tab.locator("[data-hours-status]").inner_text() == "Cerrado, abre mañana a las 9:00"
    marked = tab.locator('tr[aria-current="date"]')
    assert marked.get_attribute("data-weekday") == "3"
    assert "(hoy)" in marked.inner_text() and "jueves" in marked.inner_text()
    cards = open_page("/es/", at=local(2026, 12, 2, 12, 30))
    assert cards.locator("[data-hours-status]").nth(0).inner_text() == ("Cerrado, abre a las 13:00")


def test_cards_show_one_status_line_each(open_page):
    """The status says it once; the week's hours are in the card's summary."""
    tab = open_page("/locations/", at=local(2026, 12, 2, 12, 30))
    statuses = tab.locator("[data-hours-status]")
    assert statuses.count() == 2
    assert statuses.nth(0).inner_text() == "Closed, opens at 1:00 PM"
    assert statuses.nth(1).inner_text().startswith("Open")
    assert tab.locator("[data-hours-today]").count() == 0


def test_map_loads_only_when_asked(open_page):
    tab = open_page("/locations/portland/")
    tab.wait_for_load_state("load")
    assert [url for url in tab.requests if not url.startswith(ORIGIN)] == []
    assert tab.locator("iframe").count() == 0

    tab.get_by_role("button", name="Show map").click()
    frame = tab.locator("iframe.location-map__frame")
    assert frame.count() == 1
    assert frame.get_attribute("src").startswith("https://www.openstreetmap.org/export/embed.html?")
    assert frame.get_attribute("title") == "Map: Portland, OR"
    assert tab.get_by_role("button", name="Show map").count() == 0


@pytest.mark.parametrize("path", ["/locations/", "/locations/portland/"])
def test_location_pages_have_no_axe_violations(open_page, path):
    tab = open_page(path, at=local(2026, 11, 30, 10, 0))  # status shown, today marked
    tab.get_by_role("button", name="Show map").wait_for()
    assert axe_violations(tab) == []


def test_clinic_page_puts_the_call_panel_beside_the_photos_on_desktop_and_first_on_phones(
    open_page, viewport
):
    """At 1280 px the panel to call and visit stands to the right of the
    photos, tops aligned, and stays in view while the photos scroll by; at
    390 px it comes first, the clinic's own number and the week's hours above
    the photos."""
    name, size = viewport
    tab = open_page("/locations/portland/", at=local(2026, 11, 30, 10, 0))
    tab.get_by_role("button", name="Show map").wait_for()
    aside = tab.locator(".location__aside").bounding_box()
    main = tab.locator(".location__main").bounding_box()
    # The panel's button (the header has its own, to the same number).
    call = tab.locator(".location__aside").get_by_role("link", name="Call Portland (503) 555-0142")
    gallery = tab.locator(".location-gallery").bounding_box()
    hours = tab.locator(".hours-table").bounding_box()
    if name == "desktop":
        assert aside["x"] >= main["x"] + main["width"]
        assert abs(aside["y"] - main["y"]) < 2
        assert main["width"] > aside["width"] > 300
        # On a screen tall enough for the whole panel, scrolled past the top of
        # the photos: the panel stays at the top of the screen, the call
        # button in view.
        tab.set_viewport_size({"width": 1280, "height": 1000})
        tab.evaluate(f"window.scrollTo(0, {main['y'] + 150})")
        assert tab.locator(".location__aside").bounding_box()["y"] >= 0
        box = call.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 1000
    else:
        assert aside["y"] + aside["height"] <= main["y"]
        assert call.bounding_box()["y"] < hours["y"] < gallery["y"]
        # One column: nothing wider than the screen.
        assert tab.evaluate("document.documentElement.scrollWidth") <= size["width"]
