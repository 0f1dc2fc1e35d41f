"""Editors change locations in the Wagtail admin; bad input gets a clear message."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from locations.models import LocationPage

pytestmark = pytest.mark.django_db


def edit_form_data(admin_client, page):
    """What the edit form would post back unchanged (StreamFields are built by the
    admin's JavaScript, so they are filled in here)."""
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    # A ticked box without a value attribute posts "on", as a browser does.
    for box in BeautifulSoup(html, "html.parser").select("input[type=checkbox][checked]"):
        data[box["name"]] = box.get("value", "on")
    data.update(
        nested_form_data(
            {
                "services": streamfield([("service", block.value) for block in page.services]),
                "gallery": streamfield([]),
                "body": streamfield([]),
            }
        )
    )
    return data


def hours_row(data, weekday, opens):
    """The index of the weekly-hours form for a weekday and opening time."""
    total = int(data["opening_hours-TOTAL_FORMS"])
    for i in range(total):
        if data[f"opening_hours-{i}-weekday"] == str(weekday) and data[
            f"opening_hours-{i}-opens"
        ].startswith(opens):
            return i
    raise AssertionError(f"no row for weekday {weekday} at {opens}")


def publish(admin_client, page, data):
    data["action-publish"] = "action-publish"
    return admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def errors_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(
        e.get_text(" ", strip=True) for e in soup.select(".error-message, .help-critical")
    )


def test_editing_hours_changes_the_page_and_the_json_ld(admin_client, client, portland):
    data = edit_form_data(admin_client, portland)
    row = hours_row(data, 0, "09:00")
    data[f"opening_hours-{row}-opens"] = "10:00"
    data[f"opening_hours-{row}-closes"] = "18:30"
    # Add Saturday morning.
    total = int(data["opening_hours-TOTAL_FORMS"])
    data.update(
        {
            f"opening_hours-{total}-weekday": "5",
            f"opening_hours-{total}-opens": "09:00",
            f"opening_hours-{total}-closes": "12:00",
            f"opening_hours-{total}-ORDER": str(total),
            f"opening_hours-{total}-id": "",
            "opening_hours-TOTAL_FORMS": str(total + 1),
        }
    )
    response = publish(admin_client, portland, data)
    assert response.status_code == 302, errors_of(response)

    page = client.get(portland.url)
    soup = BeautifulSoup(page.content, "html.parser")
    rows = {
        # The day's name (its hidden "(today)" mark aside: opening-hours.js shows it).
        r.find("th").contents[0].strip(): r.find("td").get_text(strip=True)
        for r in soup.select("table.hours-table tr")
    }
    assert rows["Monday"] == "10:00 AM – 6:30 PM"
    assert rows["Saturday"] == "9:00 AM – 12:00 PM"
    clinic = json.loads(soup.find("script", type="application/ld+json").string)
    specs = {
        (tuple(s["dayOfWeek"]), s["opens"], s["closes"])
        for s in clinic["openingHoursSpecification"]
    }
    assert (("Monday",), "10:00", "18:30") in specs
    assert (("Wednesday", "Saturday"), "09:00", "12:00") in specs  # same range: grouped
    embedded = json.loads(soup.find("script", id=f"opening-hours-{portland.pk}").string)
    assert embedded["weekly"][0] == [["10:00", "18:30"]]


def test_latitude_out_of_range_is_refused(admin_client, portland):
    data = edit_form_data(admin_client, portland)
    data["latitude"] = "200"
    response = publish(admin_client, portland, data)
    assert response.status_code == 200
    assert "Latitude must be between -90 and 90." in errors_of(response)
    portland.refresh_from_db()
    assert float(portland.latitude) == pytest.approx(45.5152)


def test_latitude_without_longitude_is_refused(admin_client, portland):
    data = edit_form_data(admin_client, portland)
    data["longitude"] = ""
    response = publish(admin_client, portland, data)
    assert response.status_code == 200
    assert "Enter both latitude and longitude, or neither." in errors_of(response)


def test_closing_before_opening_is_refused(admin_client, client, portland):
    data = edit_form_data(admin_client, portland)
    row = hours_row(data, 0, "09:00")
    data[f"opening_hours-{row}-opens"] = "17:00"
    data[f"opening_hours-{row}-closes"] = "09:00"
    response = publish(admin_client, portland, data)
    assert response.status_code == 200
    assert "The closing time (09:00) must be after the opening time (17:00)." in errors_of(response)
    assert "9:00 AM – 5:00 PM" in client.get(portland.url).content.decode()


def test_overlapping_ranges_on_a_day_are_refused(admin_client, portland):
    data = edit_form_data(admin_client, portland)
    row = hours_row(data, 2, "13:00")
    data[f"opening_hours-{row}-opens"] = "11:00"
    response = publish(admin_client, portland, data)
    assert response.status_code == 200
    assert "These hours overlap other hours on Wednesday" in errors_of(response)


def test_open_day_needs_both_times(admin_client, portland):
    data = edit_form_data(admin_client, portland)
    data["hours_exceptions-0-closed"] = ""  # unticked: special hours, but none given
    response = publish(admin_client, portland, data)
    assert response.status_code == 200
    assert "Enter the opening time, or tick 'closed'." in errors_of(response)


def test_bad_phone_and_time_zone_are_refused(admin_client, portland):
    data = edit_form_data(admin_client, portland)
    data["phone"] = "call us!"
    data["time_zone"] = "Mars/Olympus_Mons"
    response = publish(admin_client, portland, data)
    assert response.status_code == 200
    errors = errors_of(response)
    assert "Enter a phone number such as (503) 555-0142" in errors
    assert "Enter a time zone name such as America/Los_Angeles." in errors


def test_editor_creates_a_location(admin_client, client, locations_index):
    add_url = reverse(
        "wagtailadmin_pages:add", args=["locations", "locationpage", locations_index.pk]
    )
    response = admin_client.get(add_url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.update(
        nested_form_data(
            {
                "title": "Salem, OR",
                "slug": "salem",
                "street_address": "1 Example Plaza",
                "city": "Salem",
                "region": "OR",
                "postal_code": "97301",
                "latitude": "44.9429",
                "longitude": "-123.0351",
                "phone": "(503) 555-0188",
                "services": streamfield([("service", "Spravato treatment")]),
                "gallery": streamfield([]),
                "body": streamfield([]),
                "opening_hours-TOTAL_FORMS": "1",
                "opening_hours-0-weekday": "3",
                "opening_hours-0-opens": "08:00",
                "opening_hours-0-closes": "12:00",
                "opening_hours-0-ORDER": "0",
                "action-publish": "action-publish",
            }
        )
    )
    response = admin_client.post(add_url, data)
    assert response.status_code == 302, errors_of(response)
    page = LocationPage.objects.get(slug="salem")
    assert page.live
    html = client.get("/locations/salem/").content.decode()
    assert "Call Salem" in html
    assert "8:00 AM – 12:00 PM" in html
    assert "Spravato treatment" in html


def test_preview_shows_unsaved_hours(admin_client, portland):
    data = edit_form_data(admin_client, portland)
    row = hours_row(data, 0, "09:00")
    data[f"opening_hours-{row}-closes"] = "19:45"
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[portland.pk])
    response = admin_client.post(preview_url, data)
    assert response.json()["is_valid"] is True
    response = admin_client.get(preview_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "9:00 AM – 7:45 PM" in html
    assert '"19:45"' in html  # the embedded hours too
    assert portland.opening_hours.get(weekday=0).closes.hour == 17  # nothing saved


def test_preview_of_a_new_location(admin_client, locations_index):
    args = ["locations", "locationpage", locations_index.pk]
    response = admin_client.get(reverse("wagtailadmin_pages:add", args=args))
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.update(
        nested_form_data(
            {
                "title": "Bend, OR",
                "slug": "bend",
                "street_address": "2 Example Road",
                "city": "Bend",
                "region": "OR",
                "postal_code": "97701",
                "phone": "(541) 555-0111",
                "services": streamfield([]),
                "gallery": streamfield([]),
                "body": streamfield([]),
            }
        )
    )
    preview_url = reverse("wagtailadmin_pages:preview_on_add", args=args)
    assert admin_client.post(preview_url, data).json()["is_valid"] is True
    response = admin_client.get(preview_url)
    assert response.status_code == 200
    assert "Call Bend" in response.content.decode()


def test_closed_day_with_opening_times_is_refused(admin_client, portland, upcoming_holiday):
    data = edit_form_data(admin_client, portland)
    total = int(data["hours_exceptions-TOTAL_FORMS"])
    data.update(
        {
            f"hours_exceptions-{total}-date": upcoming_holiday.isoformat(),
            f"hours_exceptions-{total}-opens": "10:00",
            f"hours_exceptions-{total}-closes": "12:00",
            f"hours_exceptions-{total}-ORDER": str(total),
            f"hours_exceptions-{total}-id": "",
            "hours_exceptions-TOTAL_FORMS": str(total + 1),
        }
    )
    response = publish(admin_client, portland, data)
    assert response.status_code == 200
    assert "is marked closed and also has opening times" in errors_of(response)
