"""The health article page and the articles pinned under its "More To
Explore"."""

import datetime
from functools import partial
from urllib.parse import quote

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Q,
)
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language, gettext
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtailseo.models import SeoType

from core.blocks import faq_entries
from core.pages import BasePage
from pagecache import tags as cache_tags
from pagecache.chrome import cached_by_tags
from people.models import Person
from people.text import with_text

from ..blocks import ArticleStreamBlock
from ..body import assign_anchors, reading_time_minutes, strip_block_ids, table_of_contents
from ..permissions import MedicalReviewPermissionTester
from .blog_index import BlogIndexPage
from .related import RELATED_ARTICLE_COUNT  # noqa: F401 - blog.models exports it
from .taxonomy import ArticlePageTag

# How long a medical review stays current when no "next review due" is set.
REVIEW_INTERVAL = datetime.timedelta(days=365)
MAX_PINNED_ARTICLES = 3
# Element ids of the article template that a heading must not take.
RESERVED_ANCHORS = (
    "main",
    "article-title",
    "article-toc",
    "article-share",
    "more-to-explore",
    "share-heading",
    "toc-heading",
    "related-heading",
)


class ArticlePage(BasePage):
    """A health article, medically reviewed before it goes live."""

    search_result_label = "Article"

    def get_cache_tags(self):
        """The page cache: related articles come from the sibling articles
        (a new article can change them), topics and people are snippets."""
        return {f"children:{self.path[: -self.steplen]}", "model:blog.topic", "model:people.person"}

    def get_purge_tags(self):
        """Publishing, unpublishing, moving or deleting an article also makes
        stale the pages that list the newest articles wherever they are (the
        latest-articles section, blog.blocks.LatestArticlesBlock)."""
        return {cache_tags.listing_tag(ArticlePage)}

    date = models.DateField(
        "article date",
        default=datetime.date.today,
        help_text="Shown on the article; lists and feeds are ordered by it, newest first.",
    )
    summary = models.TextField(
        max_length=300,
        help_text="One or two sentences for article lists, feeds and search results. Also the "
        "meta description unless one is set on the Promote tab.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the top of the article and in lists; also the preview image when "
        "the article is shared.",
    )
    hero_image_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the image for people who cannot see it. Leave empty if it is "
        "decorative.",
    )
    body = StreamField(
        ArticleStreamBlock,
        help_text="The article. Its section headings make the table of contents and its length "
        "the reading time.",
    )

    author = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles_written",
        help_text="Who wrote the article.",
    )
    # The review fields are written by a review only (blog/reviews.py: the
    # approval of the "Medical review" task or "Reviewed, no change needed"),
    # never typed: a date a writer typed would tell readers that a clinician
    # checked an article nobody checked. The editor shows them read-only.
    medical_reviewer = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles_reviewed",
        help_text="The clinician whose approval last reviewed the article's medical content. "
        "Shown as 'Medically reviewed by …' at the top. Set by the review, not by hand.",
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="When the medical reviewer last approved the article. Set by the review.",
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="When the article must be reviewed again: one year after the last review. "
        "Overdue articles are listed under Reports › Medical reviews due.",
    )
    content_updated_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When a publish last changed what readers read (title, summary or body) "
        "after the article first went live. Shown as 'Updated' on the article.",
    )
    touches_on_suicide = models.BooleanField(
        "touches on suicide or self-harm",
        default=False,
        help_text="Shows the crisis notice from the clinic settings near the top of the article.",
    )

    topics = ParentalManyToManyField("blog.Topic", blank=True, related_name="articles")
    tags = ClusterTaggableManager(
        through=ArticlePageTag,
        blank=True,
        help_text="Free keywords; each has a page at /blog/tag/<tag>/.",
    )

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    # A copy has not been reviewed: it earns its review line by its own review.
    exclude_fields_in_copy = ["medical_reviewer", "last_reviewed", "next_review_due"]

    # What an article page shows, fetched with the page when it is served.
    # (Only the image: joining the people, their photos and profile pages too
    # saves a query but costs more in query planning and model building than
    # load_people's separate query.)
    SERVE_RELATED = ("hero_image",)

    seo_content_type = SeoType.ARTICLE
    seo_description_sources = ["search_description", "summary"]
    seo_image_sources = ["og_image", "hero_image"]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("date"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading="Image"),
        FieldPanel("body"),
    ]
    review_panels = [
        FieldPanel("author"),
        MultiFieldPanel(
            [
                FieldPanel("medical_reviewer", read_only=True),
                FieldRowPanel(
                    [
                        FieldPanel("last_reviewed", read_only=True),
                        FieldPanel("next_review_due", read_only=True),
                    ]
                ),
            ],
            heading="Medical review",
            help_text="Filled in when a medical reviewer approves the article or confirms it "
            "needs no change; until then the article says it is not yet medically reviewed.",
        ),
        FieldPanel("touches_on_suicide"),
    ]
    related_panels = [
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        InlinePanel(
            "pinned_related_articles",
            max_num=MAX_PINNED_ARTICLES,
            heading="More to explore",
            label="Pinned article",
            help_text="Up to three articles to show first under the article. The rest are "
            "chosen automatically from shared topics and tags.",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(review_panels, heading="Authors and review"),
            ObjectList(related_panels, heading="Topics and related"),
            ObjectList(BasePage.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = "article"
        permissions = [
            (
                "publish_articles",
                "Can publish health articles (approve medical review)",
            )
        ]

    def permissions_for_user(self, user):
        return MedicalReviewPermissionTester(user, self)

    # What readers read: a publish that changes one of these is an update.
    CONTENT_FIELDS = ("title", "summary", "body")

    def content_fingerprint(self):
        """The reader-visible content, comparable between versions of the page
        (StreamField block ids left out: they say nothing a reader sees)."""
        return [
            strip_block_ids(self.body.get_prep_value()) if name == "body" else getattr(self, name)
            for name in self.CONTENT_FIELDS
        ]

    def with_content_json(self, content):
        """Wagtail builds the page to publish (and every draft it shows) from
        a revision with this. "Updated" is decided here, against the live page
        as stored (the row holds the live content; ``self`` may be an edited
        copy), never taken from the revision: a republish that changes only
        the review date or the topics keeps the date of the last real change."""
        obj = super().with_content_json(content)
        stored = (
            ArticlePage.objects.filter(pk=self.pk).only(*self.CONTENT_FIELDS, "content_updated_at")
            if self.pk
            else None
        )
        live = stored.filter(Q(live=True) | Q(first_published_at__isnull=False)).first()
        if live is None:
            obj.content_updated_at = None
            return obj
        obj.content_updated_at = live.content_updated_at
        if obj.content_fingerprint() != live.content_fingerprint():
            obj.content_updated_at = timezone.now()
        return obj

    def clean(self):
        super().clean()
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = self.last_reviewed + REVIEW_INTERVAL
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due <= self.last_reviewed
        ):
            raise ValidationError(
                {"next_review_due": "The next review must come after the last review."}
            )

    # -- What the page shows ----------------------------------------------------

    @cached_property
    def blog_index(self):
        """The parent blog index (set by BlogIndexPage.route when it routed
        here; otherwise one query, its specific row by path)."""
        return BlogIndexPage.objects.filter(path=cache_tags.parent_path(self)).first()

    def load_people(self):
        """Author and reviewer (with photo and profile page) in one query, unless
        they came with the page (see BlogIndexPage.route)."""
        missing = [
            name
            for name in ("author", "medical_reviewer")
            if getattr(self, f"{name}_id") and not self._meta.get_field(name).is_cached(self)
        ]
        if not missing or getattr(self, "_people_loaded", False):
            return
        ids = {getattr(self, f"{name}_id") for name in missing}
        # Their words in the page's language come in the same query.
        people = with_text(Person.objects.select_related("photo", "profile_page")).in_bulk(ids)
        for name in missing:
            person = people.get(getattr(self, f"{name}_id"))
            if person is not None:
                setattr(self, name, person)
        self._people_loaded = True

    @cached_property
    def topic_list(self):
        """The article's topics in the active language (a translated
        article keeps its original's topics), by name: their id, name and
        slug, kept with the page's fragments (its publishing and a topic's
        change purge them)."""
        from .taxonomy import Topic, in_active_language

        def build():
            topics = in_active_language(self.topics.all())
            return [
                {"pk": topic.pk, "name": topic.name, "slug": topic.slug}
                for topic in sorted(topics, key=lambda topic: topic.name.lower())
            ]

        tags = [cache_tags.page_tag(self), cache_tags.model_tag(Topic)]
        key = f"article-topics:{self.pk}:{get_language()}"
        return [PlainItem(item) for item in self.page_fragment(key, tags, build)]

    @cached_property
    def tag_list(self):
        """The article's tags by name (id, name, slug), kept with the page's
        fragments (the tags change with its publishing)."""

        def build():
            tags = sorted(self.tags.all(), key=lambda tag: tag.name.lower())
            return [{"pk": tag.pk, "name": tag.name, "slug": tag.slug} for tag in tags]

        key = f"article-tags:{self.pk}"
        return [
            PlainItem(item) for item in self.page_fragment(key, [cache_tags.page_tag(self)], build)
        ]

    @cached_property
    def anchored_body(self):
        return assign_anchors(self.body, reserved=RESERVED_ANCHORS)

    @cached_property
    def table_of_contents(self):
        return table_of_contents(self.anchored_body)

    @cached_property
    def body_facts(self):
        """What the page computes from its body's text (reading time, FAQ
        entries for the FAQPage JSON-LD): walking every block's text costs a
        few milliseconds, and only publishing this page changes it, so a
        live page keeps it in the shared cache under its own page tag.
        Previews and unsaved pages compute it each time."""

        def build():
            return {
                "reading_time": reading_time_minutes(self.body),
                "faq": faq_entries(self.body),
            }

        request = getattr(self, "_seo_request", None)
        if not self.pk or not self.live or getattr(request, "is_preview", True):
            return build()
        # (The chrome tag too: a release, which may count differently, clears it.)
        return cached_by_tags(f"article-facts:{self.pk}", self.body_cache_tags(), build)

    @property
    def reading_time(self):
        return self.body_facts["reading_time"]

    @property
    def credits(self):
        """[(person, what they did)] for the "About the author" box."""
        self.load_people()
        author = self.author if self.author_id else None
        reviewer = self.medical_reviewer if self.medical_reviewer_id else None
        if author and reviewer and author.pk == reviewer.pk:
            return [(author, gettext("Author and medical reviewer"))]
        credits = []
        if author:
            credits.append((author, gettext("Author")))
        if reviewer:
            credits.append((reviewer, gettext("Medical reviewer")))
        return credits

    @property
    def review_is_overdue(self):
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())

    def seo_extra_cache_tags(self):
        return [cache_tags.model_tag(Person)]  # the author's name

    @property
    def seo_author(self):
        self.load_people()
        return self.author.name if self.author_id and self.author else ""

    @property
    def seo_published_at(self):
        return self.date

    @property
    def updated_on(self):
        """The local date of the last content update, shown when after the article date."""
        if not self.content_updated_at:
            return None
        updated = timezone.localtime(self.content_updated_at).date()
        return updated if updated > self.date else None

    def related_articles(self, request=None):
        """ "More to explore" (blog.models.related)."""
        from .related import related_articles

        return related_articles(self, request)

    def body_cache_tags(self):
        """What the rendered body depends on (its fragment cache, see
        pagecache_tags): this page (publishing it; the images, snippets and
        pages it shows or links to, through the reference index) and the
        chrome (the call to action's default consultation page; a release)."""
        return [cache_tags.page_tag(self), cache_tags.CHROME]

    def related_cache_tags(self):
        """What "More to explore" depends on (its fragment cache, see
        pagecache_tags): this article's topics, tags and pins, its sibling
        articles (their publishing, topics, cards, images) and privacy."""
        return [
            cache_tags.CHROME,
            cache_tags.page_tag(self),
            cache_tags.children_tag(cache_tags.parent_path(self)),
        ]

    def share_links(self):
        """Plain share links with the canonical URL: no script, no tracking."""
        url = self.seo_canonical_url
        url_q = quote(url, safe="")
        title_q = quote(self.title, safe="")
        return [
            {
                "network": "facebook",
                "prefix": gettext("Share on"),
                "label": "Facebook",
                "href": f"https://www.facebook.com/sharer/sharer.php?u={url_q}",
            },
            {
                "network": "x",
                "prefix": gettext("Share on"),
                "label": "X",
                "href": f"https://x.com/intent/post?url={url_q}&text={title_q}",
            },
            {
                "network": "linkedin",
                "prefix": gettext("Share on"),
                "label": "LinkedIn",
                "href": f"https://www.linkedin.com/sharing/share-offsite/?url={url_q}",
            },
            {
                "network": "email",
                "prefix": gettext("Share by"),
                "label": gettext("Email"),
                "href": f"mailto:?subject={title_q}&body={url_q}",
            },
        ]

    def cached_structured_data(self, request, breadcrumbs):
        """The page's JSON-LD documents (plain data), kept with its fragments:
        its publishing, its author's or reviewer's change (the reference
        index), a topic's and the chrome's (the organisation) purge them."""
        from wagtail.models import Site

        from ..structured_data import article_structured_data
        from .taxonomy import Topic

        site = Site.find_for_request(request)
        key = f"article-ld:{self.pk}:{getattr(site, 'pk', '')}:{get_language()}"
        tags = [cache_tags.CHROME, cache_tags.page_tag(self), cache_tags.model_tag(Topic)]
        return self.page_fragment(
            key, tags, lambda: article_structured_data(self, request, breadcrumbs)
        )

    def main_cache_tags(self):
        """What the article's own part of the page shows (its fragments in
        article_page.html): what every kept part does (``shown_cache_tags``:
        the breadcrumbs, its blog's feed, topic and tag links, the people's
        profiles are other pages' titles and URLs), the people of its byline
        and credits, and its topics."""
        from .taxonomy import Topic

        return [
            *self.shown_cache_tags(),
            cache_tags.model_tag(Person),
            cache_tags.model_tag(Topic),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        # The blog index (one query when the route is kept by path) and the
        # breadcrumbs are read only by the page's fragments and JSON-LD when
        # they are built, not when they come from the cache.
        def breadcrumbs():
            index = self.blog_index
            if index is None:
                return []
            return index.breadcrumbs(request, (self.title, self.seo_canonical_url))

        trail = SimpleLazyObject(breadcrumbs)
        context.update(
            blog_index=SimpleLazyObject(lambda: self.blog_index),
            breadcrumbs=trail,
            # Called by the template only when "More to explore" is not in
            # the cache (see article_page.html).
            related_articles=partial(self.related_articles, request),
            structured_data=self.cached_structured_data(request, trail),
        )
        return context


class PlainItem:
    """A topic or tag as an article shows it (``pk``, ``name``, ``slug``),
    from cached plain data."""

    __slots__ = ("pk", "name", "slug")

    def __init__(self, values):
        self.pk, self.name, self.slug = values["pk"], values["name"], values["slug"]


class ArticlePageRelatedArticle(Orderable):
    """An article pinned under "More to explore"."""

    page = ParentalKey(
        ArticlePage, on_delete=models.CASCADE, related_name="pinned_related_articles"
    )
    article = models.ForeignKey(
        ArticlePage,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Drafts and this article itself are never shown.",
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = "pinned article"
