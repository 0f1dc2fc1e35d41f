"""Lists of articles as cards (the blog index, topic and tag pages, "More To
Explore", the latest-articles section): what every such query shares."""

from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.functions import Length, Substr
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import PageViewRestriction

# Listing image (index, topic and tag pages, "More to explore"): the specs of
# the {% picture %} in blog/includes/article_card.html, prefetched in bulk.
CARD_IMAGE_SPEC = "fill-{400x267,800x533}|format-{avif,webp,jpeg}"
CARD_IMAGE_FILTERS = Filter.expand_spec(CARD_IMAGE_SPEC)


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
