"""Twenty visitors post the same free time at once to real gunicorn with
the production settings and PostgreSQL (tests/production_server.py): the
time is booked exactly once; the other nineteen get the "just taken" page
with other free times and what they typed."""

import re
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from tests.production_server import header_values

pytestmark = pytest.mark.xdist_group("production_site")

ATTEMPTS = 20

FIND_TYPE = """
from booking.models import AppointmentType
print(AppointmentType.objects.filter(
    active=True, locale__language_code="en", mode="phone", clinic__slug="portland"
).order_by("pk").values_list("pk", flat=True).first())
"""

COUNT = """
from booking.models import Booking
print(Booking.objects.filter(status="confirmed", name__startswith="Racer ").count())
"""


def test_twenty_visitors_at_once_book_one_time_once(production_server):
    server = production_server
    kind = server.django(FIND_TYPE).strip()
    status, headers, html = server.get(f"/book/?type={kind}")
    assert status == 200
    html = html.decode()
    jar = SimpleCookie()
    for value in header_values(headers, "Set-Cookie"):
        jar.load(value)
    cookie = "; ".join(f"{key}={morsel.value}" for key, morsel in jar.items())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    # The day's last free time: the furthest from the minimum-notice
    # boundary, which the real clock moves while the test runs.
    time = re.findall(r'name="time" value="([^"]+)"', html)[-1]

    def attempt(number):
        body = {
            "csrfmiddlewaretoken": token,
            "type": kind,
            "time": time,
            "name": f"Racer {number}",
            "email": f"racer{number}@example.test",
            "phone": "",
            "contact_language": "en",
            "consent": "on",
        }
        status, _headers, page = server.request(
            "POST",
            "/book/",
            urlencode(body),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Referer": "http://127.0.0.1/book/",
            },
        )
        return number, status, page.decode()

    with ThreadPoolExecutor(ATTEMPTS) as pool:
        results = list(pool.map(attempt, range(ATTEMPTS)))

    statuses = sorted(status for _number, status, _page in results)
    assert statuses == [303] + [409] * (ATTEMPTS - 1), statuses
    for number, status, page in results:
        if status == 409:
            assert "That time was just taken" in page
            assert f'value="Racer {number}"' in page  # what they typed is still there
            offered = re.findall(r'name="time" value="([^"]+)"', page)
            assert offered and time not in offered
    assert server.django(COUNT).strip() == "1"
