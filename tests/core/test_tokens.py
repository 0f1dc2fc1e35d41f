"""The visual identity in one place (core/static/css/tokens.css): every text
colour readable on the backgrounds it is used on, the brand colour the icons
and theme-color use, and the self-hosted face fetched once, before it is needed."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from core.icons import BRAND

pytestmark = pytest.mark.django_db

TOKENS = Path(finders.find("css/tokens.css")).read_text()
FONT = "fonts/source-sans-3-latin-wght-normal.woff2"

BACKGROUNDS = [
    "bg",
    "surface",
    "soft",
    "info",
    "warning",
    "success-soft",
    "neutral-soft",
    "crisis-soft",
]
TEXT_PAIRS = [
    *[
        (text, bg)
        for text in ("ink", "muted", "brand", "brand-dark", "accent", "crisis")
        for bg in BACKGROUNDS
    ],
    *[
        (text, bg)
        for text in ("on-brand", "on-dark-muted", "on-dark-hover")
        for bg in ("brand", "brand-dark", "crisis")
    ],
]
# Focus rings and borders that mark a control (WCAG 1.4.11: 3:1).
UI_PAIRS = [("focus", "bg"), ("focus", "soft"), ("focus-on-dark", "brand-dark"), ("muted", "bg")]


def colour(name):
    value = re.search(rf"--c-{name}:\s*(#[0-9a-fA-F]{{3,6}})\s*;", TOKENS).group(1)[1:]
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def contrast(a, b):
    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_text_colour_meets_wcag_aa_on_its_backgrounds():
    too_faint = [
        (text, bg, round(contrast(colour(text), colour(bg)), 2))
        for text, bg in TEXT_PAIRS
        if contrast(colour(text), colour(bg)) < 4.5
    ]
    too_faint += [
        (ui, bg, round(contrast(colour(ui), colour(bg)), 2))
        for ui, bg in UI_PAIRS
        if contrast(colour(ui), colour(bg)) < 3
    ]
    assert too_faint == []


def test_icons_and_theme_colour_are_the_brand_colour(client, site):
    assert colour("brand") == BRAND
    html = client.get("/").content.decode()
    assert '<meta name="theme-color" content="#{:02x}{:02x}{:02x}">'.format(*BRAND) in html


def test_pages_load_the_tokens_first_and_preload_the_face_the_tokens_declare(client, site):
    html = client.get("/").content.decode()
    font_url = static(FONT)
    preload = re.search(r'<link rel="preload"[^>]*as="font"[^>]*>', html).group(0)
    # Same URL as the @font-face (else the browser fetches it twice), CORS
    # mode as font requests use, WOFF2 so browsers that cannot use it skip it.
    assert f'href="{font_url}"' in preload
    assert 'type="font/woff2"' in preload and "crossorigin" in preload
    assert html.index(static("css/tokens.css")) < html.index(static("css/site.css"))
    assert 'url("../fonts/source-sans-3-latin-wght-normal.woff2")' in TOKENS
    assert finders.find(FONT) and finders.find("fonts/source-sans-3-OFL.txt")
    # The face never holds the text back, and the fallback is what the font stack names.
    assert "font-display: swap" in TOKENS
    assert re.search(r'--font:\s*"Source Sans 3", "Source Sans 3 Fallback"', TOKENS)
