"""Queries per blog page: constant as content grows, and what the blog adds to
the site's shared chrome (settings, menus, footer) counted exactly."""

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.blog import (
    ArticlePageFactory,
    PersonFactory,
    PinnedArticleFactory,
    TopicFactory,
)
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_fragment_cache(settings):
    """Count what a render costs when "More To Explore", the body and the
    lists are not cached (after a change to what they show): that must not
    grow either."""
    settings.PAGE_FRAGMENT_CACHE_ENABLED = False


# Compared with a standard page (same chrome; both routes kept by path, so
# the depth makes no difference): article: its blog index (the links to
# its topics, tags and feeds), its author and reviewer (with photos and
# profile pages, one query), its topics, its tags, the related articles and
# their image renditions (2).
ARTICLE_OWN_QUERIES = 6
# index: count, page of articles, their topics, their image renditions, the
# topic filter; a topic page also looks the topic up.
INDEX_OWN_QUERIES = 5
TOPIC_OWN_QUERIES = 6


def cold_render(client, url):
    """(response, queries) of an uncached render."""
    client.get(url)  # warm the caches (renditions, site root paths, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def count_queries(client, url):
    return cold_render(client, url)[1]


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


def test_article_query_count_does_not_grow_with_related_content(client, blog_index):
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

    response, queries = cold_render(client, article.url)
    assert queries == small
    assert len(BeautifulSoup(response.content, "html.parser").select(".related li")) == 3


def test_index_query_count_does_not_grow_with_articles(client, blog_index):
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
    assert count_queries(client, blog_index.url) == small
    assert count_queries(client, f"{blog_index.url}topic/{topics[0].slug}/") == topic_small


def test_lists_of_articles_do_not_read_their_bodies(client, blog_index):
    """A list shows cards (title, date, summary, image, topics): the bodies,
    most of each row, stay in the database, so a page of cards costs the same
    however long the articles are."""
    topic = TopicFactory()
    article = ArticlePageFactory(parent=blog_index, topics=[topic], tags=["shared"])
    ArticlePageFactory(parent=blog_index, topics=[topic], tags=["shared"])
    for url in [blog_index.url, f"{blog_index.url}topic/{topic.slug}/", article.url]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        cards = BeautifulSoup(response.content, "html.parser").select(".article-card")
        assert cards, url
        bodies = [q for q in ctx.captured_queries if '"blog_articlepage"."body"' in q["sql"]]
        # The article page reads its own body (one row), no list does.
        assert len(bodies) == (1 if url == article.url else 0), url


def rich_article(blog_index, **fields):
    return ArticlePageFactory(
        parent=blog_index,
        hero_image=wagtail_factories.ImageFactory(),
        author=PersonFactory(photo=wagtail_factories.ImageFactory()),
        medical_reviewer=PersonFactory(photo=wagtail_factories.ImageFactory()),
        **fields,
    )


def test_what_an_article_adds_to_a_standard_page(client, home_page, blog_index):
    parent = StandardPageFactory(parent=home_page, slug="section")
    baseline = count_queries(client, StandardPageFactory(parent=parent, slug="page").url)
    topic = TopicFactory()
    article = rich_article(blog_index, topics=[topic], tags=["sleep"])
    for _ in range(4):
        rich_article(blog_index, topics=[topic])
    assert count_queries(client, article.url) == baseline + ARTICLE_OWN_QUERIES


def test_what_the_index_and_topic_pages_add_to_a_standard_page(client, home_page, blog_index):
    baseline = count_queries(client, StandardPageFactory(parent=home_page, slug="about").url)
    topic = TopicFactory()
    for _ in range(3):
        rich_article(blog_index, topics=[topic, TopicFactory()])
    assert count_queries(client, blog_index.url) == baseline + INDEX_OWN_QUERIES
    topic_url = f"{blog_index.url}topic/{topic.slug}/"
    assert count_queries(client, topic_url) == baseline + TOPIC_OWN_QUERIES
