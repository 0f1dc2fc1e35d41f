"""Fixtures of the visit-figure tests: a browser-like client and its beacons."""

import pytest

from tests.forms_app.conftest import clinics, consultation_page, privacy_page  # noqa: F401

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0 TestBrowser/7"
ADDRESS = "203.0.113.77"


@pytest.fixture(autouse=True)
def _fresh_salts():
    """A day's salt lives in the process: each test's rows start from none."""
    from analytics.counting import forget_salts

    forget_salts()
    yield
    forget_salts()


@pytest.fixture
def visitor(client):
    """The test client as a browser at one address."""
    client.defaults.update(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=ADDRESS)
    return client


def beacon(client, page, path, referrer="", **headers):
    """What visit.js sends for a view of ``page`` at ``path``."""
    headers.setdefault("HTTP_SEC_FETCH_SITE", "same-origin")
    return client.post("/_/visit", {"p": str(page.pk), "l": path, "r": referrer}, **headers)
