"""StreamField blocks of health articles.

The article body is the shared ``BaseStreamBlock`` (headings, paragraphs,
images, quotes, calls to action, info/warning callouts, embeds, tables) plus
what health content needs: lists, FAQs, the consultation call to action and
references. One template per block, in blog/templates/blog/blocks/.
"""

import re

from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from home.blocks import (
    RICH_TEXT_FEATURES,
    BaseStreamBlock,
    HeadingBlock,
    heading_anchor,
)


class ArticleHeadingBlock(HeadingBlock):
    """The shared heading, with an id made unique within the article.

    The article page assigns each heading its anchor (deduplicated, see
    blog.body.assign_anchors) and passes it as ``anchor_id`` when it renders
    the block; rendered on its own, the block falls back to its own anchor.
    """

    def get_context(self, value, parent_context=None):
        # Read it first: the parent's get_context writes into the same dict.
        anchor_id = (parent_context or {}).get("anchor_id")
        context = super().get_context(value, parent_context)
        if anchor_id:
            context["anchor_id"] = anchor_id
        return context


class ListBlock(blocks.StructBlock):
    """A bulleted or numbered list of short items."""

    style = blocks.ChoiceBlock(
        choices=[("bulleted", "Bulleted"), ("numbered", "Numbered")],
        default="bulleted",
        help_text="Numbered for steps that happen in order, bulleted otherwise.",
    )
    items = blocks.ListBlock(
        blocks.CharBlock(max_length=500, label="Item"),
        min_num=1,
        help_text="One point per item.",
    )

    class Meta:
        icon = "list-ul"
        template = "blog/blocks/list_block.html"
        description = "A bulleted or numbered list"
        label = "List"
        preview_value = {
            "style": "bulleted",
            "items": ["Feeling sad or down most of the time", "Fatigue or loss of energy"],
        }


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=250)
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = "Question and answer"


class FAQBlock(blocks.StructBlock):
    """Questions and answers; also published as schema.org FAQPage data."""

    heading = blocks.CharBlock(
        max_length=150,
        default="Frequently asked questions",
        help_text="Shown as a section heading (and in the table of contents).",
    )
    items = blocks.ListBlock(FAQItemBlock(), min_num=1, label="Questions")

    class Meta:
        icon = "help"
        template = "blog/blocks/faq_block.html"
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


class ConsultationCallToActionBlock(blocks.StructBlock):
    """The closing invitation to request a consultation.

    Links to the page chosen here, or else to the consultation page chosen in
    the clinic settings, so one setting moves every article's button.
    """

    heading = blocks.CharBlock(
        max_length=150,
        required=False,
        help_text="Optional heading of the box.",
    )
    text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        help_text="Why and how to get in touch.",
    )
    button_label = blocks.CharBlock(max_length=60, default="Request a consultation")
    page = blocks.PageChooserBlock(
        required=False,
        label="Button links to",
        help_text="Leave empty to use the consultation page chosen in the clinic settings.",
    )

    class Meta:
        icon = "pick"
        template = "blog/blocks/consultation_cta_block.html"
        description = "A box inviting the reader to request a consultation"
        label = "Consultation call to action"
        preview_value = {
            "text": "<p>Find out whether ketamine therapy is right for you.</p>",
            "button_label": "Request a consultation",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        target = value.get("page")
        if target is None or not target.live:
            target = None
            request = (parent_context or {}).get("request")
            if request is not None:
                from home.models import SiteSettings

                fallback = SiteSettings.for_request(request).consultation_page
                if fallback is not None and fallback.live:
                    target = fallback
        context["target_page"] = target
        return context


DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


def normalise_doi(value):
    """'https://doi.org/10.1/x' or 'doi:10.1/x' -> '10.1/x'."""
    value = (value or "").strip()
    value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE)
    return value


class ReferenceBlock(blocks.StructBlock):
    citation = blocks.TextBlock(
        max_length=1000,
        help_text="Authors, title, journal, year, e.g. 'Smith J, et al. Title. JAMA. 2020;1:2.'",
    )
    doi = blocks.CharBlock(
        required=False,
        max_length=200,
        label="DOI",
        help_text="Optional, e.g. 10.1176/appi.ajp.2018.17060720 (becomes a doi.org link).",
    )
    url = blocks.URLBlock(
        required=False,
        label="URL",
        help_text="Optional link to the source, if it has no DOI.",
    )

    class Meta:
        icon = "doc-full"
        label = "Reference"

    def clean(self, value):
        value = super().clean(value)
        doi = normalise_doi(value.get("doi"))
        if doi and not DOI_PATTERN.match(doi):
            raise StructBlockValidationError(
                block_errors={"doi": ErrorList(["Enter a DOI such as 10.1000/xyz123."])}
            )
        value["doi"] = doi
        return value


class ReferencesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=150, default="References")
    items = blocks.ListBlock(ReferenceBlock(), min_num=1, label="References")

    class Meta:
        icon = "doc-full"
        template = "blog/blocks/references_block.html"
        description = "Numbered citations of sources, with DOI or link"
        label = "References"
        preview_value = {
            "heading": "References",
            "items": [
                {
                    "citation": "Example A, et al. A study of ketamine. Journal. 2020.",
                    "doi": "10.1000/xyz123",
                }
            ],
        }

    def get_context(self, value, parent_context=None):
        anchor_id = (parent_context or {}).get("anchor_id")
        context = super().get_context(value, parent_context)
        context["anchor_id"] = anchor_id or heading_anchor({"text": value.get("heading")})
        return context


class ArticleStreamBlock(BaseStreamBlock):
    heading = ArticleHeadingBlock()
    list = ListBlock()
    faq = FAQBlock()
    consultation_cta = ConsultationCallToActionBlock()
    references = ReferencesBlock()

    class Meta:
        block_counts = {"references": {"max_num": 1}}
