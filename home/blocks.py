"""StreamField blocks shared by every page type.

One module, one template per block (templates/components/blocks/). Each block
has a description and a preview value so editors see what they insert. Apps
add their own blocks on top of ``BaseStreamBlock``.
"""

from django.forms.utils import ErrorList
from django.utils.functional import cached_property
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.embeds.blocks import EmbedBlock as WagtailEmbedBlock
from wagtail.images.blocks import ImageBlock as WagtailImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

# Rich text features, listed explicitly so editors get the same toolbar
# everywhere and nothing unexpected (e.g. h1) enters the body.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
INLINE_RICH_TEXT_FEATURES = ["bold", "italic", "link"]


class LinkStructValue(blocks.StructValue):
    @cached_property
    def href(self):
        page = self.get("page")
        if page:
            return page.url
        return self.get("url") or ""

    @cached_property
    def text(self):
        label = self.get("label")
        if label:
            return label
        page = self.get("page")
        return page.title if page else self.get("url", "")

    @cached_property
    def is_external(self):
        return not self.get("page") and bool(self.get("url"))


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to a URL, with a label.

    The one link block of the project: menus, buttons and calls to action use it.
    """

    page = blocks.PageChooserBlock(required=False, help_text="Link to a page of this site…")
    url = blocks.CharBlock(
        required=False,
        label="URL",
        max_length=500,
        help_text="…or to an address (https://…, tel:…, mailto:…). Empty if a page is chosen.",
    )
    label = blocks.CharBlock(
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

    text = blocks.CharBlock(max_length=150)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (H2)"), ("h3", "Subsection (H3)"), ("h4", "Minor (H4)")],
        default="h2",
    )
    anchor = blocks.CharBlock(
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


class ParagraphBlock(blocks.RichTextBlock):
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
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "components/blocks/captioned_image_block.html"
        description = "An image with alternative text and an optional caption"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=800)
    attribution = blocks.CharBlock(required=False, max_length=150)

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote_block.html"
        description = "A quotation, e.g. a patient testimonial"
        preview_value = {
            "quote": "I finally felt like myself again.",
            "attribution": "A patient",
        }


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=150)
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


class TeamBlock(blocks.StructBlock):
    """The people chosen (authors, clinicians), each linked to their profile."""

    heading = blocks.CharBlock(max_length=150, default="Our team")
    intro = blocks.TextBlock(required=False, max_length=300)
    people = blocks.ListBlock(SnippetChooserBlock("blog.Person"), min_num=1)

    class Meta:
        icon = "group"
        template = "components/blocks/team_block.html"
        description = "Cards of people from the People snippets, linked to their profiles"
        preview_value = {"heading": "Our team", "intro": "The clinicians who care for you."}

    def get_context(self, value, parent_context=None):
        from blog.models import BlogIndexPage

        context = super().get_context(value, parent_context)
        # Profiles live under the blog (/blog/people/<slug>/): one query.
        context["blog_index"] = BlogIndexPage.objects.live().first()
        return context


class NoticeBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("warning", "Warning")], default="info"
    )
    title = blocks.CharBlock(required=False, max_length=150)
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
    title = blocks.CharBlock(max_length=150, help_text="Describes the embed for everyone.")

    class Meta:
        icon = "media"
        template = "components/blocks/embed_block.html"
        description = "A video or post from another site, loaded on request"


class TableBlock(WagtailTableBlock):
    class Meta:
        icon = "table"
        template = "components/blocks/table_block.html"
        description = "A simple table"


class BaseStreamBlock(blocks.StreamBlock):
    """The blocks every page body offers."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    notice = NoticeBlock()
    team = TeamBlock()
    embed = EmbedBlock()
    table = TableBlock()

    class Meta:
        block_counts = {}
