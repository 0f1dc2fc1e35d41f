"""The demo's illustrations: JPEG files in demo/images/, drawn once (calm
Pacific Northwest scenes; the clinics' rooms and the demo people's faceless
portraits by scripts/draw_demo_pictures.py) and committed, each with the
title and description (its alternative text) the demo stores with it. All
are plainly drawings: no photograph stands for a patient, a clinician or a
real room."""

from dataclasses import dataclass
from pathlib import Path

IMAGES = Path(__file__).resolve().parent / "images"


@dataclass(frozen=True)
class Illustration:
    key: str
    title: str
    description: str

    @property
    def path(self):
        return IMAGES / f"{self.key}.jpg"

    def jpeg(self):
        return self.path.read_bytes()


ILLUSTRATIONS = {
    illustration.key: illustration
    for illustration in [
        Illustration(
            "morning-hills",
            "Illustration: morning over the hills",
            (
                "An illustration of a calm morning: layers of forested hills fading into mist "
                "under a pale sky, with the snowy peak of Mount Hood in the distance."
            ),
        ),
        Illustration(
            "columbia-gorge",
            "Illustration: the Columbia River Gorge at dawn",
            (
                "An illustration of the Columbia River Gorge at dawn: dark basalt cliffs topped "
                "with firs rise on both sides of a calm, wide river under a pale sky."
            ),
        ),
        Illustration(
            "portland-street",
            "Illustration: a downtown Portland street",
            (
                "An illustration of a downtown Portland street: brick and pale stone buildings "
                "with rows of windows, and round street trees along the pavement."
            ),
        ),
        Illustration(
            "forest-after-rain",
            "Illustration: a fir forest after rain",
            (
                "An illustration of a fir forest after rain: rows of evergreen trees fading into "
                "soft mist under an overcast sky, with a few last raindrops."
            ),
        ),
        Illustration(
            "rain-on-window",
            "Illustration: rain on a window",
            (
                "An illustration of rain on a window: drops and trickles of water on the glass in"
                " front of soft, out-of-focus green and blue-grey lights and trees."
            ),
        ),
        Illustration(
            "forest-path",
            "Illustration: a path through the trees",
            (
                "An illustration of a path through a quiet forest: a winding trail between tall "
                "tree trunks leads toward soft light in the distance."
            ),
        ),
        Illustration(
            "quiet-lake",
            "Illustration: a quiet lake at dusk",
            (
                "An illustration of a quiet lake at dusk: a low, warm light over forested hills "
                "is mirrored in calm water, with dark reeds along the near shore."
            ),
        ),
        *[
            Illustration(
                f"{clinic}-{room}",
                f"Illustration: {what} of the {city} clinic",
                f"An illustration of {description}",
            )
            for clinic, city, rooms in [
                (
                    "portland",
                    "Portland",
                    {
                        "entrance": (
                            "the entrance",
                            "the entrance of the Portland clinic: glass doors under a teal "
                            "awning in a brick building, a step-free path and two planters.",
                        ),
                        "waiting-room": (
                            "the waiting room",
                            "the waiting room of the Portland clinic: a teal sofa on a pale "
                            "rug, a reading lamp, a plant and a window onto fir trees in the "
                            "rain.",
                        ),
                        "treatment-room": (
                            "a treatment room",
                            "a treatment room of the Portland clinic: a reclining chair with a "
                            "folded blanket, a drip stand, a side table with a glass of water "
                            "and a window with half-drawn blinds.",
                        ),
                    },
                ),
                (
                    "hood-river",
                    "Hood River",
                    {
                        "entrance": (
                            "the entrance",
                            "the entrance of the Hood River clinic: a single-storey cedar "
                            "building with glass doors, a step-free path and green hills "
                            "behind.",
                        ),
                        "waiting-room": (
                            "the waiting room",
                            "the waiting room of the Hood River clinic: a sage-green sofa, a "
                            "reading lamp, a plant and a window onto fir trees in the rain.",
                        ),
                        "treatment-room": (
                            "a treatment room",
                            "a treatment room of the Hood River clinic: a reclining chair with "
                            "a folded blanket, a drip stand, a side table with a glass of "
                            "water and a window with half-drawn blinds.",
                        ),
                    },
                ),
            ]
            for room, (what, description) in rooms.items()
        ],
        Illustration(
            "portrait-avery-lindqvist",
            "Illustration: portrait of Avery Lindqvist",
            (
                "An illustrated portrait of Avery Lindqvist, a fictional clinician of the demo: "
                "a faceless figure with long dark hair and a teal top, on a soft green ground."
            ),
        ),
        Illustration(
            "portrait-jordan-ellery",
            "Illustration: portrait of Jordan Ellery",
            (
                "An illustrated portrait of Jordan Ellery, a fictional writer of the demo: a "
                "faceless figure with short dark hair, round glasses and a sage top, on a "
                "sand-coloured ground."
            ),
        ),
    ]
}
