"""JSON-LD: a MedicalClinic per location page, an ItemList on the index."""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

pytestmark = pytest.mark.django_db


def json_ld(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    return [json.loads(script.string) for script in scripts]


def clinic_of(response):
    return next(item for item in json_ld(response) if item.get("@type") == "MedicalClinic")


def test_location_json_ld(client, portland, upcoming_holiday):
    portland.image = ImageFactory(title="Portland clinic")
    portland.fax = "(503) 555-0143"
    portland.save_revision().publish()
    data = clinic_of(client.get(portland.url))
    assert data["@context"] == "https://schema.org"
    assert data["@id"] == "http://localhost/locations/portland/#clinic"
    assert data["url"] == "http://localhost/locations/portland/"
    assert data["name"].endswith(" – Portland")
    # E.164, as the page's own "Call" link dials it.
    assert data["telephone"] == "+15035550142"
    assert data["faxNumber"] == "+15035550143"
    soup = BeautifulSoup(client.get(portland.url).content, "html.parser")
    assert soup.find("a", href="tel:+15035550142") is not None
    assert data["medicalSpecialty"] == "Psychiatric"
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "1234 SW Example Street",
        "addressLocality": "Portland",
        "addressRegion": "OR",
        "postalCode": "97205",
        "addressCountry": "US",
    }
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 45.5152, "longitude": -122.6784}
    assert data["image"].startswith("http://localhost/")
    assert data["parentOrganization"]["@id"] == "http://localhost/#organization"

    # Hours as in the admin rows: Mon, Tue 9-17; Wednesday 9-12 and 13-17.
    hours = {
        (tuple(spec["dayOfWeek"]), spec["opens"], spec["closes"])
        for spec in data["openingHoursSpecification"]
    }
    assert hours == {
        (("Monday", "Tuesday"), "09:00", "17:00"),
        (("Wednesday",), "09:00", "12:00"),
        (("Wednesday",), "13:00", "17:00"),
    }
    assert all(s["@type"] == "OpeningHoursSpecification" for s in data["openingHoursSpecification"])
    assert data["specialOpeningHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "validFrom": upcoming_holiday.isoformat(),
            "validThrough": upcoming_holiday.isoformat(),
            "opens": "00:00",
            "closes": "00:00",
            "name": "Holiday",
        }
    ]


def test_past_exceptions_are_left_out(client, portland):
    import datetime

    exception = portland.hours_exceptions.get()
    exception.date = datetime.date.today() - datetime.timedelta(days=10)
    exception.save()
    data = clinic_of(client.get(portland.url))
    assert "specialOpeningHoursSpecification" not in data
    assert "hours-exceptions" not in client.get(portland.url).content.decode()


def test_json_ld_escapes_what_editors_type(client, portland):
    portland.title = 'Clinic </script><script>alert("x")</script> & co'
    portland.search_engine_name = portland.title
    portland.save_revision().publish()
    response = client.get(portland.url)
    html = response.content.decode()
    assert '<script>alert("x")' not in html
    assert clinic_of(response)["name"] == 'Clinic </script><script>alert("x")</script> & co'


def test_index_json_ld_lists_the_locations(client, locations_index, portland, hood_river):
    items = json_ld(client.get("/locations/"))
    item_list = next(item for item in items if item.get("@type") == "ItemList")
    elements = item_list["itemListElement"]
    assert [e["position"] for e in elements] == [1, 2]
    assert [e["item"]["@id"] for e in elements] == [
        "http://localhost/locations/portland/#clinic",
        "http://localhost/locations/hood-river/#clinic",
    ]
    assert elements[1]["item"]["telephone"] == "+15415550167"
    assert elements[1]["item"]["@type"] == "MedicalClinic"


@pytest.fixture
def organisation(site):
    from wagtailseo.models import SeoSettings

    settings = SeoSettings.for_site(site)
    settings.struct_org_name = "Rainfall Medicine"
    settings.save()
    return settings


def test_clinic_is_named_after_the_organisation_and_city(
    client, organisation, locations_index, portland, hood_river
):
    assert clinic_of(client.get(portland.url))["name"] == "Rainfall Medicine – Portland"
    items = json_ld(client.get("/locations/"))
    item_list = next(item for item in items if item.get("@type") == "ItemList")
    assert [e["item"]["name"] for e in item_list["itemListElement"]] == [
        "Rainfall Medicine – Portland",
        "Rainfall Medicine – Hood River",
    ]
    # An editor may name it otherwise.
    portland.search_engine_name = "Rainfall Medicine Ketamine Clinic – Portland"
    portland.save_revision().publish()
    assert clinic_of(client.get(portland.url))["name"] == (
        "Rainfall Medicine Ketamine Clinic – Portland"
    )


def test_location_page_publishes_the_breadcrumb_it_shows(client, portland):
    response = client.get(portland.url)
    soup = BeautifulSoup(response.content, "html.parser")
    shown = soup.find("nav", attrs={"aria-label": "Breadcrumb"}).find("a")
    (crumbs,) = [item for item in json_ld(response) if item.get("@type") == "BreadcrumbList"]
    assert [(e["position"], e["name"], e["item"]) for e in crumbs["itemListElement"]] == [
        (1, shown.get_text(strip=True), "http://localhost" + shown["href"]),
        (2, soup.find("h1").get_text(strip=True), "http://localhost/locations/portland/"),
    ]


def test_the_organization_has_its_clinics_addresses_and_stays_fresh(client, demo_site, settings):
    """The home page's Organization: each live clinic's address, and the
    clinic by the @id its own page describes it under; unpublishing a clinic
    takes it out even with the page cache on."""
    from locations.models import LocationPage

    settings.PAGE_CACHE_ENABLED = True

    def organization():
        documents = json_ld(client.get("/"))
        flat = [item for d in documents for item in (d if isinstance(d, list) else [d])]
        return next(item for item in flat if item.get("@id") == "http://localhost/#organization")

    clinics = {
        page.slug: clinic_of(client.get(page.url))
        for page in LocationPage.objects.live().filter(locale__language_code="en").order_by("path")
    }
    assert len(clinics) == 2
    org = organization()
    assert org["address"] == [clinic["address"] for clinic in clinics.values()]
    assert [(c["@id"], c["name"]) for c in org["location"]] == [
        (clinic["@id"], clinic["name"]) for clinic in clinics.values()
    ]
    soup = BeautifulSoup(client.get("/locations/portland/").content, "html.parser")
    assert org["address"][0]["streetAddress"] in soup.get_text()

    LocationPage.objects.get(slug="hood-river", locale__language_code="en").unpublish()
    assert [c["@id"] for c in organization()["location"]] == [clinics["portland"]["@id"]]
