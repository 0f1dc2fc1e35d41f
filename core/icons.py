"""The site's icons, made from the logo in Settings › Site settings.

``/favicon.ico`` (16, 32 and 48 px), ``/apple-touch-icon.png`` (180 px),
``/icon-192.png`` and ``/icon-512.png`` (for ``/site.webmanifest``) are the
logo, centred on a white square. Without a logo, or with an SVG one (which
Pillow cannot draw), they are the brand mark: a white rain drop over a
ripple on a teal tile (demo/brand/). Each is made once per logo and kept in the shared cache
(it is plain bytes), so a request for an icon costs one cache lookup; with
the database or the cache down the default mark is served (icons must never
fail a page).
"""

import io
import logging

from django.db import DatabaseError
from PIL import Image, ImageDraw

from pagecache.chrome import cached

logger = logging.getLogger(__name__)

BRAND = (29, 78, 95)  # --c-brand in home/static/css/tokens.css, also the theme-color
WHITE = (255, 255, 255)
RIPPLE = (143, 209, 184)  # the ripple of the mark, #8fd1b8
SIZES = {"favicon": 48, "apple-touch-icon": 180, "icon-192": 192, "icon-512": 512}


def default_mark(size):
    """The brand mark (demo/brand/'s logo and the header's inline mark): a
    white drop over a pale green ripple on a rounded brand-coloured square,
    drawn at 4x on a 48-unit grid, then reduced."""
    scale = 4
    big = size * scale
    unit = big / 48
    tile = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(tile)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=int(12 * unit), fill=BRAND)
    # The drop: a circle (centre 24, 27.5; radius 10.5) and its point at 24, 6.5.
    cx, cy, r = 24 * unit, 27.5 * unit, 10.5 * unit
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=WHITE)
    draw.polygon(
        [(cx - r * 0.97, cy - r * 0.25), (cx, 6.5 * unit), (cx + r * 0.97, cy - r * 0.25)],
        fill=WHITE,
    )
    # The ripple under it: the lower arc of a flat ellipse.
    draw.arc(
        (11 * unit, 33.5 * unit, 37 * unit, 44.3 * unit),
        start=30,
        end=150,
        fill=RIPPLE,
        width=max(1, int(2.2 * unit)),
    )
    return tile.resize((size, size), Image.LANCZOS)


def logo_mark(logo, size):
    """The logo centred on a white square of ``size`` px, or None if it cannot be read."""
    if logo is None or logo.is_svg():
        return None
    try:
        with logo.open_file() as source:
            image = Image.open(source)
            image.load()
    except (OSError, ValueError):
        logger.warning("Logo image %s could not be read for the site icons", logo.pk)
        return None
    image = image.convert("RGBA")
    image.thumbnail((int(size * 0.9), int(size * 0.9)), Image.LANCZOS)
    square = Image.new("RGBA", (size, size), WHITE + (255,))
    square.alpha_composite(image, ((size - image.width) // 2, (size - image.height) // 2))
    return square


def render(kind, logo):
    size = SIZES[kind]
    mark = logo_mark(logo, size) or default_mark(size)
    out = io.BytesIO()
    if kind == "favicon":
        mark.save(out, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    else:
        # Touch and app icons are full squares (the system rounds them): the
        # mark's transparent corners take the brand colour (a logo is on white).
        square = Image.new("RGBA", mark.size, BRAND + (255,))
        square.alpha_composite(mark)
        square.convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()


def icon_bytes(kind, request):
    """The icon's bytes for the request's site (the default mark when the
    site's settings cannot be read)."""
    from .models import SiteSettings

    try:
        site_settings = SiteSettings.for_request(request)
        logo_id = site_settings.logo_id
    except DatabaseError:
        return render(kind, None)

    def build():
        return render(kind, site_settings.logo if logo_id else None)

    try:
        return cached(f"icon:{kind}:{site_settings.site_id}:{logo_id}", build, request)
    except DatabaseError:
        return render(kind, None)
