"""RSS 2.0 and Atom feeds of a blog index (Django's syndication framework).

Served by the index's routes /blog/feed/rss/ and /blog/feed/atom/: the
newest live, public articles with their full title, link, dates, author,
topics and summary.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import strip_tags

FEED_LENGTH = 20


class ArticleRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index):
        super().__init__()
        self.index = index
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return self.index

    def title(self, obj):
        return obj.seo_pagetitle

    def link(self, obj):
        return obj.get_full_url(self.request)

    def feed_url(self, obj):
        route = "feed_atom" if self.feed_type is Atom1Feed else "feed_rss"
        return obj.listing_url(self.request, route)

    def description(self, obj):
        return obj.seo_description or strip_tags(obj.intro) or obj.title

    def subtitle(self, obj):
        return self.description(obj)

    def items(self, obj):
        return obj.articles().select_related("author").prefetch_related("topics")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        published = item.first_published_at
        if published and timezone.localtime(published).date() == item.date:
            return published
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_author_name(self, item):
        return item.author.display_name if item.author else None

    def item_categories(self, item):
        from .models.taxonomy import in_active_language

        return [topic.name for topic in in_active_language(item.topics.all())]


class ArticleAtomFeed(ArticleRssFeed):
    feed_type = Atom1Feed
