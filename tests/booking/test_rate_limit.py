"""The booking page's flood guards: a honeypot people never see, and
BOOKING_RATE_LIMIT (core.rate_limit). Refused posts book nothing and keep
what the visitor typed, with the clinic's phone number."""

import pytest
from bs4 import BeautifulSoup

from booking.models import Booking

from .conftest import form_data

pytestmark = pytest.mark.django_db

NINE, TEN, ELEVEN = "2026-11-26T17:00Z", "2026-11-26T18:00Z", "2026-11-26T19:00Z"


def alert(response):
    page = BeautifulSoup(response.content, "html.parser")
    box = page.select_one(".form-alert")
    return box.get_text(" ", strip=True), page


def test_a_filled_honeypot_books_nothing(client, clinic_clock, booking_page, phone_call):
    response = client.get(f"/book/?type={phone_call.pk}")
    assert 'name="hp_website"' in response.content.decode()
    data = form_data(phone_call, TEN, name="Grace Example", hp_website="http://spam.test")
    response = client.post("/book/", data)
    assert response.status_code == 400
    text, page = alert(response)
    assert "We could not book this online just now" in text
    assert page.select_one(".form-alert a[href='tel:+15035550142']")
    assert page.select_one("input[name=name]")["value"] == "Grace Example"
    assert not Booking.objects.exists()


def test_over_the_limit_nothing_is_booked_and_the_phone_is_given(
    client, clinic_clock, booking_page, phone_call, settings
):
    settings.BOOKING_RATE_LIMIT = "2/h"
    assert client.post("/book/", form_data(phone_call, NINE)).status_code == 303
    # A time just taken books nothing: it does not count.
    assert client.post("/book/", form_data(phone_call, NINE)).status_code == 409
    assert client.post("/book/", form_data(phone_call, TEN)).status_code == 303
    response = client.post("/book/", form_data(phone_call, ELEVEN, name="Grace Example"))
    assert response.status_code == 429
    text, page = alert(response)
    assert "Too many bookings came from your connection in a short time." in text
    assert page.select_one(".form-alert a[href='tel:+15035550142']")
    assert page.select_one("input[name=name]")["value"] == "Grace Example"
    assert page.select_one("input[name=consent]").has_attr("checked")
    assert Booking.objects.count() == 2
    # Another visitor is not affected.
    other = client_for("198.51.100.7")
    assert other.post("/book/", form_data(phone_call, ELEVEN)).status_code == 303


def client_for(address):
    from django.test import Client

    return Client(REMOTE_ADDR=address)
