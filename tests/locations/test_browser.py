"""The opening-hours script in a real browser (Debian's Chromium, headless): on the
page the server renders, it fills in "open now" and marks today."""

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from locations.hours import status_at
from locations.models import LocationPage
from tests.factories.locations import OpeningHoursFactory

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]

JS_FILE = Path(__file__).resolve().parents[2] / "locations/static/js/opening-hours.js"


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no Chromium installed")


def render_in_browser(html, tmp_path):
    """Load the page from a file (the script from the source tree) and return the
    DOM after the scripts ran."""
    html = html.replace('src="/static/js/opening-hours.js"', f'src="{JS_FILE.as_uri()}"')
    page = tmp_path / "page.html"
    page.write_text(html)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--allow-file-access-from-files",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=2000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0 or "<body" not in result.stdout:
        pytest.skip(f"Chromium could not run here: {result.stderr[-300:]}")
    return BeautifulSoup(result.stdout, "html.parser")


def test_location_page_status_and_today_in_the_browser(client, portland, tmp_path):
    for day in range(3, 7):  # open every day, so 'today' always has a row with hours
        OpeningHoursFactory(
            page=portland, weekday=day, opens=datetime.time(0), closes=datetime.time(23, 59)
        )
    portland = LocationPage.objects.get(pk=portland.pk)
    html = client.get(portland.url).content.decode()
    before = status_at(portland.schedule)
    soup = render_in_browser(html, tmp_path)
    after = status_at(portland.schedule)

    status = soup.find(attrs={"data-hours-status": True})
    assert not status.has_attr("hidden")
    assert status.get_text(strip=True) in {before.text, after.text}
    assert "is-open" in status["class"] or "is-closed" in status["class"]

    today = datetime.datetime.now(portland.schedule.tzinfo).weekday()
    marked = soup.select('tr[aria-current="date"]')
    assert len(marked) == 1
    assert int(marked[0]["data-weekday"]) in {today, (today + 1) % 7}  # midnight tolerance
    assert "(today)" in marked[0].get_text()

    # The map button is offered, but nothing from openstreetmap.org loaded yet.
    assert not soup.find("button", attrs={"data-map-load": True}).has_attr("hidden")
    assert soup.find("iframe") is None


def test_index_cards_show_today_in_the_browser(client, portland, hood_river, tmp_path):
    soup = render_in_browser(client.get("/locations/").content.decode(), tmp_path)
    todays = soup.select("[data-hours-today]")
    assert len(todays) == 2
    for element in todays:
        assert not element.has_attr("hidden")
        assert element.get_text().startswith("Today: ")
