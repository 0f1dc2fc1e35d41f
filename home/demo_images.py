"""Illustrations for the demo content, drawn with Pillow: no download, no model.

Each scene is a quiet, flat illustration of the Pacific Northwest in the
clinic's palette (deep teal, dark teal, green, soft blue-greys): layered
shapes, soft gradients, mist made by blurring, and a faint grain so the
gradients do not band once resized and compressed. Everything comes from a
``random.Random`` seeded with the scene's key, so the same scene is the same
picture on every run (tests and snapshots stay stable).

Speed matters (tests load the demo content many times): shapes are drawn as
single-channel masks at twice the size and shrunk (anti-aliasing), colour is
filled through those masks, and no Python loop touches every pixel. All six
scenes take well under a second together.

``SCENES`` maps a key to its title, its description (the image's alt text)
and its drawing function; home.demo turns them into Wagtail images.
"""

import math
import random
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFilter

SIZE = (1200, 800)
SUPERSAMPLE = 2

# The brand palette and its quiet neighbours.
TEAL = (29, 78, 95)  # #1d4e5f
DARK = (18, 55, 68)  # #123744
GREEN = (11, 110, 79)  # #0b6e4f
FOREST = (20, 70, 62)
MIST = (226, 233, 233)
PALE = (236, 238, 232)
BLUE_GREY = (150, 176, 186)
SOFT_GREY = (190, 204, 207)
DAWN = (236, 222, 200)


def mix(a, b, t):
    """The colour ``t`` of the way from ``a`` to ``b``."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


class Canvas:
    """An RGB picture painted through anti-aliased masks."""

    def __init__(self, size=SIZE):
        self.size = size
        self.width, self.height = size
        self.image = Image.new("RGB", size)

    def gradient(self, stops, box=None):
        """A vertical gradient through ``stops`` [(0..1, colour)] over ``box``."""
        x0, y0, x1, y1 = box or (0, 0, self.width, self.height)
        height = max(1, y1 - y0)
        strip = Image.new("RGB", (1, height))
        pixels = []
        for y in range(height):
            t = y / max(1, height - 1)
            for (t0, c0), (t1, c1) in zip(stops, stops[1:], strict=False):
                if t0 <= t <= t1:
                    pixels.append(mix(c0, c1, (t - t0) / max(1e-6, t1 - t0)))
                    break
            else:
                pixels.append(stops[-1][1])
        strip.putdata(pixels)
        self.image.paste(strip.resize((x1 - x0, height)), (x0, y0))

    def mask(self):
        """A blank mask at the supersampled size, and a drawing pen in 1x units."""
        mask = Image.new("L", (self.width * SUPERSAMPLE, self.height * SUPERSAMPLE), 0)
        return mask, Pen(ImageDraw.Draw(mask))

    def fill(self, mask, colour, opacity=1.0, blur=0):
        """Paint ``colour`` where ``mask`` is set (shrunk to size, optionally blurred)."""
        scale = mask.width // self.width
        bbox = mask.getbbox()
        if bbox is None:
            return
        # Only the part that was drawn on (plus room for the blur) is shrunk
        # and painted: most shapes cover a small part of the picture.
        pad = math.ceil(blur * 3)
        x0, y0 = max(0, bbox[0] // scale - pad), max(0, bbox[1] // scale - pad)
        x1 = min(self.width, -(-bbox[2] // scale) + pad)
        y1 = min(self.height, -(-bbox[3] // scale) + pad)
        mask = mask.crop((x0 * scale, y0 * scale, x1 * scale, y1 * scale))
        if scale != 1:
            mask = mask.resize((x1 - x0, y1 - y0), Image.Resampling.BOX)
        if blur:
            mask = mask.filter(ImageFilter.GaussianBlur(blur))
        if opacity < 1:
            mask = mask.point(lambda v: round(v * opacity))
        self.image.paste(colour, (x0, y0, x1, y1), mask)

    def shape(self, colour, draw, opacity=1.0, blur=0):
        """Draw with ``draw(pen)`` into a fresh mask and paint it."""
        mask, pen = self.mask()
        draw(pen)
        self.fill(mask, colour, opacity, blur)
        return mask

    def glow(self, centre, radius, colour, opacity=0.6):
        """A soft round light (a low sun, a lamp out of focus)."""
        x, y = centre
        self.shape(
            colour,
            lambda pen: pen.ellipse((x - radius, y - radius, x + radius, y + radius)),
            opacity,
            blur=radius * 0.6,
        )

    def grain(self, rng, amount=1):
        """A faint, seeded grain (a tile of random bytes repeated): one or two
        levels either way are enough to stop gradients banding, and cost
        renditions little (at ±4, AVIF renditions were nearly four times larger)."""
        tile_size = 256
        tile = Image.frombytes("L", (tile_size, tile_size), rng.randbytes(tile_size**2))
        tile = tile.point(lambda v: 128 - amount + (v * (2 * amount + 1)) // 256)
        noise = Image.new("L", self.size)
        for x in range(0, self.width, tile_size):
            for y in range(0, self.height, tile_size):
                noise.paste(tile, (x, y))
        noise = Image.merge("RGB", (noise, noise, noise))
        self.image = ImageChops.add(self.image, noise, scale=1.0, offset=-128)


class Pen:
    """ImageDraw in 1x coordinates on a supersampled mask."""

    def __init__(self, draw):
        self.draw = draw

    @staticmethod
    def _scale(points):
        return [(x * SUPERSAMPLE, y * SUPERSAMPLE) for x, y in points]

    def polygon(self, points, value=255):
        self.draw.polygon(self._scale(points), fill=value)

    def ellipse(self, box, value=255):
        x0, y0, x1, y1 = (v * SUPERSAMPLE for v in box)
        self.draw.ellipse((x0, y0, x1, y1), fill=value)

    def rectangle(self, box, value=255):
        x0, y0, x1, y1 = (v * SUPERSAMPLE for v in box)
        self.draw.rectangle((x0, y0, x1, y1), fill=value)

    def line(self, points, width=1, value=255):
        self.draw.line(self._scale(points), fill=value, width=round(width * SUPERSAMPLE))


# --- Shapes -------------------------------------------------------------------


def ridge(rng, width, base, amplitude, step=10, waves=3, roughness=0.35):
    """A skyline of hills: [(x, y)] from the left edge to the right at ``base``±."""
    phases = [rng.uniform(0, math.tau) for _ in range(waves)]
    points = []
    for x in range(0, width + step, step):
        y = base
        for i, phase in enumerate(phases):
            frequency = (i + 1) * 1.7 / width
            y -= amplitude / (i + 1) * math.sin(x * frequency * math.tau / 2 + phase)
        y += rng.uniform(-1, 1) * amplitude * roughness * 0.2
        points.append((x, y))
    return points


def under(points, bottom):
    """Close a ridge line into a polygon down to ``bottom``."""
    return [*points, (points[-1][0], bottom), (points[0][0], bottom)]


def fir(pen, x, base, height, width=None, value=255):
    """A fir tree: a trunk and stacked, drooping tiers narrowing to a point."""
    width = width or height * 0.36
    tiers = 5
    pen.rectangle((x - width * 0.04, base - height * 0.15, x + width * 0.04, base), value)
    for i in range(tiers):
        t = i / tiers
        top = base - height * (0.15 + 0.85 * (t + 1.6 / tiers))
        bottom = base - height * (0.1 + 0.85 * t)
        half = width / 2 * (1 - t * 0.8)
        pen.polygon([(x, max(top, base - height)), (x + half, bottom), (x - half, bottom)], value)


def y_at(points, x):
    """The ridge's height at ``x``."""
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * (x - x0) / max(1, x1 - x0)
    return points[-1][1]


def tree_line(pen, rng, points, spacing, height, jitter=0.35, sink=4):
    """Firs along a ridge line, ``spacing`` apart, roughly ``height`` tall."""
    points = sorted(points)
    x = points[0][0] + rng.uniform(0, spacing)
    while x < points[-1][0]:
        h = height * rng.uniform(1 - jitter, 1 + jitter)
        fir(pen, x, y_at(points, x) + sink, h)
        x += spacing * rng.uniform(0.5, 1.3)


def mist_band(canvas, y, thickness, colour, opacity, rng):
    """A soft horizontal band of mist across the picture."""

    def draw(pen):
        x = -100
        while x < canvas.width + 100:
            w = rng.uniform(200, 420)
            pen.ellipse((x, y - thickness / 2, x + w, y + thickness / 2))
            x += w * 0.6

    canvas.shape(colour, draw, opacity, blur=thickness * 0.6)


def mount_hood(pen, peak_x, peak_y, half_width, base_y, snow=False):
    """Mount Hood's lopsided cone; with ``snow`` only its snowy top."""
    if not snow:
        pen.polygon(
            [
                (peak_x - half_width, base_y),
                (peak_x - half_width * 0.35, peak_y + (base_y - peak_y) * 0.45),
                (peak_x - half_width * 0.08, peak_y + 6),
                (peak_x, peak_y),
                (peak_x + half_width * 0.1, peak_y + 10),
                (peak_x + half_width * 0.4, peak_y + (base_y - peak_y) * 0.5),
                (peak_x + half_width * 1.1, base_y),
            ]
        )
        return
    depth = (base_y - peak_y) * 0.32
    pen.polygon(
        [
            (peak_x, peak_y),
            (peak_x + half_width * 0.1, peak_y + 10),
            (peak_x + half_width * 0.28, peak_y + depth),
            (peak_x + half_width * 0.16, peak_y + depth * 0.8),
            (peak_x + half_width * 0.06, peak_y + depth * 1.05),
            (peak_x - half_width * 0.05, peak_y + depth * 0.7),
            (peak_x - half_width * 0.16, peak_y + depth * 0.95),
            (peak_x - half_width * 0.25, peak_y + depth * 0.75),
            (peak_x - half_width * 0.08, peak_y + 6),
        ]
    )


# --- Scenes -------------------------------------------------------------------


def morning_hills(rng):
    c = Canvas()
    c.gradient([(0, (158, 183, 192)), (0.45, (214, 222, 220)), (0.62, DAWN), (1, DAWN)])
    c.glow((820, 330), 150, (246, 238, 220), 0.7)
    c.shape(mix(BLUE_GREY, PALE, 0.35), lambda pen: mount_hood(pen, 430, 210, 250, 470))
    c.shape(mix(PALE, BLUE_GREY, 0.12), lambda pen: mount_hood(pen, 430, 210, 250, 470, True))
    layers = [
        (430, 40, mix(BLUE_GREY, DAWN, 0.3)),
        (500, 45, mix(BLUE_GREY, TEAL, 0.3)),
        (575, 50, mix(TEAL, BLUE_GREY, 0.45)),
        (650, 45, TEAL),
        (735, 40, DARK),
    ]
    for i, (base, amplitude, colour) in enumerate(layers):
        points = ridge(rng, c.width, base, amplitude, waves=3)

        def draw(pen, points=points, i=i):
            pen.polygon(under(points, c.height))
            if i >= 2:
                tree_line(pen, rng, points, spacing=26 - i * 3, height=18 + i * 9)

        c.shape(colour, draw)
        if i < len(layers) - 1:
            mist_band(c, base + 30, 46, mix(DAWN, MIST, 0.5), 0.45, rng)
    c.grain(rng)
    return c.image


def columbia_gorge(rng):
    c = Canvas()
    c.gradient([(0, (128, 160, 170)), (0.35, (196, 208, 206)), (0.55, DAWN), (1, DAWN)])
    c.glow((600, 400), 170, (245, 232, 208), 0.65)
    horizon = 440
    far = ridge(rng, c.width, horizon - 25, 12, waves=2)
    c.shape(mix(BLUE_GREY, DAWN, 0.5), lambda pen: pen.polygon(under(far, horizon + 5)))
    # The river: wide at the front, narrowing to the far bend.
    c.gradient(
        [(0, mix(DAWN, SOFT_GREY, 0.3)), (0.5, (160, 186, 190)), (1, (96, 134, 142))],
        box=(0, horizon, c.width, c.height),
    )

    def ripples(pen):
        for _ in range(70):
            y = rng.uniform(horizon + 8, c.height)
            length = 20 + (y - horizon) * rng.uniform(0.2, 0.6)
            x = rng.uniform(300, 900) + (y - horizon) * rng.uniform(-0.6, 0.6)
            pen.line([(x, y), (x + length, y)], width=1 + (y - horizon) / 180)

    c.shape((240, 236, 224), ripples, 0.35)
    # Basalt walls on both banks, from the hazy far ones to the dark near ones:
    # a flat plateau, a sheer cliff of columns, then a forested slope to the water.
    walls = [
        (mix(BLUE_GREY, DAWN, 0.3), 385, 500, 35, 548, 448),
        (mix(BLUE_GREY, TEAL, 0.3), 325, 405, 70, 500, 465),
        (mix(TEAL, BLUE_GREY, 0.25), 245, 285, 125, 425, 508),
        (DARK, 140, 135, 210, 330, 585),
    ]
    mid = c.width / 2
    for depth, (colour, top, cliff_x, cliff_h, foot_x, foot_y) in enumerate(walls):
        for side in (-1, 1):
            edge = 0 if side < 0 else c.width

            def at(offset, side=side):  # x at ``offset`` from the picture's edge
                return mid + side * (mid - offset)

            plateau = [(at(x), top + rng.uniform(-4, 4) + x * 0.02) for x in range(0, cliff_x, 40)]
            face_top = (at(cliff_x), top + 6)
            face = [
                (at(cliff_x + rng.uniform(-4, 6)), top + cliff_h * t) for t in (0.25, 0.5, 0.75)
            ]
            slope = [
                (
                    at(cliff_x + 10 + (foot_x - cliff_x - 10) * t),
                    top + cliff_h + (foot_y - top - cliff_h) * math.sin(t * math.pi / 2),
                )
                for t in (0, 0.2, 0.4, 0.6, 0.8, 1)
            ]
            outline = [(edge, top - 30), *plateau, face_top, *face, *slope, (edge, foot_y + 60)]
            c.shape(colour, lambda pen, outline=outline: pen.polygon(outline))

            def woods(pen, slope=slope, plateau=plateau, depth=depth):
                tree_line(pen, rng, slope, 12 + depth * 3, 14 + depth * 9, sink=10)
                tree_line(pen, rng, plateau, 14 + depth * 3, 8 + depth * 6, sink=3)

            c.shape(mix(colour, GREEN, 0.3), woods)
            if depth >= 2:
                lines = mix(colour, BLUE_GREY, 0.22)

                def columns(pen, face_x=at(cliff_x), side=side, top=top, h=cliff_h):  # noqa: B008
                    for _ in range(60):
                        x = face_x + side * rng.uniform(
                            6, abs(face_x - (0 if side < 0 else c.width)) - 10
                        )
                        y0 = top + rng.uniform(14, 40)
                        pen.line([(x, y0), (x, y0 + h * rng.uniform(0.4, 0.9))], width=1.5)

                c.shape(lines, columns, 0.6)
        mist_band(c, foot_y - 8, 24 + depth * 6, MIST, 0.3, rng)
    c.grain(rng)
    return c.image


def portland_river(rng):
    c = Canvas()
    c.gradient([(0, (120, 150, 164)), (0.5, (200, 210, 212)), (0.62, (222, 218, 206)), (1, DAWN)])
    c.shape(mix(BLUE_GREY, PALE, 0.4), lambda pen: mount_hood(pen, 930, 250, 200, 470))
    c.shape(mix(PALE, BLUE_GREY, 0.15), lambda pen: mount_hood(pen, 930, 250, 200, 470, True))
    waterline = 540
    hills = ridge(rng, c.width, 455, 25, waves=2)
    c.shape(
        mix(TEAL, BLUE_GREY, 0.55),
        lambda pen: (
            pen.polygon(under(hills, waterline)),
            tree_line(pen, rng, hills, 14, 20),
        ),
    )
    # Downtown: a few towers, one with a stepped top and one with a spire.
    buildings = []
    x = 140
    while x < 860:
        w = rng.uniform(34, 70)
        h = rng.uniform(60, 140) * (1.6 if 380 < x < 600 else 1)
        buildings.append((x, w, h))
        x += w + rng.uniform(2, 10)

    def skyline(pen):
        for x, w, h in buildings:
            top = waterline - 10 - h
            pen.rectangle((x, top, x + w, waterline))
            if h > 170:
                pen.rectangle((x + w * 0.2, top - 22, x + w * 0.8, top))
                pen.line([(x + w / 2, top - 60), (x + w / 2, top - 22)], width=3)

    sky_mask = c.shape(TEAL, skyline)

    def windows(pen):
        for x, w, h in buildings:
            top = waterline - 10 - h
            for wy in range(int(top) + 10, waterline - 14, 12):
                for wx in range(int(x) + 6, int(x + w) - 6, 10):
                    if rng.random() < 0.14:
                        pen.rectangle((wx, wy, wx + 4, wy + 5))

    c.shape((226, 222, 196), windows, 0.55)
    # The river, with the city's reflection blurred in it.
    c.gradient([(0, (150, 176, 184)), (1, (76, 114, 126))], box=(0, waterline, c.width, c.height))
    reflection = Image.new("L", sky_mask.size, 0)
    reflection.paste(
        sky_mask.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
        (0, (2 * waterline - c.height) * SUPERSAMPLE),
    )
    c.fill(reflection, TEAL, 0.35, blur=5)

    def ripples(pen):
        for _ in range(90):
            y = rng.uniform(waterline + 6, c.height)
            x = rng.uniform(0, c.width)
            pen.line([(x, y), (x + rng.uniform(20, 90), y)], width=1.5)

    c.shape((222, 228, 226), ripples, 0.4)
    # A cable-stayed bridge (like Tilikum Crossing) across the front.
    deck = 600

    def bridge(pen):
        pen.polygon([(0, deck), (c.width, deck - 26), (c.width, deck - 14), (0, deck + 12)])
        for tower_x in (300, 820):
            ty = deck - 26 * tower_x / c.width
            pen.polygon(
                [
                    (tower_x - 7, ty + 40),
                    (tower_x - 3, ty - 170),
                    (tower_x + 3, ty - 170),
                    (tower_x + 7, ty + 40),
                ]
            )
            for k in range(1, 9):
                for side in (-1, 1):
                    end_x = tower_x + side * k * 26
                    pen.line(
                        [(tower_x, ty - 160 + k * 6), (end_x, deck - 26 * end_x / c.width)],
                        width=1.2,
                    )
        for pier_x in (300, 820, 560):
            ty = deck - 26 * pier_x / c.width
            pen.rectangle((pier_x - 9, ty + 8, pier_x + 9, ty + 60))

    c.shape(mix(DARK, TEAL, 0.3), bridge)
    c.grain(rng)
    return c.image


def forest_after_rain(rng):
    c = Canvas()
    c.gradient([(0, (170, 190, 196)), (0.6, (214, 222, 221)), (1, (200, 212, 210))])
    layers = [
        (360, mix(SOFT_GREY, TEAL, 0.15), 60, 22),
        (450, mix(BLUE_GREY, TEAL, 0.3), 90, 26),
        (550, mix(TEAL, GREEN, 0.2), 130, 32),
        (660, mix(FOREST, TEAL, 0.3), 190, 40),
        (770, DARK, 260, 52),
    ]
    for i, (base, colour, height, spacing) in enumerate(layers):
        points = ridge(rng, c.width, base, 18 + i * 4, waves=2)

        def draw(pen, points=points, height=height, spacing=spacing):
            pen.polygon(under(points, c.height))
            tree_line(pen, rng, points, spacing, height, jitter=0.3)

        c.shape(colour, draw)
        if i < len(layers) - 1:
            mist_band(c, base + 10, 60 + i * 8, MIST, 0.55 - i * 0.08, rng)

    def drops(pen):
        for _ in range(40):
            x, y = rng.uniform(0, c.width), rng.uniform(0, c.height * 0.6)
            pen.line([(x, y), (x - 3, y + rng.uniform(18, 34))], width=1.2)

    c.shape((240, 244, 244), drops, 0.35)
    c.grain(rng)
    return c.image


def rain_on_window(rng):
    c = Canvas()
    c.gradient([(0, (58, 96, 110)), (0.6, (98, 134, 140)), (1, (44, 84, 86))])
    # Outside, out of focus: firs and soft lights.
    outside = ridge(rng, c.width, 560, 40, waves=2)
    c.shape(
        FOREST,
        lambda pen: (pen.polygon(under(outside, c.height)), tree_line(pen, rng, outside, 40, 200)),
        blur=14,
    )
    lights = [
        (190, 210, 200),
        (150, 190, 190),
        (214, 220, 206),
        (120, 170, 150),
        (230, 224, 200),
    ]
    for _ in range(26):
        x, y = rng.uniform(0, c.width), rng.uniform(60, 720)
        r = rng.uniform(24, 70)
        colour = rng.choice(lights)
        c.shape(
            colour,
            lambda pen, x=x, y=y, r=r: pen.ellipse((x - r, y - r, x + r, y + r)),
            rng.uniform(0.12, 0.3),
            blur=r * 0.25,
        )
    # On the glass: drops with a light edge, and a few trickles.
    drops = [
        (rng.uniform(0, c.width), rng.uniform(0, c.height), rng.uniform(2, 7)) for _ in range(220)
    ]

    def drop_bodies(pen):
        for x, y, r in drops:
            pen.ellipse((x - r, y - r * 1.1, x + r, y + r * 1.1))

    def drop_lights(pen):
        for x, y, r in drops:
            pen.ellipse((x - r * 0.45, y - r * 0.75, x + r * 0.05, y - r * 0.25))

    c.shape((36, 70, 78), drop_bodies, 0.35)
    c.shape((236, 240, 236), drop_lights, 0.8)

    def trickles(pen):
        for _ in range(9):
            x, y = rng.uniform(40, c.width - 40), rng.uniform(-40, 300)
            points = [(x, y)]
            while y < c.height + 20:
                y += rng.uniform(20, 40)
                x += rng.uniform(-4, 4)
                points.append((x, y))
            pen.line(points, width=rng.uniform(2.5, 4))

    c.shape((214, 226, 224), trickles, 0.45)
    # The window's frame: a mullion and a transom in the brand's dark teal.
    c.shape(
        DARK,
        lambda pen: (
            pen.rectangle((0, 0, 40, c.height)),
            pen.rectangle((0, 0, c.width, 26)),
            pen.rectangle((770, 0, 792, c.height)),
        ),
    )
    c.grain(rng)
    return c.image


def forest_path(rng):
    c = Canvas()
    c.gradient([(0, (186, 202, 200)), (0.5, (226, 228, 216)), (1, (176, 196, 186))])
    c.glow((610, 390), 140, (246, 240, 222), 0.8)
    ground = 470
    c.gradient([(0, (120, 150, 140)), (1, (34, 78, 70))], box=(0, ground, c.width, c.height))
    # The path: wide at the front, winding to the light.
    left, right = [], []
    for k in range(0, 41):
        t = k / 40
        y = ground + (c.height - ground) * t**1.4
        centre = 610 + math.sin(t * 2.6 + 0.4) * 120 * t
        half = 10 + 330 * t**1.6
        left.append((centre - half, y))
        right.append((centre + half, y))
    c.shape((214, 206, 184), lambda pen: pen.polygon([*left, *reversed(right)]), 0.85)
    # Trunks: far ones pale and thin, near ones dark and wide, none on the path.
    rows = [(0.25, 6, 14, 470), (0.55, 12, 10, 540), (0.85, 26, 7, 680), (1.0, 46, 4, 900)]
    for depth, width, count, foot in rows:
        colour = mix(mix(BLUE_GREY, PALE, 0.3), DARK, depth)

        def trunks(pen, width=width, count=count, foot=foot, depth=depth):
            for side in (-1, 1):
                for _ in range(count):
                    gap = 40 + 420 * depth
                    x = 610 + side * rng.uniform(gap, gap + 520 * (1.2 - depth))
                    w = width * rng.uniform(0.7, 1.3)
                    pen.polygon(
                        [
                            (x - w * 0.4, -10),
                            (x + w * 0.4, -10),
                            (x + w / 2, foot),
                            (x - w / 2, foot),
                        ]
                    )

        c.shape(colour, trunks)
        if depth < 1:
            mist_band(c, ground - 20, 80, MIST, 0.35, rng)

    # Boughs reaching in from the top corners, soft at their edge.
    def boughs(pen):
        for side in (-1, 1):
            for k in range(7):
                x = 610 + side * (420 + k * 40 + rng.uniform(-20, 20))
                y = -20 + k * 22 + rng.uniform(-10, 10)
                length = rng.uniform(160, 260)
                tip = x - side * length
                pen.polygon([(x, y - 14), (tip, y + 28), (x, y + 22)])

    c.shape(mix(FOREST, DARK, 0.4), boughs, blur=1.5)

    # Ferns beside the path: fans of thin, tapering fronds.
    def ferns(pen):
        for side in (-1, 1):
            for _ in range(16):
                x = 610 + side * rng.uniform(300, 680)
                y = rng.uniform(700, 820)
                size = rng.uniform(40, 80)
                for k in range(9):
                    angle = math.radians(-80 + k * 20 + rng.uniform(-6, 6))
                    tip = (x + math.sin(angle) * size, y - math.cos(angle) * size * 0.8)
                    across = (math.cos(angle) * 4, math.sin(angle) * 4)
                    pen.polygon(
                        [(x - across[0], y - across[1]), tip, (x + across[0], y + across[1])]
                    )

    c.shape(mix(GREEN, DARK, 0.35), ferns)
    c.grain(rng)
    return c.image


@dataclass(frozen=True)
class Scene:
    key: str
    title: str
    description: str
    draw: object

    def render(self):
        """The scene as a PIL image (the same pixels every time)."""
        # A seeded generator for repeatable pictures, not for secrets.
        return self.draw(random.Random(f"rainfall-demo:{self.key}"))  # noqa: S311


def quiet_lake(rng):
    c = Canvas()
    c.gradient([(0, (146, 172, 184)), (0.4, (206, 216, 216)), (0.55, DAWN), (1, (170, 192, 198))])
    c.glow((600, 400), 120, (248, 236, 214), 0.65)
    far = ridge(rng, c.width, 420, 30, waves=2)
    c.shape(mix(BLUE_GREY, DAWN, 0.35), lambda pen: pen.polygon(under(far, 470)))
    near = ridge(rng, c.width, 450, 24, waves=3)

    def shore(pen):
        pen.polygon(under(near, 470))
        tree_line(pen, rng, near, spacing=22, height=30)

    c.shape(mix(TEAL, BLUE_GREY, 0.4), shore)
    # The lake: the sky's light mirrored, in soft bands.
    c.gradient(
        [(0, mix(DAWN, BLUE_GREY, 0.3)), (1, mix(TEAL, BLUE_GREY, 0.5))],
        (0, 470, c.width, c.height),
    )
    c.glow((600, 520), 90, (244, 232, 212), 0.35)

    def ripples(pen):
        for _ in range(70):
            y = rng.uniform(480, c.height)
            x = rng.uniform(0, c.width)
            length = rng.uniform(20, 90) * (y - 440) / 360
            pen.line([(x, y), (x + length, y)], width=1.2)

    c.shape(PALE, ripples, 0.45)

    def reeds(pen):
        for _ in range(55):
            x = rng.uniform(0, 300) if rng.random() < 0.6 else rng.uniform(950, c.width)
            top = rng.uniform(600, 720)
            bend = rng.uniform(-14, 14)
            pen.line(
                [(x, c.height), (x + bend / 2, (top + c.height) / 2), (x + bend, top)], width=3
            )

    c.shape(DARK, reeds)
    mist_band(c, 465, 30, MIST, 0.4, rng)
    c.grain(rng)
    return c.image


SCENES = {
    scene.key: scene
    for scene in [
        Scene(
            "morning-hills",
            "Illustration: morning over the hills",
            "An illustration of a calm morning: layers of forested hills fading into mist "
            "under a pale sky, with the snowy peak of Mount Hood in the distance.",
            morning_hills,
        ),
        Scene(
            "columbia-gorge",
            "Illustration: the Columbia River Gorge at dawn",
            "An illustration of the Columbia River Gorge at dawn: dark basalt cliffs topped "
            "with firs rise on both sides of a calm, wide river under a pale sky.",
            columbia_gorge,
        ),
        Scene(
            "portland-river",
            "Illustration: Portland by the river",
            "An illustration of Portland from the river: a quiet downtown skyline reflected "
            "in the water behind a cable-stayed bridge, with Mount Hood faint in the distance.",
            portland_river,
        ),
        Scene(
            "forest-after-rain",
            "Illustration: a fir forest after rain",
            "An illustration of a fir forest after rain: rows of evergreen trees fading into "
            "soft mist under an overcast sky, with a few last raindrops.",
            forest_after_rain,
        ),
        Scene(
            "rain-on-window",
            "Illustration: rain on a window",
            "An illustration of rain on a window: drops and trickles of water on the glass "
            "in front of soft, out-of-focus green and blue-grey lights and trees.",
            rain_on_window,
        ),
        Scene(
            "forest-path",
            "Illustration: a path through the trees",
            "An illustration of a path through a quiet forest: a winding trail between tall "
            "tree trunks leads toward soft light in the distance.",
            forest_path,
        ),
        Scene(
            "quiet-lake",
            "Illustration: a quiet lake at dusk",
            "An illustration of a quiet lake at dusk: a low, warm light over forested hills "
            "is mirrored in calm water, with dark reeds along the near shore.",
            quiet_lake,
        ),
    ]
}
