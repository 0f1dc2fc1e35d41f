"""Draw the demo's portraits and clinic rooms into demo/images/ (JPEG).

Flat, stylised illustrations made for the demo: faceless figures and
imagined rooms, never photographs, so nobody could take them for a real
patient, clinician or place. Run once after changing a drawing and commit
the files (the demo loads the files, never this script):

    .venv/bin/python scripts/draw_demo_pictures.py
"""

import pathlib
import random

from PIL import Image, ImageDraw, ImageFilter

OUT = pathlib.Path(__file__).resolve().parent.parent / "demo" / "images"
SCALE = 2  # drawn at twice the size, then reduced: smooth edges

PALETTES = {
    # Portland: a city clinic, teal and warm wood.
    "portland": {
        "wall": (226, 234, 232),
        "wall_dark": (205, 219, 216),
        "floor": (196, 170, 140),
        "floor_line": (180, 153, 123),
        "sofa": (61, 110, 120),
        "sofa_dark": (45, 88, 97),
        "accent": (214, 160, 92),
        "wood": (150, 110, 75),
        "outside": (176, 198, 204),
        "trees": (92, 128, 112),
        "facade": (160, 92, 74),
        "facade_dark": (130, 72, 58),
    },
    # Hood River: a small-town clinic, sage and cedar.
    "hood-river": {
        "wall": (236, 233, 222),
        "wall_dark": (219, 214, 199),
        "floor": (170, 140, 108),
        "floor_line": (152, 123, 92),
        "sofa": (116, 140, 104),
        "sofa_dark": (92, 115, 82),
        "accent": (196, 120, 88),
        "wood": (128, 90, 60),
        "outside": (186, 206, 196),
        "trees": (74, 112, 88),
        "facade": (150, 118, 86),
        "facade_dark": (120, 92, 64),
    },
}


def canvas(width, height, colour):
    image = Image.new("RGB", (width * SCALE, height * SCALE), colour)
    return image, ImageDraw.Draw(image)


def box(*values):
    return [round(value * SCALE) for value in values]


def save(image, name, width, height):
    image = image.resize((width, height), Image.LANCZOS)
    image.save(OUT / f"{name}.jpg", "JPEG", quality=84, optimize=True, progressive=True)
    print(f"demo/images/{name}.jpg")


def window(draw, p, x, y, w, h, rain=True, seed=1):
    draw.rounded_rectangle(
        box(x - 8, y - 8, x + w + 8, y + h + 8), radius=6 * SCALE, fill=p["wood"]
    )
    draw.rectangle(box(x, y, x + w, y + h), fill=p["outside"])
    # Firs outside.
    rng = random.Random(seed)  # noqa: S311 -- where the drawn trees stand, nothing secret
    for i in range(6):
        cx = x + 20 + i * (w - 40) / 5 + rng.uniform(-8, 8)
        top = y + h * rng.uniform(0.25, 0.5)
        draw.polygon(box(cx, top, cx - 28, y + h, cx + 28, y + h), fill=p["trees"])
    draw.rectangle(box(x + w / 2 - 3, y, x + w / 2 + 3, y + h), fill=p["wood"])
    draw.rectangle(box(x, y + h / 2 - 3, x + w, y + h / 2 + 3), fill=p["wood"])
    if rain:
        for _ in range(40):
            rx, ry = x + rng.uniform(4, w - 4), y + rng.uniform(4, h - 14)
            draw.line(box(rx, ry, rx - 2, ry + 10), fill=(235, 242, 244), width=SCALE)


def plant(draw, x, y, size, pot, leaf):
    draw.polygon(
        box(
            x - size * 0.35,
            y,
            x + size * 0.35,
            y,
            x + size * 0.25,
            y + size * 0.5,
            x - size * 0.25,
            y + size * 0.5,
        ),
        fill=pot,
    )
    for dx, dy, r in [(-0.3, -0.45, 0.3), (0.3, -0.5, 0.3), (0, -0.8, 0.32), (-0.05, -0.3, 0.3)]:
        cx, cy = x + dx * size, y + dy * size
        draw.ellipse(
            box(cx - r * size, cy - r * size * 0.7, cx + r * size, cy + r * size * 0.7), fill=leaf
        )


def floor(draw, p, width, height, horizon):
    draw.rectangle(box(0, horizon, width, height), fill=p["floor"])
    for i in range(1, 9):
        draw.line(
            box(
                0, horizon + i * (height - horizon) / 8, width, horizon + i * (height - horizon) / 8
            ),
            fill=p["floor_line"],
            width=SCALE,
        )
    draw.rectangle(box(0, horizon - 10, width, horizon), fill=p["wall_dark"])


def waiting_room(name, p, seed):
    width, height = 1200, 800
    image, draw = canvas(width, height, p["wall"])
    floor(draw, p, width, height, 560)
    window(draw, p, 90, 140, 290, 300, seed=seed)
    # A framed picture (abstract hills) and a lamp.
    draw.rectangle(box(640, 170, 860, 320), fill=p["wood"])
    draw.rectangle(box(652, 182, 848, 308), fill=(240, 236, 226))
    draw.polygon(box(652, 308, 720, 240, 790, 290, 848, 230, 848, 308), fill=p["sofa"])
    # The rug, the sofa and an armchair.
    draw.ellipse(box(420, 640, 1000, 760), fill=p["wall_dark"])
    draw.rounded_rectangle(box(560, 420, 1040, 520), radius=30 * SCALE, fill=p["sofa_dark"])
    draw.rounded_rectangle(box(540, 480, 1060, 600), radius=26 * SCALE, fill=p["sofa"])
    for x in (600, 770, 940):
        draw.rounded_rectangle(box(x, 440, x + 150, 520), radius=20 * SCALE, fill=p["sofa"])
    draw.rectangle(box(570, 600, 590, 630), fill=p["wood"])
    draw.rectangle(box(1010, 600, 1030, 630), fill=p["wood"])
    draw.rounded_rectangle(box(880, 470, 950, 520), radius=14 * SCALE, fill=p["accent"])
    # A side table with a lamp, a plant in the corner.
    draw.rectangle(box(400, 520, 500, 540), fill=p["wood"])
    draw.rectangle(box(440, 540, 460, 640), fill=p["wood"])
    draw.line(box(450, 520, 450, 430), fill=p["wood"], width=4 * SCALE)
    draw.polygon(box(415, 430, 485, 430, 470, 385, 430, 385), fill=p["accent"])
    plant(draw, 1120, 600, 180, p["wood"], p["trees"])
    save(image, name, width, height)


def treatment_room(name, p, seed):
    width, height = 1200, 800
    image, draw = canvas(width, height, p["wall"])
    floor(draw, p, width, height, 580)
    window(draw, p, 720, 130, 360, 300, seed=seed)
    # Blinds half down.
    for i in range(9):
        draw.rectangle(box(720, 130 + i * 11, 1080, 136 + i * 11), fill=(236, 232, 222))
    # A reclining treatment chair with a blanket.
    draw.polygon(box(260, 300, 330, 290, 420, 500, 350, 520), fill=p["sofa_dark"])
    draw.rounded_rectangle(box(330, 470, 640, 540), radius=24 * SCALE, fill=p["sofa"])
    draw.polygon(box(620, 480, 800, 520, 790, 560, 610, 540), fill=p["sofa"])
    draw.rounded_rectangle(box(310, 440, 360, 470), radius=10 * SCALE, fill=p["sofa_dark"])
    draw.rounded_rectangle(box(430, 455, 700, 505), radius=18 * SCALE, fill=p["accent"])
    draw.rectangle(box(440, 540, 460, 620), fill=p["wood"])
    draw.rectangle(box(600, 540, 620, 620), fill=p["wood"])
    draw.rectangle(box(400, 610, 680, 625), fill=p["wood"])
    # A drip stand, a side table with a glass of water, a soft lamp, a plant.
    draw.line(box(170, 200, 170, 640), fill=(120, 128, 132), width=5 * SCALE)
    draw.line(box(140, 640, 200, 640), fill=(120, 128, 132), width=5 * SCALE)
    draw.rounded_rectangle(box(150, 205, 190, 265), radius=8 * SCALE, fill=(226, 238, 242))
    draw.rectangle(box(880, 500, 1020, 520), fill=p["wood"])
    draw.rectangle(box(940, 520, 960, 640), fill=p["wood"])
    draw.rectangle(box(900, 465, 925, 500), fill=(210, 228, 236))
    draw.ellipse(box(960, 440, 1010, 500), fill=p["accent"])
    plant(draw, 1120, 620, 150, p["wood"], p["trees"])
    save(image, name, width, height)


def entrance(name, p, seed, storeys=1):
    width, height = 1200, 800
    image, draw = canvas(width, height, p["outside"])
    # Hills or neighbouring buildings behind, then the facade.
    if storeys == 1:
        draw.polygon(
            box(0, 360, 300, 250, 650, 330, 1000, 240, 1200, 300, 1200, 520, 0, 520),
            fill=p["trees"],
        )
    else:
        for x, top in [(0, 60), (980, 120)]:
            draw.rectangle(box(x, top, x + 220, 640), fill=p["wall_dark"])
    top = 140 if storeys > 1 else 260
    draw.rectangle(box(180, top, 1020, 640), fill=p["facade"])
    for row in range(storeys - 1):
        for col in range(4):
            x, y = 240 + col * 200, top + 40 + row * 110
            draw.rectangle(box(x, y, x + 120, y + 70), fill=(206, 222, 228))
    # The door under an awning, a step-free path, planters.
    draw.polygon(box(440, 400, 760, 400, 800, 450, 400, 450), fill=p["sofa_dark"])
    draw.rectangle(box(490, 450, 710, 640), fill=p["facade_dark"])
    draw.rectangle(box(505, 465, 595, 640), fill=(196, 216, 222))
    draw.rectangle(box(605, 465, 695, 640), fill=(196, 216, 222))
    draw.rectangle(box(250, 480, 400, 580), fill=(206, 222, 228))
    draw.rectangle(box(800, 480, 950, 580), fill=(206, 222, 228))
    draw.rectangle(box(0, 640, 1200, 800), fill=(168, 172, 170))
    draw.polygon(box(470, 640, 730, 640, 780, 800, 420, 800), fill=(196, 198, 194))
    for x in (330, 870):
        draw.rectangle(box(x - 50, 590, x + 50, 650), fill=p["wood"])
        plant(draw, x, 600, 120, p["wood"], p["trees"])
    save(image, name, width, height)


def portland_street(name, p):
    """Portland's own picture: a downtown street of brick buildings and street trees."""
    width, height = 1200, 800
    image, draw = canvas(width, height, (208, 222, 226))
    heights = [180, 90, 220, 140, 60, 200]
    x = 0
    for i, top in enumerate(heights):
        w = 200
        colour = p["facade"] if i % 2 else p["wall_dark"]
        draw.rectangle(box(x, top, x + w, 620), fill=colour)
        for row in range(int((560 - top) / 80)):
            for col in range(3):
                wx, wy = x + 25 + col * 60, top + 30 + row * 80
                draw.rectangle(box(wx, wy, wx + 35, wy + 45), fill=(226, 234, 236))
        x += w
    draw.rectangle(box(0, 620, 1200, 800), fill=(150, 156, 158))
    draw.rectangle(box(0, 610, 1200, 630), fill=(190, 192, 188))
    for i in range(6):
        draw.rectangle(box(60 + i * 200, 760, 140 + i * 200, 770), fill=(232, 232, 226))
    for tx in (120, 520, 920):
        draw.rectangle(box(tx - 8, 480, tx + 8, 620), fill=p["wood"])
        draw.ellipse(box(tx - 80, 360, tx + 80, 520), fill=p["trees"])
    save(image, name, width, height)


def portrait(name, background, shirt, skin, hair, long_hair=False, glasses=False):
    size = 600
    image, draw = canvas(size, size, background)
    # Shoulders, neck, head, hair: a faceless figure.
    draw.ellipse(box(90, 420, 510, 800), fill=shirt)
    draw.rectangle(box(255, 340, 345, 450), fill=skin)
    if long_hair:
        draw.rounded_rectangle(box(175, 150, 425, 470), radius=110 * SCALE, fill=hair)
    draw.ellipse(box(200, 150, 400, 390), fill=skin)
    draw.chord(box(190, 130, 410, 330), 180, 360, fill=hair)
    if glasses:
        for cx in (255, 345):
            draw.ellipse(box(cx - 32, 245, cx + 32, 295), outline=(40, 52, 58), width=5 * SCALE)
        draw.line(box(287, 268, 313, 268), fill=(40, 52, 58), width=4 * SCALE)
    image = image.filter(ImageFilter.SMOOTH)
    save(image, name, 600, 600)


def main():
    portland, hood_river = PALETTES["portland"], PALETTES["hood-river"]
    portland_street("portland-street", portland)
    entrance("portland-entrance", portland, seed=3, storeys=4)
    waiting_room("portland-waiting-room", portland, seed=4)
    treatment_room("portland-treatment-room", portland, seed=5)
    entrance("hood-river-entrance", hood_river, seed=6, storeys=1)
    waiting_room("hood-river-waiting-room", hood_river, seed=7)
    treatment_room("hood-river-treatment-room", hood_river, seed=8)
    portrait(
        "portrait-avery-lindqvist",
        background=(214, 230, 228),
        shirt=(29, 78, 95),
        skin=(222, 184, 150),
        hair=(70, 50, 40),
        long_hair=True,
    )
    portrait(
        "portrait-jordan-ellery",
        background=(232, 226, 212),
        shirt=(116, 140, 104),
        skin=(150, 104, 74),
        hair=(35, 30, 28),
        glasses=True,
    )


if __name__ == "__main__":
    main()
