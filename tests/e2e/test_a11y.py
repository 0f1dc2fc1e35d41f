"""Keyboard focus, text resizing and reduced motion, at phone and desktop widths.

(axe-core, run on every page type by test_pages.py, covers contrast, names,
landmarks and the WCAG 2.2 target size of 24px.)
"""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

# For the element that has the focus: is its focus indicator visible, and is
# the element on screen and not covered by anything (e.g. a sticky header)?
FOCUS_STATE = """async () => {
    await new Promise(resolve => requestAnimationFrame(() => resolve()));  // let it settle
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const x = Math.min(Math.max(rect.left + rect.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(rect.top + Math.min(rect.height, 20) / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    return {
        label: el.outerHTML.slice(0, 80) + (hit ? ' under ' + hit.outerHTML.slice(0, 60) : ''),
        indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
            || style.boxShadow !== 'none',
        onScreen: rect.bottom > 0 && rect.top < innerHeight && rect.width > 0,
        uncovered: !!hit && (hit === el || el.contains(hit) || hit.contains(el)),
    };
}"""


@pytest.mark.parametrize(
    "url", ["/blog/how-does-ketamine-help-depression/", "/request-a-consultation/"]
)
def test_keyboard_focus_is_always_visible_and_never_covered(page, live_site, url):
    # Without smooth scrolling, the page has scrolled the focused element into
    # view by the time it is measured.
    page.emulate_media(reduced_motion="reduce")
    page.goto(url)
    problems, seen = [], 0
    for _ in range(45):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:  # past the last element: focus left the page
            break
        if not all(state[check] for check in ("indicator", "onScreen", "uncovered")):
            page.wait_for_timeout(300)  # a style change or scroll still in progress
            state = page.evaluate(FOCUS_STATE)
        seen += 1
        for check in ("indicator", "onScreen", "uncovered"):
            if not state[check]:
                problems.append((check, state["label"]))
    assert seen > 15
    assert problems == []


RESIZED_PAGES = [
    "/",
    "/blog/how-does-ketamine-help-depression/",
    "/locations/portland/",
    "/request-a-consultation/",
]


TEXT_SIZE = "parseFloat(getComputedStyle(document.body).fontSize)"
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(el => el.outerHTML.slice(0, 60))"""


def test_text_resized_to_200_percent_needs_no_sideways_scrolling(page, live_site):
    for url in RESIZED_PAGES:
        page.goto(url)
        before = page.evaluate(TEXT_SIZE)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        after = page.evaluate(TEXT_SIZE)
        assert after >= 1.9 * before, url  # sizes are relative: the text really grew
        overflow = page.evaluate(
            "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, (url, overflow, page.evaluate(OVERFLOWING))
        assert page.locator("h1").is_visible()
        assert page.locator("main").get_by_role("link").first.is_visible()


def test_reduced_motion_is_respected(page, live_site):
    page.emulate_media(reduced_motion="reduce")
    page.goto("/blog/how-does-ketamine-help-depression/")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    durations = page.evaluate(
        """() => [...document.querySelectorAll('a, button, .button')].map(el => {
            const s = getComputedStyle(el);
            return Math.max(...(s.transitionDuration + ',' + s.animationDuration)
                .split(',').map(parseFloat));
        })"""
    )
    assert max(durations) <= 0.001

    page.emulate_media(reduced_motion="no-preference")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "smooth"
