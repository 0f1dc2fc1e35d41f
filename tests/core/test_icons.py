"""The site's icons and manifest: made from the logo editors set, a default
mark without one, linked from every page."""

import io
import json

import pytest
from django.core.files.images import ImageFile
from PIL import Image
from wagtail_factories import ImageFactory

from core.models import SiteSettings

pytestmark = pytest.mark.django_db


def image_of(response):
    return Image.open(io.BytesIO(response.content))


def test_favicon_and_icons_answer_without_a_logo(client, site):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response["Cache-Control"] == "public, max-age=86400"
    icon = image_of(response)
    assert icon.format == "ICO" and (48, 48) in icon.info["sizes"]
    for url, size in [
        ("/apple-touch-icon.png", 180),
        ("/icon-192.png", 192),
        ("/icon-512.png", 512),
    ]:
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        image = image_of(response)
        assert image.size == (size, size)
        # The default mark: brand colour at the corner, a white drop in the middle.
        assert image.convert("RGB").getpixel((size // 2, int(size * 0.6))) == (255, 255, 255)
        assert image.convert("RGB").getpixel((size // 10, size // 2)) == (29, 78, 95)
        assert image.convert("RGB").getpixel((0, 0)) == (29, 78, 95)  # full square
    assert client.post("/favicon.ico").status_code == 405


def red_logo():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), (200, 0, 0)).save(buffer, format="PNG")
    return ImageFactory(title="Logo", file=ImageFile(buffer, name="logo.png"))


def test_icons_are_made_from_the_logo_and_follow_a_change(client, site):
    first = client.get("/apple-touch-icon.png").content
    settings = SiteSettings.for_site(site)
    settings.clinic_name = "Rainfall Test Clinic"
    settings.logo = red_logo()
    settings.save()
    response = client.get("/apple-touch-icon.png")
    assert response.content != first
    image = image_of(response).convert("RGB")
    assert image.getpixel((90, 90)) == (200, 0, 0)  # the logo, centred
    assert image.getpixel((2, 2)) == (255, 255, 255)  # on white
    assert image_of(client.get("/favicon.ico")).format == "ICO"

    manifest = json.loads(client.get("/site.webmanifest").content)
    assert manifest["name"] == "Rainfall Test Clinic"
    assert manifest["theme_color"] == "#1d4e5f"
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_every_page_links_the_icons(client, site):
    for url in ["/", "/no-such-page/"]:
        html = client.get(url).content.decode()
        assert '<link rel="icon" href="/favicon.ico" sizes="48x48">' in html, url
        assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in html, url
        assert '<link rel="manifest" href="/site.webmanifest">' in html, url
