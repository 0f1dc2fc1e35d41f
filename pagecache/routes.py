"""Routing by URL path without walking the page tree.

Wagtail finds a page by asking for the request's Site (one query), the root
page in the URL's language (two), then each URL level's child and its
specific row (two per level). The answer rarely changes, so it is kept in
the shared cache as plain data: for a Site, a language and a path, the
page's id and content type and the path's part below the page (a routable
page's sub-path, e.g. a blog topic). A render then loads the page with one
query (its specific model's manager) and lets the page route the rest
itself, as Wagtail would (``Page.route``: a page no longer live is a 404;
``RoutablePageMixin.route``: its sub-path's view).

What it hands Wagtail goes through Wagtail's own per-request memos, which
its docstrings name: ``request._wagtail_site`` (``Site.find_for_request``)
and ``request._wagtail_route_for_request`` (``Page.route_for_request``, what
``wagtail.views.serve`` calls). A Wagtail that stopped reading them would
route as before (and the query-count tests would say so).

Exact purges: an entry records the versions of the tags ``chrome`` (Sites,
locales, the home pages) and ``page:<id>`` of the page and of each of its
ancestors, checked on every read. Publishing, unpublishing, renaming,
moving or deleting the page or any page above it purges one of them
(pagecache.signals), so a path never leads to where it no longer leads.
Only successful routes are kept: a path that was a 404 is routed afresh.

With the cache down every request is routed by Wagtail (a miss; nothing is
stored).
"""

import hashlib

from django.utils import translation

from . import tags as cache_tags
from .sites import site_for_request

KEY_PREFIX = f"{cache_tags.KEY_PREFIX}route:"
SECONDS = 24 * 3600


def route_key(site_id, language, path):
    raw = f"{site_id}|{language}|{path}"
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def components(path):
    return [component for component in path.split("/") if component]


def prime(request, path):
    """Before ``wagtail.views.serve`` runs for ``path``: give Wagtail the
    request's Site and, when the cache knows it, the route (one query, the
    page), so that Wagtail does not look them up. On a miss, the request
    remembers its key: ``remember`` stores what Wagtail found."""
    if hasattr(request, "_wagtail_route_for_request"):
        return
    site = getattr(request, "_wagtail_site", None) or site_for_request(request)
    if site is None:
        return
    # What Site.find_for_request memoises and returns (no query).
    request._wagtail_site = site
    key = route_key(site.pk, translation.get_language(), path)
    result = cached_route(request, key, components(path))
    if result is not None:
        request._wagtail_route_for_request = result
    else:
        request.pagecache_route = (key, site, components(path))


def cached_route(request, key, path_components):
    from django.contrib.contenttypes.models import ContentType
    from django.http import Http404

    entry = cache_tags.cache().get(key)
    if not isinstance(entry, dict) or "tags" not in entry:
        return None
    if cache_tags.current_versions(entry["tags"]) != entry["tags"]:
        return None  # the page or a page above it changed
    if path_components[: len(path_components) - len(entry["rest"])] != entry["consumed"]:
        return None
    model = ContentType.objects.get_for_id(entry["content_type"]).model_class()
    if model is None:
        return None
    try:
        related = getattr(model, "route_select_related", ())
        page = model.objects.select_related(*related).get(pk=entry["page"])
        return page.route(request, list(entry["rest"]))
    except (model.DoesNotExist, Http404):
        return None  # Wagtail routes it (and answers its 404)


def remember(page, request):
    """From the ``before_serve_page`` hook: store the route Wagtail found
    for a request that missed (``prime``)."""
    pending = getattr(request, "pagecache_route", None)
    if pending is None:
        return
    request.pagecache_route = None
    key, site, path_components = pending
    root_path = root_path_for(site)
    if root_path is None or not page.url_path.startswith(root_path):
        return
    consumed = components(page.url_path[len(root_path) :])
    if path_components[: len(consumed)] != consumed:
        return  # not a plain walk down the tree: not kept
    ancestors = page.get_ancestors().values_list("pk", flat=True)
    tags = {cache_tags.CHROME, cache_tags.page_tag(page)}
    tags |= {cache_tags.page_tag(pk) for pk in ancestors}
    versions = cache_tags.versions_for_storing(tags)
    if versions is None:
        return
    entry = {
        "page": page.pk,
        "content_type": page.content_type_id,
        "consumed": consumed,
        "rest": path_components[len(consumed) :],
        "tags": versions,
    }
    cache_tags.cache().set(key, entry, SECONDS)


def root_path_for(site):
    """The url_path of the Site's root page in the active language (from
    Wagtail's site root paths, which it keeps in Django's cache)."""
    from wagtail.models import Site

    language = translation.get_language()
    paths = [path for path in Site.get_site_root_paths() if path.site_id == site.pk]
    for path in paths:
        if path.language_code == language:
            return path.root_path
    return paths[0].root_path if len(paths) == 1 else None
