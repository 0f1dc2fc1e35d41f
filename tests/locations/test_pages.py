"""Location pages and the locations index as a visitor sees them."""

import json

import pytest
from bs4 import BeautifulSoup

from locations.models import LocationIndexPage, LocationPage
from pagecache import tags as cache_tags
from tests.factories.home import StandardPageFactory
from tests.factories.locations import OpeningHoursFactory

pytestmark = pytest.mark.django_db


def gallery_of(count):
    """A clinic gallery of ``count`` new images (raw StreamField data)."""
    import wagtail_factories

    return [
        {
            "type": "photo",
            "value": {
                "image": {
                    "image": wagtail_factories.ImageFactory().pk,
                    "alt_text": f"Room {n}",
                    "decorative": False,
                },
                "caption": f"Room {n}",
            },
        }
        for n in range(count)
    ]


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def link(soup, href, text):
    """The link to ``href`` whose visible text contains ``text`` (or None)."""
    for anchor in soup.find_all("a", href=href):
        if text in anchor.get_text(" ", strip=True):
            return anchor
    return None


def test_location_page_shows_address_hours_and_calls_to_action(client, portland, consultation_page):
    soup = soup_of(client.get("/locations/portland/"))
    main = soup.find("main")
    assert main.find("h1").get_text() == "Portland, OR"
    address = main.find("address").get_text(" ", strip=True)
    assert "1234 SW Example Street" in address
    assert "Portland, OR 97205" in address

    call = link(main, "tel:+15035550142", "Call Portland")
    assert call is not None
    assert "(503) 555-0142" in call.get_text()

    consult = main.find("a", href="/request-a-consultation/?location=portland")
    assert consult is not None
    assert "Request a consultation" in consult.get_text()

    rows = {
        # The day's name (its hidden "(today)" mark aside: opening-hours.js shows it).
        row.find("th").contents[0].strip(): row.find("td").get_text(" ", strip=True)
        for row in main.select("table.hours-table tr")
    }
    assert rows["Monday"] == "9:00 AM – 5:00 PM"
    assert rows["Wednesday"] == "9:00 AM – 12:00 PM, 1:00 PM – 5:00 PM"
    assert rows["Saturday"] == "Closed"
    assert len(rows) == 7
    assert "Holiday" in main.find(class_="hours-exceptions").get_text()


def test_location_page_hours_are_embedded_for_the_open_now_script(client, portland):
    soup = soup_of(client.get(portland.url))
    article = soup.find(attrs={"data-opening-hours": True})
    data_script = soup.find("script", id=article["data-opening-hours"])
    assert data_script["type"] == "application/json"
    data = json.loads(data_script.string)
    assert data["timeZone"] == "America/Los_Angeles"
    assert data["weekly"][2] == [["09:00", "12:00"], ["13:00", "17:00"]]
    assert data["exceptions"][0]["ranges"] == []
    # The status is left to the script (a cached page never shows a stale one).
    status = soup.find(attrs={"data-hours-status": True})
    assert "is-pending" in status["class"] and not status.get_text(strip=True)
    assert status["aria-hidden"] == "true"  # an empty place kept for it, not read out
    script = soup.find("script", src=lambda s: s and s.endswith("js/opening-hours.js"))
    assert script.has_attr("defer")


def test_no_inline_script_and_nothing_from_another_site_on_load(client, portland):
    soup = soup_of(client.get(portland.url))
    for script in soup.find_all("script"):
        assert script.get("src") or script.get("type") in (
            "application/json",
            "application/ld+json",
        )
        assert not (script.get("src") or "").startswith(("http:", "https:", "//"))
    assert soup.find("iframe") is None
    assert not soup.find_all(style=True)
    for link in soup.find_all("link", rel="stylesheet"):
        assert link["href"].startswith("/")
    # The map loads only on request; without JavaScript, a plain link.
    map_block = soup.find(attrs={"data-map": True})
    assert map_block["data-map-src"].startswith("https://www.openstreetmap.org/export/embed.html?")
    assert "marker=45.51520%2C-122.67840" in map_block["data-map-src"]
    assert map_block.find("button", attrs={"data-map-load": True}).has_attr("hidden")
    assert map_block.find("a", href=lambda h: h.startswith("https://www.openstreetmap.org/?mlat="))


def test_directions_link_opens_the_address_in_a_maps_app(client, portland):
    soup = soup_of(client.get(portland.url))
    link = soup.find("a", class_="location__directions")
    assert link["href"] == (
        "https://www.google.com/maps/dir/?api=1&destination="
        "1234+SW+Example+Street%2C+Portland%2C+OR+97205"
    )


def test_optional_fields_show_only_when_filled(client, portland):
    html = client.get(portland.url).content.decode()
    assert "Fax" not in html and "Parking and getting here" not in html
    portland.fax = "(503) 555-0143"
    portland.email = "portland@example.test"
    portland.parking = "<p>Garage next door.</p>"
    portland.services = [("service", "Spravato treatment")]
    portland.save_revision().publish()
    soup = soup_of(client.get(portland.url))
    text = soup.find("main").get_text(" ", strip=True)
    assert "(503) 555-0143" in text
    assert soup.find("a", href="mailto:portland@example.test")
    assert "Garage next door." in text
    assert "Spravato treatment" in text


def test_call_label_defaults_to_the_city(client, portland):
    portland.short_name = ""
    portland.save_revision().publish()
    soup = soup_of(client.get(portland.url))
    assert link(soup.find("main"), "tel:+15035550142", "Call Portland")


def test_no_consultation_link_without_a_consultation_page(client, portland):
    html = client.get(portland.url).content.decode()
    assert "?location=" not in html


def test_consultation_link_for_each_location(client, portland, hood_river, consultation_page):
    soup = soup_of(client.get(hood_river.url))
    assert soup.find("a", href="/request-a-consultation/?location=hood-river")
    assert link(soup.find("main"), "tel:+15415550167", "Call Hood River")


def test_index_lists_every_live_location(client, locations_index, portland, hood_river):
    draft = LocationPage(
        title="Salem, OR",
        slug="salem",
        street_address="1 Draft Way",
        city="Salem",
        region="OR",
        postal_code="97301",
        phone="(503) 555-0199",
        live=False,
    )
    locations_index.add_child(instance=draft)
    soup = soup_of(client.get("/locations/"))
    cards = soup.select(".location-card")
    assert [card.find("h2").get_text(strip=True) for card in cards] == [
        "Portland, OR",
        "Hood River, OR",
    ]
    portland_card = cards[0]
    assert portland_card.find("a", href="/locations/portland/")
    assert portland_card.find("a", href="tel:+15035550142")
    assert "1234 SW Example Street" in portland_card.find("address").get_text()
    # One status line (the script fills it in), not a second "Today: ..." line;
    # the week's summary gives the hours.
    assert portland_card.find(attrs={"data-hours-status": True}) is not None
    assert portland_card.find(attrs={"data-hours-today": True}) is None
    summary = portland_card.find(class_="hours-summary").get_text(" ", strip=True)
    assert "Mon–Tue 9:00 AM – 5:00 PM" in summary
    assert "Thu–Sun Closed" in summary
    data = json.loads(soup.find("script", id=portland_card["data-opening-hours"]).string)
    assert data["weekly"][0] == [["09:00", "17:00"]]
    # A map of all locations, on request.
    map_block = soup.find(attrs={"data-map": True})
    assert map_block is not None and soup.find("iframe") is None
    assert "Salem" not in soup.get_text()


def test_footer_lists_the_live_locations_on_every_page(client, portland, hood_river, home_page):
    for url in ("/", "/locations/", portland.url):
        footer = soup_of(client.get(url)).find("footer")
        text = footer.get_text(" ", strip=True)
        assert "Portland, OR" in text and "Hood River, OR" in text
        assert footer.find("a", href="/locations/portland/")
        assert footer.find("a", href="tel:+15035550142")
        assert footer.find("a", href="tel:+15415550167")
    hood_river.unpublish()
    footer = soup_of(client.get("/")).find("footer")
    assert "Hood River" not in footer.get_text()


def test_footer_shows_the_city_when_the_name_does_not(client, portland):
    portland.title = "Downtown clinic"
    portland.save_revision().publish()
    footer = soup_of(client.get("/")).find("footer").get_text(" ", strip=True)
    assert "Downtown clinic Portland, OR" in footer
    card = soup_of(client.get("/locations/")).find(class_="location-card")
    assert card.find(class_="location-card__city").get_text() == "Portland, OR"


def test_unknown_or_draft_location_is_404(client, portland, locations_index):
    assert client.get("/locations/nowhere/").status_code == 404
    assert client.get("/locations/portland/extra/").status_code == 404
    portland.unpublish()
    assert client.get("/locations/portland/").status_code == 404


def test_query_strings_are_not_reflected(client, portland):
    response = client.get(portland.url, {"location": '"><script>alert(1)</script>'})
    assert response.status_code == 200
    assert b"alert(1)" not in response.content


def test_editor_text_is_escaped_everywhere(client, portland):
    portland.title = '</script><script>alert("x")</script>'
    portland.city = "<b>City</b>"
    portland.save_revision().publish()
    for url in (portland.url, "/locations/", "/"):
        html = client.get(url).content.decode()
        assert '<script>alert("x")' not in html
        assert "<b>City</b>" not in html


def test_page_tree_rules(home_page, locations_index, portland):
    assert LocationIndexPage.can_create_at(home_page) is False  # one index only
    assert LocationPage.can_create_at(locations_index)
    assert not LocationPage.can_create_at(home_page)
    assert LocationIndexPage.allowed_subpage_models() == [LocationPage]
    assert LocationPage.allowed_subpage_models() == []
    standard = StandardPageFactory(parent=home_page)
    assert not LocationPage.can_create_at(standard)


@pytest.mark.parametrize("url", ["/locations/", "/locations/portland/"])
def test_query_count_does_not_grow_with_locations_or_hours(
    client, django_assert_num_queries, portland, locations_index, url
):
    """Queries per uncached page are pinned and do not depend on how many
    clinics or hour rows exist. Both: the page (its route kept by path,
    pagecache.routes) and the Site. Index: its clinics. Location page: its
    header, photos, map and breadcrumb data are kept as fragments. The
    clinics' hours (two queries for all of them) are kept as a fragment
    under the page's tags; clinic settings, wagtail-seo's settings, menus,
    the footer's clinics and the "no privacy settings" fact come from the
    shared cache (pagecache.chrome), emptied when they change."""
    expected = {"/locations/": 3, "/locations/portland/": 2}[url]
    portland.gallery = gallery_of(2)
    portland.save_revision().publish()

    def first_render():
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.status_code == 200
        return response

    client.get(url)  # warm the renditions cache and content types
    first_render()

    # Many more clinics and hour rows: the same number of queries.
    for day in range(7):
        for hour in (6, 8, 10, 12, 14, 16, 18, 20):
            OpeningHoursFactory(page=portland, weekday=day, opens=f"{hour}:00", closes=f"{hour}:30")
    from tests.locations.conftest import make_location

    for n in range(5):
        make_location(
            locations_index,
            f"clinic-{n}",
            f"Clinic {n}",
            "Bend",
            "(541) 555-0100",
            [(day, "09:00", "17:00") for day in range(7)],
            holiday=portland.hours_exceptions.first().date,
        )
    # What publishing them purges (the factories save without publishing).
    cache_tags.purge(cache_tags.children_tag(locations_index.path), cache_tags.page_tag(portland))
    portland.refresh_from_db()
    portland.gallery = gallery_of(6)
    portland.save_revision().publish()
    client.get(url)
    response = first_render()
    assert response.content.decode().count("footer-locations__item") == 6
    if url == "/locations/portland/":
        assert response.content.decode().count("location-gallery__item") == 6
