"""The home page's and standard pages' own section blocks (services, steps,
a call-to-action band) and the notice pages' body with its language
taglines. The shared blocks are in core.blocks; the section blocks are
offered to every page made of sections in wagtail_hooks.py."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from core.blocks import (
    INLINE_RICH_TEXT_FEATURES,
    BaseStreamBlock,
    CharBlock,
    LinkBlock,
    SectionBlockMixin,
    TextBlock,
)
from core.phone import validate_phone

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


# How a service is usually paid (home.models.CostsPage): the words visitors
# read are the template's (translated), the value is what editors choose.
INSURANCE_CHOICES = [
    ("covered", "Usually covered by insurance"),
    ("often", "Often covered by insurance"),
    ("sometimes", "Sometimes covered by insurance"),
    ("self_pay", "Usually self-pay"),
    ("free", "No insurance needed"),
]


class PriceBlock(blocks.StructBlock):
    """One service on the costs page: what it costs, what the price
    includes and how it is usually paid."""

    name = CharBlock(max_length=100, help_text="The service, e.g. 'Ketamine infusion'.")
    price = CharBlock(
        max_length=60,
        help_text="A price or a range as a patient pays it, e.g. '$450' or '$0–$60'.",
    )
    unit = CharBlock(
        required=False,
        max_length=80,
        help_text="Optional: what the price is for, e.g. 'per infusion' or 'copay per session'.",
    )
    includes = TextBlock(
        required=False, max_length=500, help_text="What the price includes, in a sentence or two."
    )
    insurance = blocks.ChoiceBlock(
        choices=INSURANCE_CHOICES,
        default="self_pay",
        help_text="Shown as a short line on the card, in the visitor's language.",
    )
    insurance_note = TextBlock(
        required=False,
        max_length=300,
        help_text="Optional: which plans, prior authorization, reimbursement...",
    )

    class Meta:
        icon = "doc-full"
        label = "Service and price"


class PriceStreamBlock(blocks.StreamBlock):
    price = PriceBlock()
