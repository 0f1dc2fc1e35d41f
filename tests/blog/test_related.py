""" "More To Explore": pinned first, then shared topics and tags; constant queries."""

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories.blog import (
    ArticlePageFactory,
    PersonFactory,
    PinnedArticleFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def related_titles(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.select_one("#more-to-explore")
    if section is None:
        return []
    return [a.get_text(strip=True) for a in section.select(".article-card__title a")]


def test_related_articles_share_a_topic_or_tag_newest_first(client, blog_index):
    depression = TopicFactory(name="Depression")
    article = ArticlePageFactory(parent=blog_index, title="Main", topics=[depression])
    ArticlePageFactory(parent=blog_index, title="Old topic", topics=[depression])
    ArticlePageFactory(parent=blog_index, title="New tag", tags=["ketamine"])
    ArticlePageFactory(parent=blog_index, title="Unrelated", topics=[TopicFactory()])
    ArticlePageFactory(parent=blog_index, title="Newest topic", topics=[depression])
    article.tags.add("ketamine")
    article.save_revision().publish()
    assert related_titles(client, article) == ["Newest topic", "New tag", "Old topic"]


def test_related_articles_never_include_the_article_itself_drafts_or_private(client, blog_index):
    topic = TopicFactory()
    article = ArticlePageFactory(parent=blog_index, title="Main", topics=[topic])
    ArticlePageFactory(parent=blog_index, title="Draft", topics=[topic], live=False)
    private = ArticlePageFactory(parent=blog_index, title="Private", topics=[topic])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    visible = ArticlePageFactory(parent=blog_index, title="Visible", topics=[topic])
    PinnedArticleFactory(page=article, article=article, sort_order=0)
    assert related_titles(client, article) == [visible.title]


def test_pinned_articles_come_first_in_their_order_even_without_shared_topics(client, blog_index):
    topic = TopicFactory()
    article = ArticlePageFactory(parent=blog_index, title="Main", topics=[topic])
    first = ArticlePageFactory(parent=blog_index, title="Pinned first")
    second = ArticlePageFactory(parent=blog_index, title="Pinned second")
    draft = ArticlePageFactory(parent=blog_index, title="Pinned draft", live=False)
    for _ in range(3):
        ArticlePageFactory(parent=blog_index, topics=[topic])
    newest_auto = ArticlePageFactory(parent=blog_index, title="Newest automatic", topics=[topic])
    PinnedArticleFactory(page=article, article=second, sort_order=1)
    PinnedArticleFactory(page=article, article=first, sort_order=0)
    PinnedArticleFactory(page=article, article=draft, sort_order=2)
    assert related_titles(client, article) == ["Pinned first", "Pinned second", newest_auto.title]


def test_no_related_articles_means_no_section(client, blog_index):
    article = ArticlePageFactory(parent=blog_index)
    ArticlePageFactory(parent=blog_index)  # shares nothing
    assert related_titles(client, article) == []


def test_preview_uses_the_editors_unsaved_pins(rf, blog_index):
    article = ArticlePageFactory(parent=blog_index)
    pinned = ArticlePageFactory(parent=blog_index, title="Chosen in the form")
    from blog.models import ArticlePageRelatedArticle

    article.pinned_related_articles = [ArticlePageRelatedArticle(article=pinned)]
    request = rf.get("/")
    request.is_preview = True
    assert [a.title for a in article.related_articles(request)] == ["Chosen in the form"]


def count_queries(client, url):
    client.get(url)  # warm the caches (renditions, site root paths)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_related_content(blog_index, article, topics, n):
    """n more related articles, each with an image, author, reviewer, topics and a tag."""
    for i in range(n):
        related = ArticlePageFactory(
            parent=blog_index,
            hero_image=wagtail_factories.ImageFactory(),
            author=PersonFactory(photo=wagtail_factories.ImageFactory()),
            topics=topics,
            tags=[f"tag-{article.pk}-{i}", "shared"],
        )
        if i < 3:
            PinnedArticleFactory(page=article, article=related, sort_order=i)


def test_article_query_count_does_not_grow_with_related_content(
    client, blog_index, django_assert_num_queries
):
    topics = [TopicFactory(), TopicFactory()]
    article = ArticlePageFactory(
        parent=blog_index,
        hero_image=wagtail_factories.ImageFactory(),
        author=PersonFactory(photo=wagtail_factories.ImageFactory()),
        medical_reviewer=PersonFactory(photo=wagtail_factories.ImageFactory()),
        topics=topics[:1],
        tags=["shared"],
    )
    add_related_content(blog_index, article, topics, 1)
    small = count_queries(client, article.url)

    more_topics = [TopicFactory() for _ in range(5)]
    article.topics.set(topics + more_topics)
    article.tags.add(*[f"extra-{i}" for i in range(5)])
    article.save_revision().publish()
    add_related_content(blog_index, article, topics + more_topics, 8)

    client.get(article.url)
    with django_assert_num_queries(small):
        response = client.get(article.url)
    assert len(BeautifulSoup(response.content, "html.parser").select(".related li")) == 3


def test_index_query_count_does_not_grow_with_articles(
    client, blog_index, django_assert_num_queries
):
    topics = [TopicFactory(), TopicFactory()]
    for _ in range(2):
        ArticlePageFactory(
            parent=blog_index, hero_image=wagtail_factories.ImageFactory(), topics=topics
        )
    small = count_queries(client, blog_index.url)
    topic_small = count_queries(client, f"{blog_index.url}topic/{topics[0].slug}/")
    for _ in range(8):
        ArticlePageFactory(
            parent=blog_index,
            hero_image=wagtail_factories.ImageFactory(),
            topics=[*topics, TopicFactory()],
        )
    client.get(blog_index.url)
    with django_assert_num_queries(small):
        client.get(blog_index.url)
    client.get(f"{blog_index.url}topic/{topics[0].slug}/")
    with django_assert_num_queries(topic_small):
        client.get(f"{blog_index.url}topic/{topics[0].slug}/")
