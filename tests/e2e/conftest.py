"""Browser tests: Playwright driving Debian's Chromium against a live server.

Never downloads a browser: Chromium comes from `apt-get install chromium`
(.ci/run installs it when missing). Locally, without Chromium, these tests
are skipped with a message; in CI (CI=true) a missing browser is a failure.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's
# async-safety check would refuse the test's own ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param, VIEWPORTS[request.param]


@pytest.fixture
def page(browser, viewport, live_server):
    """A fresh browser context per test: no cookies carried between tests."""
    _name, size = viewport
    context = browser.new_context(viewport=size, base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def live_site(live_server, transactional_db):
    """The demo content, served by the live server under its own host name.

    Transactional tests empty the database after each test; the demo-content
    command rebuilds everything a page needs (tree root, locale, collection,
    groups) so no test depends on another's leftovers. (serialized_rollback
    is no help here: Playwright's sync API switches greenlets, and Django's
    context-local connection then lacks the serialized copy.)
    """
    from django.core.management import call_command
    from wagtail.models import Site

    with open(os.devnull, "w") as devnull:
        call_command("load_demo_content", stdout=devnull)
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
