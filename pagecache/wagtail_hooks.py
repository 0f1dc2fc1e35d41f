from wagtail import hooks

from .tags import tags_for_page


@hooks.register("before_serve_page")
def mark_page_for_cache(page, request, serve_args, serve_kwargs):
    """Tell PageCacheMiddleware which page this response shows (and so which
    changes make it stale). Previews never run this hook: never cached."""
    request.page_cache_tags = tags_for_page(page)
