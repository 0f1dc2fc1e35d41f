from wagtail import hooks
from wagtail.models import Site

from .routes import remember as remember_route
from .tags import current_versions, tags_for_page


@hooks.register("before_serve_page")
def mark_page_for_cache(page, request, serve_args, serve_kwargs):
    """Tell PageCacheMiddleware which page this response shows (and so which
    changes make it stale), the Site Wagtail served it for and the query
    parameters its type may be cached with; and keep the route to it
    (pagecache.routes). Previews never run this hook: never cached."""
    request.page_cache_tags = tags_for_page(page)
    # Read before the render, in one round trip: the versions its fragments
    # (``shown_cache_tags``: images, routes) and the stored copy are kept
    # under (pagecache.tags.request_scope).
    shown = getattr(page, "shown_cache_tags", None)
    current_versions({*request.page_cache_tags, *(shown() if shown else ())})
    site = Site.find_for_request(request)
    request.page_cache_site_id = site.pk if site is not None else None
    request.page_cache_parameters = getattr(page, "cache_query_parameters", ())
    remember_route(request, page)
