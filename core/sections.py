"""Page bodies made of the shared blocks and full-width section blocks, which
the apps contribute: the home page's services and steps, the clinics'
cards, the newest articles...

An app offers a section block with Wagtail's hook ``register_section_blocks``
(in its ``wagtail_hooks.py``), returning ``[(position, name, block class)]``;
``SectionStreamBlock`` lists every registered block by position, so neither
the page types that use it nor this module import the apps that provide
them. ``SectionStreamBlock`` is passed to StreamField as a class: Wagtail
instantiates it, and so runs the hooks, only when the field is first used,
after every app has loaded. Migrations record each section's child blocks
by name, so a section's name and its place in the list must stay stable.
"""

from django.utils.functional import cached_property
from wagtail import hooks

from pagecache import tags as cache_tags

from . import blocks

HOOK = "register_section_blocks"


def section_blocks():
    """[(name, block class)] of every registered section block, by position."""
    found = []
    for hook in hooks.get_hooks(HOOK):
        found.extend(hook())
    return [(name, block) for _position, name, block in sorted(found, key=lambda item: item[0])]


class SectionStreamBlock(blocks.BaseStreamBlock):
    """The shared blocks, then the section blocks."""

    def __init__(self, local_blocks=None, **kwargs):
        sections = [(name, block()) for name, block in section_blocks()]
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


class SectionsBodyMixin:
    """A page whose ``body`` is a SectionStreamBlock: full-width
    sections between runs of text, kept in the fragment cache, and cached
    until what its sections show changes (the newest articles, the clinics)."""

    def get_cache_tags(self):
        """The page cache: what this page's section blocks show (see pagecache.tags)."""
        return body_cache_tags(self.body)

    def body_fragment_tags(self):
        """The rendered body's fragment cache tags: the page, the chrome (URLs,
        settings) and what its sections show. A pinned article or a person
        reaches "page:<id>" through the reference index."""
        return sorted({cache_tags.CHROME, cache_tags.page_tag(self), *self.get_cache_tags()})

    @cached_property
    def body_assets(self):
        return body_assets(self.body)

    def body_groups(self):
        return body_groups(self.body)
