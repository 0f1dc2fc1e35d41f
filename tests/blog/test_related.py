""" "More To Explore": pinned first, then shared topics and tags; constant queries."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from tests.factories.blog import ArticlePageFactory, PinnedArticleFactory, TopicFactory

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
