"""StreamField blocks of health articles.

The article body is the shared ``BaseStreamBlock`` (headings, paragraphs,
images, quotes, calls to action, info/warning callouts, embeds, tables) plus
what health content needs: lists, FAQs (the shared core.blocks.FAQBlock), the
consultation call to action and references. One template per block, in
blog/templates/blog/blocks/.

Also the blog's section blocks for the home page and standard pages
(core.sections): the latest articles and a clinician's quote.
"""

import re

from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from core.blocks import (
    RICH_TEXT_FEATURES,
    BaseStreamBlock,
    CharBlock,
    FAQBlock,
    HeadingBlock,
    SectionBlockMixin,
    TextBlock,
    heading_anchor,
)
from people.blocks import PersonChooserBlock


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
        CharBlock(max_length=500, label="Item"),
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


class ConsultationCallToActionBlock(blocks.StructBlock):
    """The closing invitation to request a consultation.

    Links to the page chosen here, or else to the consultation page chosen in
    the clinic settings, so one setting moves every article's button.
    """

    heading = CharBlock(
        max_length=150,
        required=False,
        help_text="Optional heading of the box.",
    )
    text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        help_text="Why and how to get in touch.",
    )
    button_label = CharBlock(max_length=60, default="Request a consultation")
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
                from core.models import SiteSettings

                fallback = SiteSettings.for_request(request).consultation_page
                if fallback is not None and fallback.live:
                    target = fallback
        if target is not None:
            from core.i18n import localized

            # The settings name the English page: a Spanish article's button
            # leads to its translation.
            target = localized(target)
        context["target_page"] = target
        return context


DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


def normalise_doi(value):
    """'https://doi.org/10.1/x' or 'doi:10.1/x' -> '10.1/x'."""
    value = (value or "").strip()
    value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE)
    return value


class ReferenceBlock(blocks.StructBlock):
    citation = TextBlock(
        max_length=1000,
        help_text="Authors, title, journal, year, e.g. 'Smith J, et al. Title. JAMA. 2020;1:2.'",
    )
    doi = CharBlock(
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
    heading = CharBlock(max_length=150, default="References")
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


class LatestArticlesBlock(SectionBlockMixin, blocks.StructBlock):
    """Cards of articles: the ones pinned here, else the newest (of a topic)."""

    heading = CharBlock(max_length=150, default="Latest articles")
    intro = TextBlock(required=False, max_length=300)
    topic = SnippetChooserBlock(
        "blog.Topic", required=False, help_text="Optional: only articles of this topic."
    )
    articles = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="blog.ArticlePage", label="Article"),
        default=[],
        label="Pinned articles",
        help_text="Optional: these articles, in this order, instead of the newest. "
        "An article that is unpublished is left out.",
    )
    count = blocks.IntegerBlock(
        default=3,
        min_value=1,
        max_value=12,
        label="Number of articles",
        help_text="How many of the newest articles to show (when none are pinned).",
    )

    section_css = ("css/sections.css", "css/blog.css")  # blog.css: the article cards

    class Meta:
        icon = "doc-full"
        template = "blog/blocks/latest_articles_block.html"
        label = "Latest articles"
        description = "Cards of the newest articles (of a topic), or of the articles chosen"
        preview_value = {"heading": "Latest articles", "count": 3}

    def cache_tags(self, raw_value):
        # Any article published or unpublished may change the newest ones;
        # pinned articles also reach this page through the reference index.
        return {"listing:blog.articlepage", "model:blog.topic"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["articles"] = self.articles_for(value, (parent_context or {}).get("page"))
        context["blog_index"] = None
        return context

    def articles_for(self, value, page=None):
        """Live, public articles for ``value`` (two queries: the articles with
        their images, and the images' card renditions)."""
        from core.i18n import in_active_locale

        from .models import ArticlePage, exclude_private, for_cards

        queryset = exclude_private(ArticlePage.objects.live())
        if page is not None and page.path:
            # The articles of this page's site (under its home page), in the
            # page's language: the Spanish home lists the Spanish articles.
            queryset = queryset.filter(path__startswith=page.path[: page.steplen * 2])
            queryset = in_active_locale(queryset, locale_id=page.locale_id)
        else:
            queryset = in_active_locale(queryset)
        pinned = [article for article in value.get("articles") or [] if article is not None]
        if pinned:
            # Each pinned article in this language (an article pinned on the
            # English page is its translation here); one not translated is left out.
            keys = [p.translation_key for p in pinned]
            found = {
                a.translation_key: a for a in for_cards(queryset.filter(translation_key__in=keys))
            }
            return [found[key] for key in dict.fromkeys(keys) if key in found]
        topic = value.get("topic")
        if topic is not None:
            # Articles name their original topic; the block may name a translation.
            queryset = queryset.filter(topics__translation_key=topic.translation_key)
        queryset = queryset.order_by("-date", "-first_published_at", "-pk")
        return list(for_cards(queryset)[: value.get("count") or 3])


class ClinicianQuoteBlock(SectionBlockMixin, blocks.StructBlock):
    """A clinician's words, with their name, role and photo from the People snippets."""

    quote = TextBlock(max_length=600)
    person = PersonChooserBlock(
        "people.Person", help_text="Who said it: name, role and photo come from People."
    )

    class Meta:
        icon = "openquote"
        template = "blog/blocks/clinician_quote_block.html"
        label = "Clinician quote"
        description = "A quote from a clinician, with their name, role and photo"

    def cache_tags(self, raw_value):
        return {"model:people.person"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor_id"] = ""
        return context

    def get_preview_value(self):
        """A clinician from People when there is one (a preview needs a person)."""
        from people.models import Person

        person = Person.objects.exclude(role="").order_by("pk").first()
        return self.normalize(
            {
                "quote": "You will always know what comes next, and why.",
                "person": person,
            }
        )
