"""An article's "More to explore": pinned articles first, then articles
sharing a topic or tag, newest first (one query)."""

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)

from .listings import exclude_private, for_cards
from .taxonomy import ArticlePageTag

# Articles under "More to explore".
RELATED_ARTICLE_COUNT = 3


def related_articles(article, request=None):
    """The articles under ``article``'s "More to explore": never itself,
    never a draft."""
    from .articles import ArticlePage, ArticlePageRelatedArticle

    if not article.path:
        return []
    candidates = exclude_private(ArticlePage.objects.live().sibling_of(article, inclusive=False))
    if article.pk and not getattr(request, "is_preview", False):
        pins = ArticlePageRelatedArticle.objects.filter(
            page_id=article.pk, article_id=OuterRef("pk")
        )
        pinned = Exists(pins)
        pin_rank = pins.order_by("sort_order").values("sort_order")[:1]
        candidates = candidates.annotate(is_pinned=pinned, pin_rank=Subquery(pin_rank))
    else:
        # Preview: the pins are the editor's unsaved choices, in memory.
        pinned_ids = [
            link.article_id for link in article.pinned_related_articles.all() if link.article_id
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
    topic_ids = [topic.pk for topic in article.topic_list]
    tag_ids = [tag.pk for tag in article.tag_list]
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
                ArticlePageTag.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids)
            )
        )
    return for_cards(candidates.filter(condition)).order_by(
        F("is_pinned").desc(),
        F("pin_rank").asc(nulls_last=True),
        "-date",
        "-first_published_at",
        "-pk",
    )[:RELATED_ARTICLE_COUNT]
