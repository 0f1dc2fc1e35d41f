"""Health articles: the blog index, articles, the people who write and review
them, topics and tags.

One module per concern; every name is importable from ``blog.models``.
"""

from people.models import Person

from ..body import strip_block_ids
from .articles import (
    MAX_PINNED_ARTICLES,
    RELATED_ARTICLE_COUNT,
    RESERVED_ANCHORS,
    REVIEW_INTERVAL,
    ArticlePage,
    ArticlePageRelatedArticle,
)
from .blog_index import BlogIndexPage
from .listings import CARD_IMAGE_FILTERS, CARD_IMAGE_SPEC, exclude_private, for_cards
from .review_records import MedicalReview, ReviewReminder
from .taxonomy import ArticlePageTag, Topic

__all__ = [
    "CARD_IMAGE_FILTERS",
    "CARD_IMAGE_SPEC",
    "MAX_PINNED_ARTICLES",
    "RELATED_ARTICLE_COUNT",
    "RESERVED_ANCHORS",
    "REVIEW_INTERVAL",
    "ArticlePage",
    "ArticlePageRelatedArticle",
    "ArticlePageTag",
    "BlogIndexPage",
    "MedicalReview",
    "Person",
    "ReviewReminder",
    "Topic",
    "exclude_private",
    "for_cards",
    "strip_block_ids",
]
