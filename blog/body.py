"""What an article computes from its body: anchors, table of contents, reading
time, and its stored data as a reader sees it (to tell a real update).

Editors never type these: they follow the headings and text of the body.
"""

import math
import re

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageBlock
from wagtail.rich_text import RichText, get_text_for_indexing

from core.blocks import heading_anchor

# Blocks that start a section of the article, with the level of their heading.
SECTION_BLOCK_TYPES = ("heading", "faq", "references")
# Text read at this pace gives the "N min read" estimate (a careful reading
# speed: health content is not skimmed).
WORDS_PER_MINUTE = 200
# Blocks whose text is not read through (sources at the end).
NOT_READ_BLOCK_TYPES = ("references",)


def section_heading(block):
    """(level, text) of a body block that starts a section, else None."""
    if block.block_type == "heading":
        return block.value.get("level") or "h2", block.value.get("text") or ""
    if block.block_type in ("faq", "references"):
        return "h2", block.value.get("heading") or ""
    return None


def assign_anchors(body, reserved=()):
    """Pair each body block with its anchor id (None if it has no heading).

    Ids come from the heading text (or the anchor an editor set) and are
    unique within the page: a repeated heading gets "-2", "-3"...; ``reserved``
    are ids the page template already uses (e.g. "main").
    """
    used = set(reserved)
    items = []
    for block in body:
        heading = section_heading(block)
        if heading is None:
            items.append((block, None))
            continue
        if block.block_type == "heading":
            base = heading_anchor(block.value)
        else:
            base = heading_anchor({"text": heading[1]})
        anchor, n = base, 2
        while anchor in used:
            anchor = f"{base}-{n}"
            n += 1
        used.add(anchor)
        items.append((block, anchor))
    return items


def table_of_contents(anchored_blocks):
    """Nested entries for the h2 sections and the h3 subsections under them."""
    toc = []
    for block, anchor in anchored_blocks:
        heading = section_heading(block)
        if heading is None or anchor is None:
            continue
        level, text = heading
        entry = {"text": text, "anchor": anchor, "children": []}
        if level == "h3" and toc:
            toc[-1]["children"].append(entry)
        elif level in ("h2", "h3"):
            toc.append(entry)
    return toc


def block_text(block, value):
    """The visible words of a block value, as a list of strings."""
    if value is None:
        return []
    if isinstance(block, blocks.RichTextBlock):
        source = value.source if isinstance(value, RichText) else str(value)
        return [get_text_for_indexing(source)]
    if isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        return [str(value)]
    if isinstance(block, TableBlock):
        rows = (value.get("data") or []) if isinstance(value, dict) else []
        return [str(cell) for row in rows for cell in row if cell]
    if isinstance(block, ImageBlock):
        # A StructBlock whose value is the Image itself: its alt text is not read.
        return []
    if isinstance(block, blocks.StructBlock):
        texts = []
        for name, child in block.child_blocks.items():
            texts.extend(block_text(child, value.get(name)))
        return texts
    if isinstance(block, blocks.ListBlock):
        texts = []
        for item in value:
            texts.extend(block_text(block.child_block, item))
        return texts
    if isinstance(block, blocks.StreamBlock):
        texts = []
        for child in value:
            texts.extend(block_text(child.block, child.value))
        return texts
    return []


def word_count(body):
    words = 0
    for child in body:
        if child.block_type in NOT_READ_BLOCK_TYPES:
            continue
        for text in block_text(child.block, child.value):
            words += len(text.split())
    return words


def reading_time_minutes(body):
    return max(1, math.ceil(word_count(body) / WORDS_PER_MINUTE))


RICH_TEXT_BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')


def strip_block_ids(value):
    """A StreamField's stored data without what the editor generates and no
    reader sees: the blocks' ids and the rich text paragraphs' keys (new ones
    each time text saved from code is first edited in the admin)."""
    if isinstance(value, list):
        return [strip_block_ids(item) for item in value]
    if isinstance(value, dict):
        return {key: strip_block_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, str):
        return RICH_TEXT_BLOCK_KEY.sub("", value)
    return value
