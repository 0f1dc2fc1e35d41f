"""The demo's illustrations: JPEG files in demo/images/, drawn once (calm
Pacific Northwest scenes, no people) and committed, each with the title and
description (its alternative text) the demo stores with it."""

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
            "portland-river",
            "Illustration: Portland by the river",
            (
                "An illustration of Portland from the river: a quiet downtown skyline reflected "
                "in the water behind a cable-stayed bridge, with Mount Hood faint in the "
                "distance."
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
    ]
}
