"""StreamField blocks shared by every page type.

One module, one template per block (templates/components/blocks/). Each block
has a description and a preview value so editors see what they insert. Apps
add their own blocks on top of ``BaseStreamBlock``, and offer blocks to every
page body with Wagtail's hook ``register_body_blocks`` (people: the Team
block) or to the pages made of sections with ``register_section_blocks``
(core.sections).

Migrations never name this module: the blocks that only adjust a Wagtail
block record themselves as that Wagtail block (``MigratesAsWagtailBlock``),
as Wagtail's own ChoiceBlock does, and struct blocks are recorded by their
children. Renaming or moving a block here never breaks ``migrate``.
"""

from django.forms.utils import ErrorList
from django.utils.functional import cached_property
from django.utils.text import slugify
from wagtail import blocks, hooks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.embeds.blocks import EmbedBlock as WagtailEmbedBlock
from wagtail.images.blocks import ImageBlock as WagtailImageBlock

# Rich text features, listed explicitly so editors get the same toolbar
# everywhere and nothing unexpected (e.g. h1) enters the body.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
INLINE_RICH_TEXT_FEATURES = ["bold", "italic", "link"]


class TextValueMixin:
    """Reads a missing text (JSON null: an optional field left empty, or a
    field added to a block after content existed) as "", never None: what
    templates expect, and what wagtail-localize's segment extraction needs to
    translate the page (wagtail/wagtail-localize#918, #690)."""

    def to_python(self, value):
        return "" if value is None else super().to_python(value)

    def get_default(self):
        value = super().get_default()
        return "" if value is None else value


class MigratesAsWagtailBlock:
    """Recorded in migrations as the Wagtail block it adjusts (``migrates_as``,
    with ``migration_kwargs`` added to its arguments): what a migration
    stores of a StreamField only describes the data, which is the same."""

    migrates_as = ""
    migration_kwargs = {}

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return self.migrates_as, args, {**self.migration_kwargs, **kwargs}


class CharBlock(MigratesAsWagtailBlock, TextValueMixin, blocks.CharBlock):
    migrates_as = "wagtail.blocks.CharBlock"


class TextBlock(MigratesAsWagtailBlock, TextValueMixin, blocks.TextBlock):
    migrates_as = "wagtail.blocks.TextBlock"


class LinkStructValue(blocks.StructValue):
    @cached_property
    def localized_page(self):
        """The chosen page in the active language: its live translation, else
        the page itself (core.i18n.localized)."""
        from .i18n import localized

        return localized(self.get("page"))

    @cached_property
    def in_active_language(self):
        """False for a page link whose page has no live translation in the
        active language (core.i18n: the Spanish menus leave it out)."""
        if not self.get("page"):
            return True
        from .i18n import active_locale_id

        active = active_locale_id()
        return active is None or self.localized_page.locale_id == active

    @cached_property
    def href(self):
        page = self.localized_page
        if page:
            return page.url
        return self.get("url") or ""

    @cached_property
    def text(self):
        label = self.get("label")
        page = self.localized_page
        if page and page.pk != self.get("page").pk:
            return page.title  # a translation: its own title, not the label's language
        if label:
            return label
        return page.title if page else self.get("url", "")

    @cached_property
    def is_external(self):
        return not self.get("page") and bool(self.get("url"))


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to a URL, with a label.

    The one link block of the project: menus, buttons and calls to action use it.
    """

    page = blocks.PageChooserBlock(required=False, help_text="Link to a page of this site…")
    url = CharBlock(
        required=False,
        label="URL",
        max_length=500,
        help_text="…or to an address (https://…, tel:…, mailto:…). Empty if a page is chosen.",
    )
    label = CharBlock(
        required=False,
        max_length=80,
        help_text="Text of the link. Defaults to the page title.",
    )

    class Meta:
        icon = "link"
        value_class = LinkStructValue
        template = "components/blocks/link_block.html"
        description = "A link to a page or an address"

    ALLOWED_SCHEMES = ("https://", "http://", "tel:", "mailto:", "/", "#")

    def clean(self, value):
        value = super().clean(value)
        page, url = value.get("page"), (value.get("url") or "").strip()
        if not getattr(self.meta, "required", True) and not (page or url or value.get("label")):
            return value  # an optional link left empty: no link
        errors = {}
        if page and url:
            errors["url"] = ErrorList(["Choose a page or enter a URL, not both."])
        elif not page and not url:
            errors["page"] = ErrorList(["Choose a page or enter a URL."])
        elif url and not url.lower().startswith(self.ALLOWED_SCHEMES):
            errors["url"] = ErrorList(
                ["Enter an address starting with https://, http://, tel:, mailto: or /."]
            )
        elif url and not page and not value.get("label"):
            errors["label"] = ErrorList(["A link to an address needs a label."])
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class HeadingBlock(blocks.StructBlock):
    """A section heading. Its anchor id comes from the text (or is set)."""

    text = CharBlock(max_length=150)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (H2)"), ("h3", "Subsection (H3)"), ("h4", "Minor (H4)")],
        default="h2",
    )
    anchor = CharBlock(
        required=False,
        max_length=80,
        help_text="Optional link target (#anchor). Defaults to the heading text.",
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading_block.html"
        description = "A section or subsection heading, with a link anchor"
        preview_value = {"text": "Understanding depression", "level": "h2"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor_id"] = heading_anchor(value)
        return context


def heading_anchor(value):
    """The id of a heading block value: its anchor field, else its slugified text."""
    return slugify(value.get("anchor") or value.get("text") or "") or "section"


class ParagraphBlock(MigratesAsWagtailBlock, blocks.RichTextBlock):
    migrates_as = "wagtail.blocks.RichTextBlock"
    migration_kwargs = {"features": RICH_TEXT_FEATURES}

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "components/blocks/paragraph_block.html"
        description = "Text with bold, italic, links and lists"
        preview_value = "<p>Depression is a mental health disorder that affects millions.</p>"


class ImageBlock(WagtailImageBlock):
    """An image with alt text (required unless marked decorative) and a caption."""

    class Meta:
        template = "components/blocks/image_block.html"
        description = "An image with alternative text"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "components/blocks/captioned_image_block.html"
        description = "An image with alternative text and an optional caption"


class QuoteBlock(blocks.StructBlock):
    quote = TextBlock(max_length=800)
    attribution = CharBlock(required=False, max_length=150)

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote_block.html"
        description = "A quotation, e.g. a patient testimonial"
        preview_value = {
            "quote": "I finally felt like myself again.",
            "attribution": "A patient",
        }


class CallToActionBlock(blocks.StructBlock):
    heading = CharBlock(max_length=150)
    text = blocks.RichTextBlock(features=INLINE_RICH_TEXT_FEATURES, required=False)
    link = LinkBlock()

    class Meta:
        icon = "pick"
        template = "components/blocks/call_to_action_block.html"
        description = "A highlighted box with a heading, text and a button"
        preview_value = {
            "heading": "Ready to talk?",
            "text": "<p>Request a consultation with our care team.</p>",
            "link": {"url": "#", "label": "Request a consultation"},
        }


class NoticeBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("warning", "Warning")], default="info"
    )
    title = CharBlock(required=False, max_length=150)
    text = blocks.RichTextBlock(features=INLINE_RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "components/blocks/notice_block.html"
        description = "A callout: information or a warning"
        preview_value = {
            "style": "info",
            "title": "Good to know",
            "text": "<p>Always talk to your doctor before changing medication.</p>",
        }


class EmbedBlock(blocks.StructBlock):
    """A video or other embed that loads only when the visitor asks for it.

    Nothing from another host loads with the page: the embed's HTML sits in
    an inert <template> and a button swaps it in; without JavaScript the
    visitor gets a plain link.
    """

    embed = WagtailEmbedBlock(help_text="Address of the video or post, e.g. a YouTube link.")
    title = CharBlock(max_length=150, help_text="Describes the embed for everyone.")

    class Meta:
        icon = "media"
        template = "components/blocks/embed_block.html"
        description = "A video or post from another site, loaded on request"


class TableBlock(MigratesAsWagtailBlock, WagtailTableBlock):
    migrates_as = "wagtail.contrib.table_block.blocks.TableBlock"

    class Meta:
        icon = "table"
        template = "components/blocks/table_block.html"
        description = "A simple table"


# Section blocks ----------------------------------------------------------------
#
# Full-width bands of the home page and standard pages (core.sections). Each
# renders its own <section> with a container inside; the text blocks around
# them keep the reading measure. A section block may say what it shows that
# other pages publish (``cache_tags``) and which static files it needs.


class SectionBlockMixin:
    """What the page around a section block reads from it, without a query."""

    is_section = True
    # Static files (paths for {% static %}) the page loads when this block is used.
    section_css = ("css/sections.css",)
    section_js = ()

    def cache_tags(self, raw_value):
        """Page cache tags (pagecache.tags) of what this block shows besides the
        page itself, from the block's stored (JSON) value: no query."""
        return set()

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor_id"] = heading_anchor({"text": value.get("heading")})
        return context


class FAQItemBlock(blocks.StructBlock):
    question = CharBlock(max_length=250)
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = "Question and answer"


class FAQBlock(blocks.StructBlock):
    """Questions and answers; also published as schema.org FAQPage data (the
    article and the home page read them with ``faq_entries``)."""

    heading = CharBlock(
        max_length=150,
        default="Frequently asked questions",
        help_text="Shown as a section heading (and in the table of contents).",
    )
    items = blocks.ListBlock(FAQItemBlock(), min_num=1, label="Questions")

    section_css = ("css/sections.css",)  # on pages with sections (articles style it too)

    class Meta:
        icon = "help"
        template = "components/blocks/faq_block.html"
        description = "Frequently asked questions, as question and answer pairs"
        label = "FAQ"
        preview_value = {
            "heading": "Frequently asked questions",
            "items": [
                {
                    "question": "How soon does ketamine work?",
                    "answer": "<p>Many people notice a change within hours or days.</p>",
                }
            ],
        }

    def get_context(self, value, parent_context=None):
        anchor_id = (parent_context or {}).get("anchor_id")
        context = super().get_context(value, parent_context)
        context["anchor_id"] = anchor_id or heading_anchor({"text": value.get("heading")})
        return context


def faq_entries(body):
    """[(question, plain-text answer)] of every FAQ block of a stream, in order."""
    from wagtail.rich_text import RichText, get_text_for_indexing

    entries = []
    for child in body:
        if child.block_type != "faq":
            continue
        for item in child.value.get("items") or []:
            answer = item.get("answer")
            source = answer.source if isinstance(answer, RichText) else str(answer or "")
            question = (item.get("question") or "").strip()
            if question:
                entries.append((question, get_text_for_indexing(source)))
    return entries


BODY_BLOCKS_HOOK = "register_body_blocks"


def body_blocks():
    """[(name, block class)] that apps offer to every page body (hook
    ``register_body_blocks``: a function returning ``[(position, name, block
    class)]``), by position."""
    found = []
    for hook in hooks.get_hooks(BODY_BLOCKS_HOOK):
        found.extend(hook())
    return [(name, block) for _position, name, block in sorted(found, key=lambda item: item[0])]


class BaseStreamBlock(blocks.StreamBlock):
    """The blocks every page body offers: these, then those the apps offer
    (``body_blocks``). Pass the class, not an instance, to StreamField:
    Wagtail then builds it when the field is first used, after every app's
    hooks are registered."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    notice = NoticeBlock()
    embed = EmbedBlock()
    table = TableBlock()

    def __init__(self, local_blocks=None, **kwargs):
        offered = [(name, block()) for name, block in body_blocks()]
        super().__init__(local_blocks=[*offered, *(local_blocks or [])], **kwargs)

    class Meta:
        block_counts = {}
