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
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

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


class CharBlock(TextValueMixin, blocks.CharBlock):
    pass


class TextBlock(TextValueMixin, blocks.TextBlock):
    pass


class LinkStructValue(blocks.StructValue):
    @cached_property
    def localized_page(self):
        """The chosen page in the active language: its live translation, else
        the page itself (home.i18n.localized)."""
        from .i18n import localized

        return localized(self.get("page"))

    @cached_property
    def in_active_language(self):
        """False for a page link whose page has no live translation in the
        active language (home.i18n: the Spanish menus leave it out)."""
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


class TeamBlock(blocks.StructBlock):
    """The people chosen (authors, clinicians), each linked to their profile."""

    heading = CharBlock(max_length=150, default="Our team")
    intro = TextBlock(required=False, max_length=300)
    people = blocks.ListBlock(SnippetChooserBlock("blog.Person"), min_num=1)

    class Meta:
        icon = "group"
        template = "components/blocks/team_block.html"
        description = "Cards of people from the People snippets, linked to their profiles"
        preview_value = {"heading": "Our team", "intro": "The clinicians who care for you."}

    def get_context(self, value, parent_context=None):
        from blog.models import BlogIndexPage

        context = super().get_context(value, parent_context)
        # Profiles live under the blog (/blog/people/<slug>/), the blog of
        # the page's language where it has one: one query.
        page = (parent_context or {}).get("page")
        indexes = BlogIndexPage.objects.live().order_by("path")
        if page is not None and getattr(page, "locale_id", None):
            context["blog_index"] = (
                indexes.filter(locale_id=page.locale_id).first() or indexes.first()
            )
        else:
            context["blog_index"] = indexes.first()
        return context


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


class TableBlock(WagtailTableBlock):
    class Meta:
        icon = "table"
        template = "components/blocks/table_block.html"
        description = "A simple table"


# Section blocks ----------------------------------------------------------------
#
# Full-width bands of the home page and standard pages (home.sections). Each
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


# A small fixed set of inline icons (24 x 24, drawn with the text colour):
# nothing loads from elsewhere and editors cannot upload a broken one.
SERVICE_ICONS = {
    "drop": (
        "Rain drop",
        "M12 3c3.5 4.2 6 7.6 6 10.5a6 6 0 0 1-12 0C6 10.6 8.5 7.2 12 3z",
    ),
    "heart": (
        "Heart",
        "M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10z",
    ),
    "capsule": (
        "Medication",
        "M9 20.5a4.5 4.5 0 0 1-6.4-6.4l5.5-5.5a4.5 4.5 0 0 1 6.4 6.4zM5.4 11.3l6.4 6.4"
        "M15 4h6M18 1v6",
    ),
    "chat": ("Conversation", "M4 5h16v10H9l-5 4z"),
    "calendar": ("Calendar", "M4 6h16v14H4zM4 10h16M8 3v4M16 3v4"),
    "shield": ("Shield", "M12 3l8 3v6c0 4.5-3.4 8-8 9-4.6-1-8-4.5-8-9V6z"),
    "sun": (
        "Sun",
        "M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM12 2v2M12 20v2M2 12h2M20 12h2M4.9 4.9l1.4 1.4"
        "M17.7 17.7l1.4 1.4M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4",
    ),
}


class ServiceItemBlock(blocks.StructBlock):
    icon = blocks.ChoiceBlock(
        choices=[(name, label) for name, (label, _path) in SERVICE_ICONS.items()],
        required=False,
        help_text="A small drawing beside the title. Not shown when an image is chosen.",
    )
    image = ImageChooserBlock(
        required=False,
        help_text="Optional picture instead of the icon (decorative: the title says it all).",
    )
    title = CharBlock(max_length=100)
    text = TextBlock(max_length=400, help_text="One or two sentences.")
    link = LinkBlock(required=False, help_text="Optional: where to read more.")

    class Meta:
        icon = "tick"
        label = "Service"


class ServicesBlock(SectionBlockMixin, blocks.StructBlock):
    heading = CharBlock(max_length=150)
    intro = TextBlock(required=False, max_length=400)
    items = blocks.ListBlock(ServiceItemBlock(), min_num=1, max_num=9, label="Services")

    class Meta:
        icon = "list-ul"
        template = "components/blocks/services_block.html"
        label = "Services"
        description = "A heading and cards of services, each with an icon or image and a link"
        preview_value = {
            "heading": "How we can help",
            "intro": "Care for depression that has not responded to other treatment.",
            "items": [
                {
                    "icon": "drop",
                    "title": "Ketamine-assisted therapy",
                    "text": "Medically supervised sessions with a clinician beside you.",
                    "link": {"url": "#", "label": "About ketamine therapy"},
                },
                {
                    "icon": "capsule",
                    "title": "Medication management",
                    "text": "A psychiatric clinician reviews what you take and how it works.",
                },
            ],
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["services"] = [
            (item, SERVICE_ICONS.get(item.get("icon") or "", ("", ""))[1])
            for item in value.get("items") or []
        ]
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


class StepBlock(blocks.StructBlock):
    title = CharBlock(max_length=100)
    text = TextBlock(max_length=400)

    class Meta:
        icon = "order"
        label = "Step"


class StepsBlock(SectionBlockMixin, blocks.StructBlock):
    """What happens, in order: numbered steps (e.g. a first visit)."""

    heading = CharBlock(max_length=150, default="What to expect")
    intro = TextBlock(required=False, max_length=400)
    steps = blocks.ListBlock(StepBlock(), min_num=2, max_num=8, label="Steps")

    class Meta:
        icon = "order"
        template = "components/blocks/steps_block.html"
        label = "Steps"
        description = "Numbered steps, e.g. what happens at a first visit"
        preview_value = {
            "heading": "Your first visit",
            "steps": [
                {"title": "Get in touch", "text": "Call us or request a consultation online."},
                {"title": "Meet a clinician", "text": "A psychiatric evaluation, about an hour."},
                {"title": "Decide together", "text": "You choose a plan with your clinician."},
            ],
        }


class CallToActionBandBlock(SectionBlockMixin, blocks.StructBlock):
    """A full-width coloured band with one or two buttons (the boxed
    CallToActionBlock stays for calls to action within the text)."""

    heading = CharBlock(max_length=150)
    text = blocks.RichTextBlock(features=INLINE_RICH_TEXT_FEATURES, required=False)
    links = blocks.ListBlock(LinkBlock(), min_num=1, max_num=2, label="Buttons")

    class Meta:
        icon = "pick"
        template = "components/blocks/cta_band_block.html"
        label = "Call-to-action band"
        description = "A full-width coloured band with a heading, text and one or two buttons"
        preview_value = {
            "heading": "Ready to talk about your options?",
            "text": "<p>Our care team answers within one business day.</p>",
            "links": [
                {"url": "#", "label": "Request a consultation"},
                {"url": "#", "label": "Find a clinic"},
            ],
        }


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


# Notice pages -------------------------------------------------------------------
#
# The language-assistance notice (45 CFR 92.11) ends with taglines: one short
# sentence per language, in that language, saying free language help is
# available and which number to call. Each is marked with its language so
# that browsers pick the right font and screen readers the right voice.

# (BCP 47 tag, English name), the languages most spoken in Oregon by people
# who speak English less than very well (American Community Survey), then
# others a clinic may add.
TAGLINE_LANGUAGES = [
    ("es", "Spanish"),
    ("vi", "Vietnamese"),
    ("zh-Hans", "Chinese (simplified)"),
    ("zh-Hant", "Chinese (traditional)"),
    ("ru", "Russian"),
    ("ko", "Korean"),
    ("uk", "Ukrainian"),
    ("ar", "Arabic"),
    ("so", "Somali"),
    ("ja", "Japanese"),
    ("ro", "Romanian"),
    ("fa", "Persian (Farsi)"),
    ("km", "Khmer (Cambodian)"),
    ("lo", "Lao"),
    ("am", "Amharic"),
    ("chk", "Chuukese"),
    ("mh", "Marshallese"),
    ("tl", "Tagalog"),
    ("om", "Oromo"),
    ("th", "Thai"),
    ("ne", "Nepali"),
    ("de", "German"),
    ("hmn", "Hmong"),
    ("my", "Burmese"),
    ("ti", "Tigrinya"),
    ("pa", "Punjabi"),
    ("hi", "Hindi"),
    ("fr", "French"),
    ("ur", "Urdu"),
    ("ps", "Pashto"),
    ("prs", "Dari"),
]

# Languages written right to left: their tagline gets dir="rtl".
RIGHT_TO_LEFT = {"ar", "fa", "ur", "ps", "prs", "he", "yi"}


class TaglineValue(blocks.StructValue):
    @property
    def direction(self):
        return "rtl" if self.get("language") in RIGHT_TO_LEFT else "ltr"


class TaglineBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(choices=TAGLINE_LANGUAGES)
    language_name = CharBlock(
        max_length=60,
        help_text="The language's own name, as its speakers write it, e.g. “Tiếng Việt”.",
    )
    text = TextBlock(
        help_text="The tagline in that language, ending with its word for “call”: "
        "the number follows it.",
    )

    class Meta:
        icon = "globe"
        value_class = TaglineValue


class LanguageTaglinesBlock(blocks.StructBlock):
    """The taglines of the language-assistance notice. They are already in
    their languages: wagtail-localize copies them into every translation of
    the page as they are, rather than offering them for translation."""

    phone = CharBlock(
        required=False,
        max_length=25,
        help_text="The number each tagline gives. Left empty: the clinic's main number "
        "(clinic settings).",
    )
    tty = CharBlock(
        label="TTY",
        required=False,
        max_length=25,
        default="711",
        help_text="For people who are deaf or hard of hearing, e.g. 711 (Oregon Relay).",
    )
    taglines = blocks.ListBlock(TaglineBlock(), min_num=1)

    class Meta:
        icon = "globe"
        template = "components/blocks/language_taglines_block.html"
        description = "Taglines in other languages: free language help is available"
        preview_value = {
            "phone": "(503) 555-0100",
            "tty": "711",
            "taglines": [
                {
                    "language": "es",
                    "language_name": "Español",
                    "text": "ATENCIÓN: si habla español, tiene a su disposición servicios "
                    "gratuitos de asistencia lingüística. Llame al",
                },
                {
                    "language": "vi",
                    "language_name": "Tiếng Việt",
                    "text": "CHÚ Ý: Nếu bạn nói Tiếng Việt, có các dịch vụ hỗ trợ ngôn ngữ "
                    "miễn phí dành cho bạn. Gọi số",
                },
            ],
        }

    def clean(self, value):
        value = super().clean(value)
        if value.get("phone"):
            from django.core.exceptions import ValidationError

            from .phone import validate_phone

            try:
                validate_phone(value["phone"])
            except ValidationError as error:
                raise StructBlockValidationError(
                    block_errors={"phone": ErrorList([error])}
                ) from error
        return value

    # wagtail-localize (segments.extract / segments.ingest): nothing to translate.
    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value


class NoticeStreamBlock(BaseStreamBlock):
    """A notice page's body: the shared blocks and the taglines."""

    taglines = LanguageTaglinesBlock()

    class Meta:
        block_counts = {}
