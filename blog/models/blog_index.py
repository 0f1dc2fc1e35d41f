"""The blog index page (/blog/): its lists of articles, topic and tag pages,
feeds, sitemap and breadcrumbs, and the people's profiles under it.

ArticlePage is imported inside the methods that use it: its module imports
this one (an article links back to its index).
"""

from django.core.paginator import InvalidPage, Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.search import index

from core.blocks import INLINE_RICH_TEXT_FEATURES
from core.pages import BasePage
from pagecache import tags as cache_tags
from pagecache.chrome import cached_by_tags
from pagecache.pages import accept_query_value
from people.pages import PersonProfilesMixin

from ..permissions import MedicalReviewPermissionTester
from .listings import exclude_private, for_cards
from .taxonomy import Topic, find_topic, in_active_language, localize_topic_lists


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
        from .articles import ArticlePage

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
        from .articles import ArticlePage

        return exclude_private(ArticlePage.objects.live().child_of(self)).order_by(
            "-date", "-first_published_at", "-pk"
        )

    def topics_in_use(self):
        """The topics of this blog's articles (the originals: articles of
        every language name them; show them with in_active_language)."""
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
                found = paginator.page(number)
            except InvalidPage as exc:
                raise Http404("No such page.") from exc
            localize_topic_lists(found.object_list)
            return found

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
        from ..structured_data import index_structured_data

        url = self.listing_url(request, route_name, args)
        meta_title = self.seo_pagetitle
        if listing_title:
            meta_title = " | ".join(
                part for part in (listing_title, self.title, self.seo_sitename) if part
            )
        canonical = url
        if number > 1:
            canonical = f"{url}?page={number}"
            meta_title = gettext("{title} (page {number})").format(title=meta_title, number=number)
        breadcrumbs = self.breadcrumbs(request, (listing_title, url) if listing_title else None)
        return {
            "articles": articles,
            # Read only when the listing fragment is not in the cache.
            "topics": SimpleLazyObject(lambda: in_active_language(self.topics_in_use())),
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
    @path("tema/<slug:slug>/", name="topic_es")
    def topic_route(self, request, slug):
        topic = find_topic(slug)
        if topic is None:
            raise Http404("No such topic.")
        return self.render_listing(
            request,
            # Articles name their original topic; this one is any of its translations.
            self.articles().filter(topics__translation_key=topic.translation_key).distinct(),
            route_name="topic",
            args=[topic.slug],
            topic=topic,
            listing_title=topic.name,
            listing_description=topic.description
            or gettext("Articles about {topic} from {blog}.").format(
                topic=topic.name.lower(), blog=self.title.lower()
            ),
        )

    @path("tag/<slug:slug>/", name="tag")
    @path("etiqueta/<slug:slug>/", name="tag_es")
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
            listing_title=gettext("Articles tagged “{tag}”").format(tag=tag.name),
            listing_description=gettext("Articles tagged “{tag}”.").format(tag=tag.name),
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
        breadcrumbs = self.breadcrumbs(request, (person.text.display_name, url))
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
        from ..feeds import ArticleRssFeed

        return ArticleRssFeed(self)(request)

    @path("feed/atom/", name="feed_atom")
    def atom_feed(self, request):
        from ..feeds import ArticleAtomFeed

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
        # The parent (the site's home page) as plain data, kept until it or
        # a sibling of it changes (its parent's listing tag) or the chrome.
        site = Site.find_for_request(request) if request is not None else None
        parent_path = cache_tags.parent_path(self)

        def build():
            parent = self.get_parent()
            return [parent.title, parent.get_full_url(request)]

        home = cached_by_tags(
            f"parent-crumb:{getattr(site, 'pk', '')}:{parent_path}",
            [cache_tags.CHROME, cache_tags.children_tag(parent_path[: -self.steplen])],
            build,
            fragment=False,
        )
        items = [tuple(home), (self.title, self.get_full_url(request))]
        if extra:
            items.append(extra)
        return items
