"""A clinic's photo gallery and the page's two parts: the panel to call and
visit (first in the page), then the photos and what to know, as cards."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from tests.locations.test_pages import gallery_of

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_gallery_shows_each_photo_with_its_alt_text_and_caption(client, portland):
    portland.gallery = gallery_of(3)
    portland.parking = "<p>Garage next door.</p>"
    portland.save_revision().publish()
    main = soup_of(client, "/locations/portland/").find("main")
    gallery = main.select_one(".location-gallery")
    assert gallery.find("h2").get_text(strip=True) == "Inside the clinic"
    figures = gallery.select("figure")
    assert [figure.figcaption.get_text(strip=True) for figure in figures] == [
        "Room 0",
        "Room 1",
        "Room 2",
    ]
    for n, figure in enumerate(figures):
        image = figure.find("img")
        assert image["alt"] == f"Room {n}"
        assert image["loading"] == "lazy"
        assert image["width"] and image["height"]  # its box is kept before it loads
        assert figure.find("source", type="image/avif") is not None
    # What to know, as cards in the main column.
    assert main.select_one(".location__main .location-fact h2").get_text(strip=True)


def test_without_a_gallery_the_page_shows_no_empty_section(client, portland):
    main = soup_of(client, "/locations/portland/").find("main")
    assert main.select_one(".location-gallery") is None


def test_the_panel_to_call_and_visit_comes_first(client, portland, consultation_page):
    portland.gallery = gallery_of(1)
    portland.save_revision().publish()
    grid = soup_of(client, "/locations/portland/").select_one(".location__grid")
    aside, main = grid.find_all(recursive=False)
    assert aside.name == "aside" and "location__main" in main["class"]
    assert aside["aria-label"] == "Call or visit Portland, OR"
    # In the panel: today's status, the clinic's own number, the week's hours,
    # the address with directions and the map button.
    assert aside.select_one("[data-hours-status]") is not None
    assert aside.find("a", href="tel:+15035550142") is not None
    assert aside.select_one(".hours-table") is not None
    assert aside.select_one(".location__directions") is not None
    assert aside.select_one("[data-map-load]") is not None
    assert main.select_one(".location-gallery") is not None


def test_demo_clinics_show_their_rooms_drawn_for_the_demo(client, demo_site):
    for url in ("/locations/portland/", "/locations/hood-river/"):
        gallery = soup_of(client, url).select_one(".location-gallery")
        captions = [caption.get_text(strip=True) for caption in gallery.select("figcaption")]
        assert captions == ["The entrance", "The waiting room", "A treatment room"], url
        for image in gallery.select("img"):
            assert image["alt"].startswith("An illustration of "), url


def test_portland_has_its_own_picture_not_the_home_pages(demo_site):
    home = demo_site.root_page.specific
    portland = Page.objects.get(slug="portland", locale__language_code="en").specific
    assert portland.image_id != home.hero_image_id
    assert "Mount Hood" not in portland.image_alt


def test_spanish_clinic_page_shows_the_gallery_in_spanish(client, demo_site):
    spanish = Page.objects.get(slug="portland", locale__language_code="es")
    soup = soup_of(client, spanish.url)
    gallery = soup.select_one(".location-gallery")
    assert gallery.find("h2").get_text(strip=True) == "Dentro de la clínica"
    captions = [caption.get_text(strip=True) for caption in gallery.select("figcaption")]
    assert captions == ["La entrada", "La sala de espera", "Una sala de tratamiento"]
    for image in gallery.select("img"):
        assert image["alt"].startswith("Ilustración de ")
    assert soup.select_one(".location__aside")["aria-label"].startswith("Llame o visite ")
