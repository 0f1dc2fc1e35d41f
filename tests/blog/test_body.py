"""Anchors, table of contents and reading time: computed from the body."""

import pytest
from wagtail.blocks import StreamValue

from blog.blocks import ArticleStreamBlock
from blog.body import assign_anchors, reading_time_minutes, table_of_contents, word_count


def stream(*items):
    block = ArticleStreamBlock()
    return StreamValue(block, [(name, block.child_blocks[name].to_python(v)) for name, v in items])


def heading(text, level="h2", anchor=""):
    return ("heading", {"text": text, "level": level, "anchor": anchor})


def test_anchors_are_unique_and_avoid_reserved_ids():
    body = stream(
        heading("Overview"),
        ("paragraph", "<p>Text</p>"),
        heading("Overview"),
        heading("Overview", "h3"),
        heading("Main"),
        heading("Custom", anchor="My Anchor"),
    )
    anchors = [anchor for _block, anchor in assign_anchors(body, reserved=("main",))]
    assert anchors == ["overview", None, "overview-2", "overview-3", "main-2", "my-anchor"]


def test_table_of_contents_nests_h3_under_the_previous_h2():
    body = stream(
        heading("Intro note", "h3"),
        heading("Understanding depression"),
        heading("Symptoms", "h3"),
        heading("Minor point", "h4"),
        heading("Causes", "h3"),
        heading("Treatment"),
        ("faq", {"heading": "Questions", "items": [{"question": "Q?", "answer": "<p>A.</p>"}]}),
    )
    toc = table_of_contents(assign_anchors(body))
    assert [(e["text"], e["anchor"]) for e in toc] == [
        ("Intro note", "intro-note"),
        ("Understanding depression", "understanding-depression"),
        ("Treatment", "treatment"),
        ("Questions", "questions"),
    ]
    assert [c["anchor"] for c in toc[1]["children"]] == ["symptoms", "causes"]
    assert toc[2]["children"] == []


@pytest.mark.parametrize(
    ("words", "minutes"),
    [(0, 1), (150, 1), (200, 1), (201, 2), (1000, 5)],
)
def test_reading_time_follows_the_words_of_the_body(words, minutes):
    body = stream(("paragraph", "<p>" + " ".join(["word"] * words) + "</p>"))
    assert reading_time_minutes(body) == minutes


def test_word_count_reads_every_text_block_but_not_choices_or_references():
    body = stream(
        heading("Two words"),
        ("paragraph", "<p>three <b>more</b> words</p>"),
        ("list", {"style": "bulleted", "items": ["one", "two items"]}),
        ("notice", {"style": "warning", "title": "Note", "text": "<p>be careful</p>"}),
        ("faq", {"heading": "FAQ", "items": [{"question": "Why?", "answer": "<p>Because.</p>"}]}),
        ("references", {"heading": "References", "items": [{"citation": "A B C D", "doi": ""}]}),
    )
    # heading 2 + paragraph 3 + list 3 + notice 3 + FAQ 3 = 14; "Section (H2)",
    # "bulleted", "warning" and the references are not counted.
    assert word_count(body) == 14


@pytest.mark.django_db
def test_an_image_block_adds_only_its_caption_to_the_word_count():
    """Wagtail's ImageBlock is a StructBlock whose value is the image itself
    (found by the editor's journey in the browser: the preview failed)."""
    import wagtail_factories

    image = wagtail_factories.ImageFactory()
    body = stream(
        ("paragraph", "<p>three short words</p>"),
        (
            "image",
            {
                "image": {"image": image.pk, "alt_text": "A calm room", "decorative": False},
                "caption": "Our room",
            },
        ),
    )
    assert word_count(body) == 5
