"""``{% cache_by_tags "name" tags %}...{% endcache_by_tags %}``: a part of a
page kept in the shared cache under the versions of the cache tags it
depends on (pagecache.tags), so that it is exactly as fresh as the page
cache: any change that would make a page showing it stale makes it stale.

For parts that cost much and are the same for every visitor, e.g. an
article's "More To Explore" list. A render the page cache cannot serve (a
query string, a logged-in editor) reuses them; any change that purges one of
``tags`` rebuilds them. Never used in previews (unsaved content).
"""

from django import template
from wagtail.models import Site

from ..chrome import cached_by_tags

register = template.Library()


class CacheByTagsNode(template.Node):
    def __init__(self, nodelist, name, tags):
        self.nodelist = nodelist
        self.name = name
        self.tags = tags

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        tags = self.tags.resolve(context)
        if not tags:
            return self.nodelist.render(context)
        # URLs in the HTML may be absolute (the Site's root URL): one entry
        # per Site, never per Host header.
        site = Site.find_for_request(request)
        name = f"fragment:{self.name.resolve(context)}:{getattr(site, 'pk', '')}"
        return cached_by_tags(name, tags, lambda: self.nodelist.render(context))


@register.tag
def cache_by_tags(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name and a list of cache tags")
    nodelist = parser.parse(("endcache_by_tags",))
    parser.delete_first_token()
    return CacheByTagsNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))
