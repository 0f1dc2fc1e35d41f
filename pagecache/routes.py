"""Routes kept by path: which page a URL shows, without walking the tree.

Wagtail finds the page for a URL one level at a time (``Page.route``): the
active Locale, the home page in that language and its specific row, then
each level's child and its specific row, 3 to 5 queries before the page
itself renders, and a third of an uncached article's time. The answer
changes only when pages are published, unpublished, moved or deleted, or a
Site or Locale changes, so it is kept in the shared cache by Site, language
and path: the page's id, its type and the path components the page routes
itself (a routable page's sub-path, e.g. a blog's ``topic/anxiety/``). Plain
data, never a model instance; under the tag ``routes``, which each of those
changes purges (pagecache.signals).

``serve`` stands in front of Wagtail's own view (clinic_site/urls.py) and
only with public APIs: a kept route loads its page by id (one query, with
the type's ``SERVE_RELATED``), asks the page itself to route the rest
(``Page.route``: a page unpublished since is a 404 there, a routable page
resolves its sub-path) and serves it as Wagtail's view does, through the
``on_serve_page`` and ``before_serve_page`` hooks (privacy, passwords,
the language redirect and the page cache's own marks all run as before).
Anything else (no kept route, the page gone, the cache down) is Wagtail's
view, which routes the long way and, through the page cache's
``before_serve_page`` hook, keeps the route for the next request.
"""

import hashlib

from django.apps import apps
from django.http import Http404, HttpResponse
from django.utils import translation
from wagtail import hooks
from wagtail import views as wagtail_views
from wagtail.models import Site

from . import tags as cache_tags
from .sites import site_id_for_request

ROUTES = cache_tags.ROUTES
SECONDS = 24 * 3600


def route_key(site_id, language, path):
    raw = f"{site_id}|{language}|{path}"
    return f"{cache_tags.KEY_PREFIX}route:{hashlib.sha256(raw.encode()).hexdigest()}"


def components(path):
    return [component for component in path.split("/") if component]


def lookup(request, path):
    """(page, serve args, serve kwargs) for a kept route, or None."""
    site_id = site_id_for_request(request)
    if site_id is None:
        return None
    key = route_key(site_id, translation.get_language(), path)
    tag_key = cache_tags.tag_key(ROUTES)
    found = cache_tags.cache().get_many([key, tag_key])
    entry, version = found.get(key), found.get(tag_key)
    if version is not None:
        cache_tags.note_versions({ROUTES: version})
    if version is None and cache_tags.versions_for_storing([ROUTES]) is None:
        entry = cache_tags.outage_get(key)  # the cache is down: this process's
    elif not isinstance(entry, dict) or version is None or entry.get("version") != version:
        return None  # not kept, or kept before a change
    if not isinstance(entry, dict):
        return None
    try:
        model = apps.get_model(entry["model"])
    except (LookupError, ValueError):
        return None  # a page type removed since
    related = getattr(model, "SERVE_RELATED", ())
    page = model.objects.select_related(*related).filter(pk=entry["page"]).first()
    if page is None:
        return None  # deleted since (its purge may still be on its way)
    # The page routes its own part (a routable page's sub-path) and says 404
    # when it is no longer live, as when Wagtail routes to it.
    request.page_cache_route_kept = True
    return page.route(request, entry["rest"])


def remember(request, page):
    """Called by the page cache's ``before_serve_page`` hook for the page
    Wagtail routed to: kept for the request's path."""
    path = getattr(request, "page_cache_route_path", None)
    if path is None or getattr(request, "page_cache_route_kept", False):
        return  # not through ``serve``, or served from a kept route already
    site = Site.find_for_request(request)
    site_id = site_id_for_request(request)
    if site is None or site.pk != site_id:
        return  # the cached table of Sites disagrees with Wagtail: never keep
    parts = components(path)
    consumed = page.depth - site.root_page.depth
    if not 0 <= consumed <= len(parts):
        return  # a page outside the Site's tree (not a route by path)
    # The version read before Wagtail routed (``serve``): a change committed
    # meanwhile has purged it, and this entry is stale from the start.
    version = getattr(request, "page_cache_route_version", None)
    entry = {
        "page": page.pk,
        "model": page._meta.label_lower,
        "rest": parts[consumed:],
        "version": version,
    }
    key = route_key(site_id, translation.get_language(), path)
    if version is None:
        # The cache does not answer: kept a few seconds in this process only.
        cache_tags.outage_set(key, entry)
    else:
        cache_tags.cache().set(key, entry, SECONDS)


def serve_page(page, request, args, kwargs):
    """Serve a routed page as Wagtail's view does, through its documented
    hooks: ``on_serve_page`` wraps the serving, ``before_serve_page`` may
    answer first (a login for a private page, a redirect)."""

    def serve_chain(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        chain = fn(chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, args, kwargs)


def serve(request, path):
    """Wagtail's page serving, with the route kept by path."""
    request.page_cache_route_path = path
    try:
        found = lookup(request, path)
    except Http404:
        found = None  # unpublished since: Wagtail's own answer below
    if found is not None:
        page, args, kwargs = found
        return serve_page(page, request, args, kwargs)
    request.page_cache_route_kept = False
    versions = cache_tags.versions_for_storing([ROUTES])
    request.page_cache_route_version = versions[ROUTES] if versions else None
    return wagtail_views.serve(request, path)
