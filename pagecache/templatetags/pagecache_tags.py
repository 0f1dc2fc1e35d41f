"""``{% cache_by_tags "name" tags %}...{% endcache_by_tags %}``: a part of a
page kept in the shared cache under the versions of the cache tags it
depends on (pagecache.tags), so that it is exactly as fresh as the page
cache: any change that would make a page showing it stale makes it stale.

For parts that cost much and are the same for every visitor, e.g. an
article's "More To Explore" list. A render the page cache cannot serve (a
query string, a logged-in editor) reuses them; any change that purges one of
``tags`` rebuilds them. Never used in previews (unsaved content).
"""

import hashlib

from django import template
from django.conf import settings

from .. import tags as cache_tags
from ..chrome import local_get, remember

register = template.Library()

SECONDS = 24 * 3600


class CacheByTagsNode(template.Node):
    def __init__(self, nodelist, name, tags):
        self.nodelist = nodelist
        self.name = name
        self.tags = tags

    def render(self, context):
        request = context.get("request")
        if (
            request is None
            or getattr(request, "is_preview", False)
            or not getattr(settings, "PAGE_FRAGMENT_CACHE_ENABLED", True)
        ):
            return self.nodelist.render(context)
        tags = sorted(set(self.tags.resolve(context) or ()))
        if not tags:
            return self.nodelist.render(context)
        versions = cache_tags.versions_for_storing(tags)
        site = getattr(request, "_wagtail_site", None)
        raw = "|".join(
            [self.name.resolve(context), str(getattr(site, "pk", "")), request.get_host()]
            + [f"{tag}={versions[tag]}" for tag in tags]
        )
        key = f"{cache_tags.KEY_PREFIX}fragment:{hashlib.sha256(raw.encode()).hexdigest()}"
        html = local_get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache_tags.cache().set(key, html, SECONDS)
            remember(key, html)
        return html


@register.tag
def cache_by_tags(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name and a list of cache tags")
    nodelist = parser.parse(("endcache_by_tags",))
    parser.delete_first_token()
    return CacheByTagsNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))
