"""Every public page type in the browser, at phone and desktop widths.

One live site per test and one load per page: axe-core (WCAG 2.0/2.1/2.2 A and
AA) reports no violation, the page fits the weight budget (tests/e2e/weight.py),
every request stays on the site's own host, and no script blocks rendering.
The thank-you page is checked the same way by the visitor journey
(test_journeys.py), which is how a visitor reaches it.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations
from tests.e2e.weight import Recorder, page_weight

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    ("home", "/", 200),
    ("standard page", "/about/", 200),
    ("blog index", "/blog/", 200),
    ("topic page", "/blog/topic/depression/", 200),
    ("article", "/blog/how-does-ketamine-help-depression/", 200),
    ("person profile", "/blog/people/avery-lindqvist/", 200),
    ("location index", "/locations/", 200),
    ("location", "/locations/portland/", 200),
    ("consultation form", "/request-a-consultation/", 200),
    ("booking page", "/book/", 200),
    ("search results", "/search/?q=ketamine", 200),
    ("404", "/no-such-page/", 404),
    ("notice with taglines", "/language-assistance/", 200),
    ("accessibility statement", "/accessibility/", 200),
    ("costs page", "/costs/", 200),
    ("Good Faith Estimate notice", "/good-faith-estimate/", 200),
    # The Spanish site.
    ("Spanish home", "/es/", 200),
    ("Spanish standard page", "/es/quienes-somos/", 200),
    ("Spanish blog index", "/es/blog/", 200),
    ("Spanish article", "/es/blog/como-ayuda-la-ketamina-con-la-depresion/", 200),
    ("Spanish location", "/es/clinicas/portland/", 200),
    ("Spanish consultation form", "/es/solicitar-una-consulta/", 200),
    ("Spanish booking page", "/es/reservar/", 200),
    ("Spanish search results", "/es/search/?q=ketamina", 200),
    ("Spanish notice", "/es/aviso-de-practicas-de-privacidad/", 200),
    ("Spanish notice with taglines", "/es/asistencia-linguistica/", 200),
    ("Spanish costs page", "/es/costos/", 200),
    ("Spanish Good Faith Estimate notice", "/es/presupuesto-de-buena-fe/", 200),
]

# Scripts that are neither deferred nor async nor modules block rendering;
# inline scripts (other than JSON data blocks) would also break the strict CSP.
BLOCKING_SCRIPTS = """() => [...document.querySelectorAll('script')]
    .filter(s => !['application/ld+json', 'application/json'].includes(s.type))
    .filter(s => !s.src || !(s.defer || s.async || s.type === 'module'))
    .map(s => s.src || 'inline: ' + s.textContent.slice(0, 60))"""


def check_page(page, recorder, origin):
    """Problems on the page just loaded: axe violations, budget, blocking scripts.

    Waits for the load event, not for network silence (500 ms more per page):
    a request a script makes after loading is still recorded while axe runs,
    and the strict-policy test (test_security.py) refuses any other host."""
    page.wait_for_load_state("load")
    problems = list(axe_violations(page))
    weight = page_weight(recorder.resources(), origin)
    # The measure itself works: the page and its stylesheet were weighed.
    assert weight.by_kind.get("html", 0) > 500 and weight.by_kind.get("css", 0) > 500
    problems += weight.over_budget()
    problems += [f"render-blocking script: {s}" for s in page.evaluate(BLOCKING_SCRIPTS)]
    return problems


def booking_change_pages():
    """A booking of the demo's first free time, and its change pages: the
    move-or-cancel page, a wrong link, a link used already."""
    from django.db.models import F

    from booking.availability import Availability
    from booking.models import AppointmentType, Booking, BookingPage
    from booking.service import book

    kind = AppointmentType.objects.filter(locale__language_code="en", active=True).first()
    page = BookingPage.objects.live().filter(locale__language_code="en").first()
    slot = next(iter(Availability(kind).days().values()))[0]
    details = {"name": "Ada Example", "email": "", "phone": "503-555-0199"}
    booking = book(
        kind,
        slot.start,
        details={**details, "contact_language": "en"},
        language="en",
        consent_text="I agree.",
        page=page,
    )
    used = page.change_path(booking)
    Booking.objects.filter(pk=booking.pk).update(version=F("version") + 1)
    booking.refresh_from_db()
    return [
        ("booking change page", page.change_path(booking), 200),
        ("booking link used", used, 410),
        ("booking link not valid", page.url + "change/not-a-real-link/", 404),
    ]


def test_every_page_type_is_accessible_light_and_self_hosted(page, live_site, live_server):
    recorder = Recorder(page)
    problems = {}
    for name, url, status in PAGES:
        recorder.reset()
        response = page.goto(url)
        assert response.status == status, name
        assert page.locator("h1").count() == 1, name
        if found := check_page(page, recorder, live_server.url):
            problems[name] = found

    # The booking's change page (by the emailed link) and a used link's page.
    for name, url, status in booking_change_pages():
        recorder.reset()
        response = page.goto(url)
        assert response.status == status, name
        assert page.locator("h1").count() == 1, name
        if found := check_page(page, recorder, live_server.url):
            problems[name] = found

    # The consultation form sent empty: the error summary is shown and focused.
    page.goto("/request-a-consultation/")
    recorder.reset()
    page.get_by_role("button", name="Send my request").click()
    summary = page.locator(".error-summary")
    # Focused by the page's deferred script: wait for it, as test_journeys does.
    expect(summary).to_be_focused()
    if found := check_page(page, recorder, live_server.url):
        problems["consultation form with errors"] = found

    assert problems == {}
