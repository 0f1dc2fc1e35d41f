import pytest

from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_in_a_real_browser_has_no_axe_violations(page, live_site):
    response = page.goto("/")
    assert response.status == 200
    assert page.locator("h1").first.is_visible()
    assert axe_violations(page) == []


def test_skip_link_moves_focus_to_main(page, live_site):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_phone_menu_button_toggles_navigation(page, live_site, viewport):
    name, _size = viewport
    page.goto("/")
    toggle = page.locator(".nav-toggle")
    nav = page.locator("#site-nav")
    if name == "desktop":
        assert not toggle.is_visible()
        assert nav.is_visible()
        return
    assert toggle.is_visible()
    assert not nav.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert nav.is_visible()
    page.keyboard.press("Escape")
    assert not nav.is_visible()
