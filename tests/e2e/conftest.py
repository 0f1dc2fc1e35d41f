"""Browser tests: Playwright driving Debian's Chromium against a live server.

Never downloads a browser: Chromium comes from `apt-get install chromium`
(.ci/run installs it when missing). The browser fixture lives in
tests/conftest.py, shared with the apps' own browser tests.
"""

import pytest

from tests.conftest import BROWSER_WAIT_MS


@pytest.fixture
def page(browser, viewport, live_server):
    """A fresh browser context per test: no cookies carried between tests."""
    _name, size = viewport
    context = browser.new_context(viewport=size, base_url=live_server.url)
    context.set_default_timeout(BROWSER_WAIT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def live_site(live_server, transactional_db, demo_site):
    """The demo content, served by the live server under its own host name.

    Transactional tests empty the database after each test; demo_site puts
    the demo content back (committed, from the session's copy when there is
    one: tests.demo_snapshot) with everything a page needs (tree root,
    locale, collection, groups), so no test depends on another's leftovers.
    (serialized_rollback is no help here: Playwright's sync API switches
    greenlets, and Django's context-local connection then lacks the
    serialized copy.)
    """
    from wagtail.models import Site

    host, port = live_server.url.split("//")[1].split(":")
    site = Site.objects.get(is_default_site=True)
    site.hostname = host
    site.port = int(port)
    site.save()
    return site


def axe_violations(page):
    """WCAG 2.0/2.1/2.2 A and AA violations on the current page (axe-core)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
            }
        },
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} node(s): "
        f"{', '.join(n['target'][0] if n['target'] else '?' for n in v['nodes'][:3])})"
        for v in results.response["violations"]
    ]
