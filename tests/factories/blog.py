"""Factories for the blog app (see blog/models/)."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from blog.models import ArticlePage, ArticlePageRelatedArticle, BlogIndexPage, Person, Topic


class PersonFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Test Person {n}")
    credentials = "MD"
    role = "Psychiatrist"

    class Meta:
        model = Person


class TopicFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = Topic


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Articles"
    slug = "blog"
    intro = "<p>Medically reviewed articles.</p>"
    articles_per_page = 10

    class Meta:
        model = BlogIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    """A live, medically reviewed article. Pass ``topics=[...]`` and ``tags=[...]``."""

    title = factory.Sequence(lambda n: f"Test article {n}")
    slug = factory.Sequence(lambda n: f"test-article-{n}")
    summary = factory.LazyAttribute(lambda o: f"Summary of {o.title}.")
    date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Some words of the article.</p>")])
    author = factory.SubFactory(PersonFactory, role="Health writer", credentials="")
    medical_reviewer = factory.SubFactory(PersonFactory)
    last_reviewed = datetime.date(2025, 6, 1)
    next_review_due = datetime.date(2026, 6, 1)

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if extracted:
            obj.topics.set(extracted)
            if create:
                obj.save()

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if extracted:
            obj.tags.add(*extracted)
            if create:
                obj.save()


class PinnedArticleFactory(DjangoModelFactory):
    class Meta:
        model = ArticlePageRelatedArticle
