"""The body of the home page and standard pages: the shared blocks plus
full-width section blocks, some of which belong to other apps.

``home`` imports none of the other apps (they import it). The section blocks
of the blog and the clinics live in their apps (blog.blocks,
locations.blocks) and are named here by dotted path, the way
``SnippetChooserBlock("blog.Person")`` names a model. ``SectionStreamBlock``
is passed to StreamField as a class: Wagtail instantiates it, and so imports
those modules, only when the field is first used, after every app has
loaded. Migrations record the field's child blocks, not this class: struct
blocks as plain ``wagtail.blocks.StructBlock`` definitions with their
children, other blocks by their own import path (``home.blocks.ParagraphBlock``),
so the names in SECTION_BLOCKS and those paths are what must stay stable.
"""

from django.utils.module_loading import import_string

from . import blocks

# (name in the stream, block class), in the order of the editor's block menu.
SECTION_BLOCKS = [
    ("services", "home.blocks.ServicesBlock"),
    ("clinic_cards", "locations.blocks.ClinicCardsBlock"),
    ("latest_articles", "blog.blocks.LatestArticlesBlock"),
    ("faq", "home.blocks.FAQBlock"),
    ("steps", "home.blocks.StepsBlock"),
    ("cta_band", "home.blocks.CallToActionBandBlock"),
    ("clinician_quote", "blog.blocks.ClinicianQuoteBlock"),
]


class SectionStreamBlock(blocks.BaseStreamBlock):
    """The shared blocks, then the section blocks."""

    def __init__(self, local_blocks=None, **kwargs):
        sections = [(name, import_string(path)()) for name, path in SECTION_BLOCKS]
        super().__init__(local_blocks=[*sections, *(local_blocks or [])], **kwargs)

    class Meta:
        block_counts = {}


def stream_block(body):
    return body.stream_block


def body_cache_tags(body):
    """The page cache tags of what the section blocks of ``body`` show (the
    latest articles, the clinics...), read from the stored data: no query."""
    tags = set()
    children = stream_block(body).child_blocks
    for item in body.raw_data:
        block = children.get(item.get("type"))
        if block is not None and hasattr(block, "cache_tags"):
            tags |= set(block.cache_tags(item.get("value")))
    return tags


def body_assets(body):
    """{"css": [...], "js": [...]}: static files the section blocks of ``body`` need."""
    css, js = [], []
    children = stream_block(body).child_blocks
    for item in body.raw_data:
        block = children.get(item.get("type"))
        for path in getattr(block, "section_css", ()):
            if path not in css:
                css.append(path)
        for path in getattr(block, "section_js", ()):
            if path not in js:
                js.append(path)
    return {"css": css, "js": js}


def body_groups(body):
    """The body as runs of blocks: [(is_section, [blocks])]. Sections span
    the page; the text blocks between them keep the reading measure."""
    groups = []
    for child in body:
        is_section = getattr(child.block, "is_section", False)
        if groups and groups[-1][0] == is_section and not is_section:
            groups[-1][1].append(child)
        else:
            groups.append((is_section, [child]))
    return groups
