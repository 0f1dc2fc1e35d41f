"""Fixtures shared by the whole suite (PostgreSQL, see clinic_site/settings/test.py)."""

import os
import shutil

import pytest

from demo.content.home import ensure_home_page
from tests import demo_snapshot
from tests.ci_skips import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401


@pytest.fixture(autouse=True)
def _empty_shared_cache():
    """Each test starts with an empty cache: the chrome (settings, menus, footer
    clinics) and page-cache versions must not leak from a rolled-back test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clinic_clock(time_machine):
    """A controlled clock for tests about dates and times: Wednesday 25
    November 2026, 10:00 in Portland (a working day, the day before
    Thanksgiving), ticking on from there. Ask for it before the fixtures
    that store rows, so their times come from it too."""
    import datetime
    import zoneinfo

    pacific = zoneinfo.ZoneInfo("America/Los_Angeles")
    morning = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=pacific)
    time_machine.move_to(morning, tick=True)
    return morning


@pytest.fixture
def site(db):
    """The default Site with a HomePage as its root (no other content)."""
    site, _home = ensure_home_page()
    return site


@pytest.fixture
def home_page(site):
    return site.root_page.specific


@pytest.fixture
def demo_site(db):
    """The full demo content, as `make run` loads it.

    The command runs for real the first time; what it stored is then kept
    (tests.demo_snapshot) and put back for the next tests that start from the
    same freshly migrated database, rows and ids exactly as the command left
    them (about 2.5 s less per test). A test whose other fixtures changed the
    database first gets the command itself: ask for demo_site before
    fixtures that add rows (``def test_x(demo_site, admin_client)``)."""
    from django.db import connection

    if connection.in_atomic_block:  # the test's transaction, rolled back after it
        demo_snapshot.load_demo_content()
    else:  # a transactional test: committed rows, emptied after it
        demo_snapshot.load_demo_content_after_flush()
    site, _home = ensure_home_page()
    return site


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """The test database as migrations leave it (a copy of the migrated
    template: tests/database_template.py), remembered for demo_site.

    Replaces pytest-django's setup (its --reuse-db and --create-db have no
    effect: the template is kept between runs and rebuilt when a migration
    or a dependency changes)."""
    from django.conf import settings
    from django.db import connections

    from tests import database_template

    db = settings.DATABASES["default"]
    connection = connections["default"]
    original = db["NAME"]
    _base, name = database_template.test_database_names()
    with django_db_blocker.unblock():
        template = database_template.template_for(db)
        database_template.create_from_template(name, template, db)
        connection.close()
        db["NAME"] = connection.settings_dict["NAME"] = name
        demo_snapshot.remember_migrated_state()
    yield
    with django_db_blocker.unblock():
        connection.close()
        db["NAME"] = connection.settings_dict["NAME"] = original
        database_template.drop(name, db)


# --- Production gunicorn (tests/production_server.py) ----------------------------


@pytest.fixture(scope="session")
def production_site(django_db_setup):
    """A database with the demo content for production-settings gunicorn (about 30 s, once)."""
    from tests.production_server import ProductionSite

    site = ProductionSite()
    yield site
    site.cleanup()


@pytest.fixture(scope="session")
def production_server(production_site):
    """gunicorn with production settings as deployed (plain HTTP on loopback)."""
    server = production_site.start()
    yield server
    server.stop()


# --- Browser (Playwright on Debian's Chromium) ---------------------------------
# One session-wide browser for every test that asks for it (tests/e2e and the
# apps' browser tests): a second sync_playwright() in the same thread fails.

# Playwright's sync API runs an event loop in the test thread; Django's
# async-safety check would refuse the tests' own ORM calls.
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
# How long a browser test waits for something to appear: a wait ends as soon
# as it appears, so this costs nothing on a fast machine and keeps a loaded
# one (load 8, other runs beside) from failing on a slow page.
BROWSER_WAIT_MS = 60_000
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=BROWSER_WAIT_MS)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param, VIEWPORTS[request.param]


def pytest_collection_modifyitems(config, items):
    """Every test that drives the browser is an e2e test (`make test-fast` skips them).

    Locally, without Chromium, they skip with a message; in CI (CI=true) a
    missing browser is a failure (as is every skip: tests/ci_skips.py).
    """
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.e2e)
