"""Routing from the cache: which page a URL path led to, so that a render that
the page cache cannot serve (a query string, a logged-in editor, a purge)
fetches its page with one query instead of walking the tree.

Wagtail routes /locations/portland/ by loading the site's root page, its
child "locations" and that child's specific row, then the clinic: four
queries of wide page rows, about a third of a small page's render. The first
time a path is served, the page it led to (and its parent, for page types
that show it) is recorded under the "routes" tag, which publishing,
unpublishing, moving or deleting any page purges (pagecache.signals), and
under the chrome version (Site changes). The next request for that path sets
Wagtail's own per-request route (``request._wagtail_route_for_request``), so
``wagtail.views.serve`` and everything after it run unchanged: privacy
checks, ``before_serve_page`` hooks, the page's ``serve``.

What is recorded is the page and the rest of the path below it (a routable
page's sub-route, e.g. /blog/topic/sleep/): on a hit the page's own
``route()`` resolves that rest, as it did when the route was recorded, and
checks that the page is live. A recorded page is used only if it is still at
the same URL path: a change made without Wagtail's signals (e.g. a move in a
shell script) falls back to routing.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from . import tags as cache_tags
from .chrome import local_get, request_versions, store

# Part of the key: a release that changes what an entry holds starts afresh.
FORMAT = 2


def _key(request, site):
    versions = request_versions(request)
    path = hashlib.sha256(request.path_info.encode()).hexdigest()[:32]
    return (
        f"{cache_tags.KEY_PREFIX}route{FORMAT}:{versions[cache_tags.CHROME]}:"
        f"{versions[cache_tags.ROUTES]}:{site.pk}:{path}"
    )


def _specific(content_type_id, pk):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    queryset = model._default_manager.filter(pk=pk)
    related = getattr(model, "SERVE_RELATED", ())
    if related:  # (select_related() with no names would follow every key)
        queryset = queryset.select_related(*related)
    return queryset.first()


def use_cached_route(request, site):
    """Set the request's Wagtail route from the cache, if it is there and valid."""
    if site is None or request.method not in ("GET", "HEAD"):
        return
    request._pagecache_route_key = key = _key(request, site)
    entry = local_get(key)
    if not isinstance(entry, dict) or "rest" not in entry:
        return
    page = _specific(entry["type"], entry["page"])
    root_path = site.root_page.url_path
    if page is None or page.url_path != root_path + entry["path"]:
        return  # changed behind Wagtail's back: route as usual
    if entry.get("parent"):
        parent = _specific(entry["parent_type"], entry["parent"])
        if parent is None or parent.path != page.path[: -page.steplen]:
            return
        page._cached_parent_obj = parent  # as Wagtail's routing does
    try:
        # The page resolves the rest of the path itself and checks it is live.
        route = page.route(request, entry["rest"])
    except Http404:
        return  # let Wagtail's routing give the answer
    request._wagtail_route_for_request = route
    request._pagecache_route_from_cache = True


def record_route(request, response):
    """After a page was served: remember where its path led."""
    key = getattr(request, "_pagecache_route_key", None)
    if key is None or getattr(request, "_pagecache_route_from_cache", False):
        return
    if response.status_code != 200:
        return
    route = getattr(request, "_wagtail_route_for_request", None)
    if not route:
        return
    page = route[0]
    site = getattr(request, "_wagtail_site", None)
    if site is None or not page.live:
        return
    root_path = site.root_page.url_path
    if not page.url_path.startswith(root_path):
        return
    path = page.url_path[len(root_path) :]  # e.g. "blog/"
    requested = "/".join(part for part in request.path_info.split("/") if part) + "/"
    if requested == "/":
        requested = ""
    if not requested.startswith(path):
        return  # an alias or a custom route: not this path's page
    entry = {
        "page": page.pk,
        "type": page.content_type_id,
        "path": path,
        "rest": [part for part in requested[len(path) :].split("/") if part],
    }
    parent = getattr(page, "_cached_parent_obj", None)
    if getattr(page, "ROUTE_WITH_PARENT", False) and parent is not None:
        entry.update(parent=parent.pk, parent_type=parent.content_type_id)
    # Django keeps content types in process memory once read: read them now
    # so that this process's hits cost exactly the page queries.
    for type_id in (entry["type"], entry.get("parent_type")):
        if type_id:
            ContentType.objects.get_for_id(type_id)
    store(key, entry)
