"""Health articles: the blog index, articles, the people who write and review
them, topics and tags."""

import datetime
import re
from functools import partial
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Orderable, Page, PageViewRestriction, Site
from wagtail.search import index
from wagtailseo.models import SeoType

from core.blocks import INLINE_RICH_TEXT_FEATURES, faq_entries
from core.pages import BasePage
from pagecache import tags as cache_tags
from pagecache.chrome import cached_by_tags
from pagecache.pages import accept_query_value
from people.models import Person
from people.pages import PersonProfilesMixin

from .blocks import ArticleStreamBlock
from .body import assign_anchors, reading_time_minutes, table_of_contents
from .permissions import MedicalReviewPermissionTester

# How long a medical review stays current when no "next review due" is set.
REVIEW_INTERVAL = datetime.timedelta(days=365)
# Articles under "More To Explore".
RELATED_ARTICLE_COUNT = 3
MAX_PINNED_ARTICLES = 3
# Listing image (index, topic and tag pages, "More To Explore"): the specs of
# the {% picture %} in blog/includes/article_card.html, prefetched in bulk.
CARD_IMAGE_SPEC = "fill-{400x267,800x533}|format-{avif,webp,jpeg}"
CARD_IMAGE_FILTERS = Filter.expand_spec(CARD_IMAGE_SPEC)
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


def exclude_private(queryset):
    """Leave out pages in a section with view restrictions (password, login...).

    Wagtail's ``.public()`` costs a query to list the restrictions; this does
    the same in a subquery of the listing's own query.
    """
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return queryset.exclude(Exists(restricted))


def for_cards(queryset):
    """Articles as listing cards (blog/includes/article_card.html) read them:
    their image in the same query, its renditions in one more, and not the
    body (most of the row, which no card shows), so that a list costs the
    same however long its articles are."""
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec__in=CARD_IMAGE_FILTERS)
    )
    return (
        queryset.defer("body")
        .select_related("hero_image")
        .prefetch_related(
            Prefetch("hero_image__renditions", queryset=renditions, to_attr="prefetched_renditions")
        )
    )


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


class Topic(index.Indexed, models.Model):
    """An editorial category: each has a page at /blog/topic/<slug>/."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        blank=True,
        help_text="The topic page's address: /blog/topic/<slug>/. Leave empty to make it "
        "from the name.",
    )
    description = models.TextField(
        max_length=500, blank=True, help_text="Shown at the top of the topic page."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "topic"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        if not self.slug:
            self.slug = slugify(self.name)
        if not self.slug:
            raise ValidationError({"slug": "Enter a slug made of letters, numbers or hyphens."})


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BlogIndexPage(PersonProfilesMixin, BasePage):
    """/blog/: the list of articles, topic and tag pages, RSS and Atom feeds."""

    search_result_label = "Articles"

    intro = RichTextField(
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        help_text="A short introduction above the list of articles.",
    )
    articles_per_page = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="How many articles each page of the list shows (1 to 50).",
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.ArticlePage"]
    max_count_per_parent = 1
    # ?page=<n> of a list of articles is cached when that page exists.
    cache_query_parameters = ("page",)

    def get_cache_tags(self):
        """The page cache: the lists show articles, topics and people."""
        return {f"children:{self.path}", "model:blog.topic", "model:people.person"}

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("articles_per_page")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = "blog index page"

    def permissions_for_user(self, user):
        return MedicalReviewPermissionTester(user, self)

    def route(self, request, path_components):
        """Serve /blog/<slug>/ with one query: the article with its hero image.

        Wagtail's default looks the child page up, then its specific type, then
        each related object as the template touches it.
        """
        if len(path_components) == 1:
            try:
                self.resolve_subpage(f"/{path_components[0]}/")
            except Http404:
                article = (
                    ArticlePage.objects.child_of(self)
                    .filter(slug=path_components[0])
                    .select_related(*ArticlePage.SERVE_RELATED)
                    .first()
                )
                if article is not None:
                    article.blog_index = self  # its breadcrumbs and links need no query
                    return article.route(request, [])
        return super().route(request, path_components)

    # -- Listings -------------------------------------------------------------

    def articles(self):
        """Live, public articles of this blog, newest first."""
        return exclude_private(ArticlePage.objects.live().child_of(self)).order_by(
            "-date", "-first_published_at", "-pk"
        )

    def topics_in_use(self):
        return Topic.objects.filter(pk__in=self.articles().values("topics"))

    def page_number(self, request):
        """The requested page of a listing, or a 404 for anything but a number."""
        raw = request.GET.get("page") or "1"
        try:
            return int(raw)
        except (TypeError, ValueError) as exc:
            raise Http404("Not a page number.") from exc

    def listing_cache_tags(self):
        """What a list of articles shows (its fragment cache, see pagecache):
        this page, its articles (their publishing, cards and images), topics
        and people, and the chrome (URLs, a release)."""
        return sorted({cache_tags.CHROME, cache_tags.page_tag(self), *self.get_cache_tags()})

    def listing_url(self, request, route_name=None, args=None):
        url = self.get_full_url(request)
        if route_name:
            url += self.reverse_subpage(route_name, args=args).lstrip("/")
        return url

    def render_listing(self, request, queryset, route_name=None, args=None, **listing):
        """A list of articles. Its topic menu, cards and pagination are kept
        in the fragment cache under ``listing_cache_tags`` (as fresh as the
        page cache), with the number of pages, which is all the view needs to
        answer 404 for a page that does not exist: a render that finds them
        there queries nothing for the list."""
        number = self.page_number(request)
        queryset = for_cards(queryset).prefetch_related("topics")
        paginator = Paginator(queryset, self.articles_per_page or 10)

        def page():
            try:
                return paginator.page(number)
            except InvalidPage as exc:
                raise Http404("No such page.") from exc

        name = f"blog-listing:{self.pk}:{route_name or ''}:{'/'.join(args or ())}"
        tags = self.listing_cache_tags()
        if getattr(request, "is_preview", False):
            articles = page()  # unsaved: no fragment cache
        else:
            num_pages = cached_by_tags(f"{name}:pages", tags, lambda: paginator.num_pages)
            if not 1 <= number <= num_pages:
                raise Http404("No such page.")
            if request.GET.get("page") == str(number):
                accept_query_value(request, "page")  # not "01", "+1": one entry per page
            # Read only when the fragment is not in the cache.
            articles = SimpleLazyObject(page)
        listing.update(
            articles=articles,
            number=number,
            route_name=route_name,
            args=args,
            listing_fragment=f"{name}:{number}",
            listing_tags=tags,
        )
        return self.render(request, listing=listing)

    def get_context(self, request, *args, listing=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if listing is not None:
            context.update(self.listing_context(request, **listing))
        return context

    def listing_context(
        self,
        request,
        articles,
        number=1,
        route_name=None,
        args=None,
        listing_title="",
        listing_description="",
        **extra,
    ):
        """Context of a list of articles: the index itself, a topic or a tag."""
        from .structured_data import index_structured_data

        url = self.listing_url(request, route_name, args)
        meta_title = self.seo_pagetitle
        if listing_title:
            meta_title = " | ".join(
                part for part in (listing_title, self.title, self.seo_sitename) if part
            )
        canonical = url
        if number > 1:
            canonical = f"{url}?page={number}"
            meta_title = f"{meta_title} (page {number})"
        breadcrumbs = self.breadcrumbs(request, (listing_title, url) if listing_title else None)
        return {
            "articles": articles,
            "topics": self.topics_in_use(),
            "breadcrumbs": breadcrumbs,
            "listing_title": listing_title,
            "meta_title": meta_title,
            "meta_description": listing_description or self.seo_description,
            "listing_canonical_url": canonical,
            "structured_data": index_structured_data(breadcrumbs),
            **extra,
        }

    @path("")
    def index_route(self, request):
        return self.render_listing(request, self.articles())

    @path("topic/<slug:slug>/", name="topic")
    def topic_route(self, request, slug):
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            raise Http404("No such topic.")
        return self.render_listing(
            request,
            self.articles().filter(topics=topic),
            route_name="topic",
            args=[topic.slug],
            topic=topic,
            listing_title=topic.name,
            listing_description=topic.description
            or f"Articles about {topic.name.lower()} from {self.title.lower()}.",
        )

    @path("tag/<slug:slug>/", name="tag")
    def tag_route(self, request, slug):
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            raise Http404("No such tag.")
        return self.render_listing(
            request,
            self.articles().filter(tags=tag),
            route_name="tag",
            args=[tag.slug],
            tag=tag,
            listing_title=f"Articles tagged “{tag.name}”",
            listing_description=f"Articles tagged “{tag.name}”.",
            # Tag pages overlap topic pages: let search engines follow, not index.
            noindex=True,
        )

    profile_template = "blog/person_page.html"

    def person_profile_context(self, request, person, url):
        """A profile under the blog (people.pages.PersonProfilesMixin): the
        articles the person wrote and reviewed here (the page cache keeps it
        fresh: this page's tags cover its articles and people)."""
        articles = list(
            for_cards(self.articles()).filter(
                models.Q(author=person) | models.Q(medical_reviewer=person)
            )
        )
        breadcrumbs = self.breadcrumbs(request, (person.display_name, url))
        return {
            "written": [article for article in articles if article.author_id == person.pk],
            "reviewed": [
                article for article in articles if article.medical_reviewer_id == person.pk
            ],
            "breadcrumbs": breadcrumbs,
            "blog_index": self,
        }

    @path("feed/rss/", name="feed_rss")
    def rss_feed(self, request):
        from .feeds import ArticleRssFeed

        return ArticleRssFeed(self)(request)

    @path("feed/atom/", name="feed_atom")
    def atom_feed(self, request):
        from .feeds import ArticleAtomFeed

        return ArticleAtomFeed(self)(request)

    # -- Structured data and sitemap -------------------------------------------

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if not urls or not base:
            return urls
        for topic in self.topics_in_use():
            urls.append({"location": base + self.reverse_subpage("topic", args=[topic.slug])})
        return urls

    def breadcrumbs(self, request, extra=None):
        # The site's home page comes with the request's Site (no query).
        site = Site.find_for_request(request) if request is not None else None
        home = site.root_page if site is not None else None
        if home is None or home.path != self.path[: -self.steplen]:
            home = self.get_parent()
        items = [(home.title, home.get_full_url(request)), (self.title, self.get_full_url(request))]
        if extra:
            items.append(extra)
        return items


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
    medical_reviewer = models.ForeignKey(
        "people.Person",
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="articles_reviewed",
        help_text="The clinician who checked the article's medical content. Shown as "
        "'Medically reviewed by …' at the top.",
    )
    last_reviewed = models.DateField(
        null=True,
        blank=False,
        help_text="When the medical reviewer last checked the article.",
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="When the article must be reviewed again. Leave empty for one year after "
        "the last review. Overdue articles are listed under Reports › Medical reviews due.",
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
                FieldPanel("medical_reviewer"),
                FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("next_review_due")]),
            ],
            heading="Medical review",
        ),
        FieldPanel("touches_on_suicide"),
    ]
    related_panels = [
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        InlinePanel(
            "pinned_related_articles",
            max_num=MAX_PINNED_ARTICLES,
            heading="More To Explore",
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
        """The parent blog index (set by BlogIndexPage.route when it routed here)."""
        parent = self.get_parent()
        if parent is not None and not isinstance(parent, BlogIndexPage):
            parent = parent.specific
        return parent if isinstance(parent, BlogIndexPage) else None

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
        people = Person.objects.select_related("photo", "profile_page").in_bulk(ids)
        for name in missing:
            person = people.get(getattr(self, f"{name}_id"))
            if person is not None:
                setattr(self, name, person)
        self._people_loaded = True

    @cached_property
    def topic_list(self):
        return sorted(self.topics.all(), key=lambda topic: topic.name.lower())

    @cached_property
    def tag_list(self):
        return sorted(self.tags.all(), key=lambda tag: tag.name.lower())

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
            return [(author, "Author and medical reviewer")]
        credits = []
        if author:
            credits.append((author, "Author"))
        if reviewer:
            credits.append((reviewer, "Medical reviewer"))
        return credits

    @property
    def review_is_overdue(self):
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())

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
        """ "More To Explore": pinned articles first, then articles sharing a topic or
        tag, newest first. Never this article, never a draft; one query."""
        if not self.path:
            return []
        candidates = exclude_private(ArticlePage.objects.live().sibling_of(self, inclusive=False))
        if self.pk and not getattr(request, "is_preview", False):
            pins = ArticlePageRelatedArticle.objects.filter(
                page_id=self.pk, article_id=OuterRef("pk")
            )
            pinned = Exists(pins)
            pin_rank = pins.order_by("sort_order").values("sort_order")[:1]
            candidates = candidates.annotate(is_pinned=pinned, pin_rank=Subquery(pin_rank))
        else:
            # Preview: the pins are the editor's unsaved choices, in memory.
            pinned_ids = [
                link.article_id for link in self.pinned_related_articles.all() if link.article_id
            ]
            if pinned_ids:
                candidates = candidates.annotate(
                    is_pinned=Case(
                        When(pk__in=pinned_ids, then=Value(True)),
                        default=Value(False),
                        output_field=BooleanField(),
                    ),
                    pin_rank=Case(
                        *[When(pk=pk, then=Value(rank)) for rank, pk in enumerate(pinned_ids)],
                        default=None,
                        output_field=IntegerField(),
                    ),
                )
            else:
                candidates = candidates.annotate(
                    is_pinned=Value(False, output_field=BooleanField()),
                    pin_rank=Value(None, output_field=IntegerField()),
                )
        condition = Q(is_pinned=True)
        topic_ids = [topic.pk for topic in self.topic_list]
        tag_ids = [tag.pk for tag in self.tag_list]
        if topic_ids:
            condition |= Q(
                Exists(
                    ArticlePage.topics.through.objects.filter(
                        articlepage_id=OuterRef("pk"), topic_id__in=topic_ids
                    )
                )
            )
        if tag_ids:
            condition |= Q(
                Exists(
                    ArticlePageTag.objects.filter(
                        content_object_id=OuterRef("pk"), tag_id__in=tag_ids
                    )
                )
            )
        return for_cards(candidates.filter(condition)).order_by(
            F("is_pinned").desc(),
            F("pin_rank").asc(nulls_last=True),
            "-date",
            "-first_published_at",
            "-pk",
        )[:RELATED_ARTICLE_COUNT]

    def body_cache_tags(self):
        """What the rendered body depends on (its fragment cache, see
        pagecache_tags): this page (publishing it; the images, snippets and
        pages it shows or links to, through the reference index) and the
        chrome (the call to action's default consultation page; a release)."""
        return [cache_tags.page_tag(self), cache_tags.CHROME]

    def related_cache_tags(self):
        """What "More To Explore" depends on (its fragment cache, see
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
                "prefix": "Share on",
                "label": "Facebook",
                "href": f"https://www.facebook.com/sharer/sharer.php?u={url_q}",
            },
            {
                "network": "x",
                "prefix": "Share on",
                "label": "X",
                "href": f"https://x.com/intent/post?url={url_q}&text={title_q}",
            },
            {
                "network": "linkedin",
                "prefix": "Share on",
                "label": "LinkedIn",
                "href": f"https://www.linkedin.com/sharing/share-offsite/?url={url_q}",
            },
            {
                "network": "email",
                "prefix": "Share by",
                "label": "Email",
                "href": f"mailto:?subject={title_q}&body={url_q}",
            },
        ]

    def get_context(self, request, *args, **kwargs):
        from .structured_data import article_structured_data

        context = super().get_context(request, *args, **kwargs)
        self.load_people()
        index = self.blog_index
        breadcrumbs = (
            index.breadcrumbs(request, (self.title, self.seo_canonical_url)) if index else []
        )
        context.update(
            blog_index=index,
            breadcrumbs=breadcrumbs,
            # Called by the template only when "More To Explore" is not in
            # the cache (see article_page.html).
            related_articles=partial(self.related_articles, request),
            structured_data=article_structured_data(self, request, breadcrumbs),
        )
        return context


class ArticlePageRelatedArticle(Orderable):
    """An article pinned under "More To Explore"."""

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


class MedicalReview(models.Model):
    """One medical review of an article: who checked it, when, and which revision."""

    APPROVED_CHANGES = "approved_changes"
    NO_CHANGE = "no_change"
    KIND_CHOICES = [
        (APPROVED_CHANGES, "Approved changes"),
        (NO_CHANGE, "Reviewed, no change needed"),
    ]

    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="medical_reviews"
    )
    reviewer = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="medical_reviews",
        help_text="The approver's person profile; empty when their account has none.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_on = models.DateField()
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-created_at", "-pk"]
        verbose_name = "medical review"

    def __str__(self):
        return f"{self.article.title}: {self.get_kind_display()} on {self.reviewed_on:%Y-%m-%d}"

    @property
    def reviewer_name(self):
        if self.reviewer_id:
            return self.reviewer.display_name
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return ""


class ReviewReminder(models.Model):
    """A reminder email about an article's next medical review: at most one
    of each kind per due date, however often the worker runs."""

    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    KIND_CHOICES = [(DUE_SOON, "Review coming due"), (OVERDUE, "Review overdue")]

    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="review_reminders"
    )
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    due_on = models.DateField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind", "due_on"], name="blog_one_reminder_per_due_date"
            )
        ]
        verbose_name = "medical review reminder"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article_id} due {self.due_on:%Y-%m-%d}"
