"""How articles are classified: editorial topics and free tags."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """An editorial category: each has a page at /blog/topic/<slug>/.

    Translated with wagtail-localize (name and description); the slug is the
    same in every language, so /blog/topic/depression/ and
    /es/blog/topic/depression/ are one topic. Articles of every language
    name the original topic (a translation keeps its original's topics):
    show them with ``in_active_language``."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(
        max_length=100,
        blank=True,
        help_text="The topic page's address: /blog/topic/<slug>/. Leave empty to make it "
        "from the name.",
    )
    description = models.TextField(
        max_length=500, blank=True, help_text="Shown at the top of the topic page."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = "topic"
        unique_together = [("translation_key", "locale"), ("name", "locale"), ("slug", "locale")]

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


def in_active_language(topics):
    """``topics`` (in their order) each in the active language where it is
    translated: one query for those in another language, none when all are
    in it already (an English page's)."""
    from core.i18n import active_locale_id

    topics = list(topics)
    locale_id = active_locale_id()
    foreign = [topic for topic in topics if locale_id and topic.locale_id != locale_id]
    if not foreign:
        return topics
    found = {
        topic.translation_key: topic
        for topic in Topic.objects.filter(
            locale_id=locale_id, translation_key__in=[topic.translation_key for topic in foreign]
        )
    }
    return [found.get(topic.translation_key, topic) for topic in topics]


def localize_topic_lists(articles):
    """Give each of ``articles`` (topics prefetched) its ``topic_list`` in the
    active language with one query for them all (a list of cards)."""
    articles = list(articles)
    pairs = [(article, list(article.topics.all())) for article in articles]
    localized = iter(in_active_language([topic for _a, topics in pairs for topic in topics]))
    for article, topics in pairs:
        chosen = [next(localized) for _topic in topics]
        article.topic_list = sorted(chosen, key=lambda topic: topic.name.lower())


def find_topic(slug):
    """The topic at ``slug``: in the active language where it has one."""
    from core.i18n import active_locale_id

    topics = list(Topic.objects.filter(slug=slug))
    locale_id = active_locale_id()
    return next((t for t in topics if t.locale_id == locale_id), topics[0] if topics else None)


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )
