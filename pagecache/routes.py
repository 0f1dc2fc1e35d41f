"""Routing from the cache: which page a URL path led to, so that a render that
the page cache cannot serve (a query string, a logged-in editor, a purge)
fetches its page with one query instead of walking the tree.

Wagtail routes /locations/portland/ by loading the site's root page, its
child "locations" and that child's specific row, then the clinic: four
queries of wide page rows, about a third of a small page's render (most of
it Django building the SQL of a multi-table page with its images: ~3 ms a
query here, against ~0.3 ms for the database). The first time a path is
served, the page it led to (with the related rows its type names in
``SERVE_RELATED``, and its parent for page types that show it) is recorded,
pickled, under the "routes" tag, which saving, publishing, unpublishing,
moving or deleting any page and saving any image, document or snippet purge
(pagecache.signals), and under the chrome version (Site changes). The next
request for that path unpickles its own copy of those objects and sets
Wagtail's own per-request route (``request._wagtail_route_for_request``), so
``wagtail.views.serve`` and everything after it run unchanged: privacy
checks, ``before_serve_page`` hooks, the page's ``serve``.

What is recorded is the page and the rest of the path below it (a routable
page's sub-route, e.g. /blog/topic/sleep/): on a hit the page's own
``route()`` resolves that rest, as it did when the route was recorded, and
checks that the page is live. A recorded page is used only if its row (and
its parent's) still has the same URL path, live flag and publishing time,
which one plain query checks: a change made without Wagtail's signals (e.g.
an update in a shell script) falls back to routing.
"""

import copy
import hashlib
import pickle

from django.db import connection
from django.db.models import Model
from django.db.models.base import ModelState
from django.http import Http404
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Page

from . import tags as cache_tags
from .chrome import local_get, request_versions, store

# Part of the key: a release that changes what an entry holds starts afresh.
FORMAT = 3


def _key(request, site):
    versions = request_versions(request)
    path = hashlib.sha256(request.path_info.encode()).hexdigest()[:32]
    return (
        f"{cache_tags.KEY_PREFIX}route{FORMAT}:{versions[cache_tags.CHROME]}:"
        f"{versions[cache_tags.ROUTES]}:{site.pk}:{path}"
    )


ROW_STATE = ("id", "live", "url_path", "last_published_at")


def _row_state(page):
    return [getattr(page, name) for name in ROW_STATE]


def _unchanged(objects):
    """Whether the rows of ``objects`` (pages) still say what their recorded
    copies say: one small query without the ORM's SQL building, its values
    converted as the ORM would (e.g. SQLite's naive datetimes)."""
    table = Page._meta.db_table
    columns = [Page._meta.get_field(name).get_col(table) for name in ROW_STATE]
    converters = [
        (connection.ops.get_db_converters(col) + col.get_db_converters(connection), col)
        for col in columns
    ]
    ids = [obj.pk for obj in objects]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(ROW_STATE)} FROM {table} "  # noqa: S608 - our own names
            f"WHERE id IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        rows = {}
        for row in cursor.fetchall():
            values = []
            for value, (functions, col) in zip(row, converters, strict=True):
                for convert in functions:
                    value = convert(value, col, connection)
                values.append(value)
            rows[values[0]] = values
    return all(rows.get(obj.pk) == _row_state(obj) for obj in objects)


def use_cached_route(request, site):
    """Set the request's Wagtail route from the cache, if it is there and valid."""
    if site is None or request.method not in ("GET", "HEAD"):
        return
    request._pagecache_route_key = key = _key(request, site)
    entry = local_get(key)
    if not isinstance(entry, dict) or "objects" not in entry:
        return
    # This request's own copies: the entry is shared by the process's requests.
    page, parent = pickle.loads(entry["objects"])  # noqa: S301 - written by record_route
    root_path = site.root_page.url_path
    if page.url_path != root_path + entry["path"]:
        return  # a Site's root page changed: route as usual
    if not _unchanged([page] if parent is None else [page, parent]):
        return  # changed behind Wagtail's back: route as usual
    if parent is not None:
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
    parent = getattr(page, "_cached_parent_obj", None)
    if not getattr(page, "ROUTE_WITH_PARENT", False):
        parent = None
    copies = (_page_copy(page), parent and _page_copy(parent))
    _attach_renditions(copies)
    entry = {
        "path": path,
        "rest": [part for part in requested[len(path) :].split("/") if part],
        "objects": pickle.dumps(copies, pickle.HIGHEST_PROTOCOL),
    }
    store(key, entry)


def _images(value, found):
    """The images among the kept objects (and their related objects)."""
    if isinstance(value, list | tuple):
        for item in value:
            _images(item, found)
    elif isinstance(value, AbstractImage):
        found.setdefault(value.pk, []).append(value)
    elif isinstance(value, Model):
        for related in value._state.fields_cache.values():
            _images(related, found)
        for kept in getattr(value, "ROUTE_KEEPS", ()):
            _images(value.__dict__.get(kept), found)
    return found


def _attach_renditions(copies):
    """Give each kept image its renditions (one query), as Wagtail's own
    prefetching does: a render then finds them on the image instead of asking
    the rendition cache twice per picture. A size made later is looked up as
    usual; a deleted rendition purges the route table (pagecache.signals)."""
    images = _images(list(copies), {})
    if not images:
        return
    renditions = {pk: [] for pk in images}
    model = get_image_model().get_rendition_model()
    for rendition in model.objects.filter(image_id__in=list(images)):
        renditions[rendition.image_id].append(rendition)
    for pk, same in images.items():
        for image in same:
            image.prefetched_renditions = [copy.copy(r) for r in renditions[pk]]
            for rendition in image.prefetched_renditions:
                rendition._state = copy.copy(rendition._state)
                rendition._state.fields_cache = {"image": image}


def _page_copy(page):
    """What the route table keeps of a served page: its row, the related rows
    its type names in ``SERVE_RELATED`` and ``ROUTE_KEEPS_RELATED`` (e.g.
    "author__photo"), and the values of the attributes it names in
    ``ROUTE_KEEPS`` (cached properties computed from the page's own rows and
    snippets, e.g. a clinic's opening hours), as far as this render loaded
    them. Everything kept must change only with a save of a page, image,
    document or snippet, which purges the route table."""
    related = (*getattr(page, "SERVE_RELATED", ()), *getattr(page, "ROUTE_KEEPS_RELATED", ()))
    clone = _row_copy(page, related)
    for name in getattr(page, "ROUTE_KEEPS", ()):
        if name in page.__dict__:
            clone.__dict__[name] = _plain(page.__dict__[name])
    return clone


def _plain(value):
    if isinstance(value, Page):
        return _page_copy(value)
    if isinstance(value, Model):
        return _row_copy(value)
    if isinstance(value, list | tuple):
        return type(value)(_plain(item) for item in value)
    return value


def _row_copy(obj, related=()):
    """``obj`` as its row says, without what a render hung on it (cached
    properties, the request, the parent), with copies of the related objects
    named in ``related`` (``__`` for a relation of a relation) that were
    loaded. A relation not loaded stays lazy."""
    clone = obj.__class__.__new__(obj.__class__)
    values = obj.__dict__
    clone.__dict__.update(
        {f.attname: values[f.attname] for f in obj._meta.concrete_fields if f.attname in values}
    )
    clone._state = ModelState()
    clone._state.adding = False
    clone._state.db = obj._state.db
    nested = {}
    for name in related:
        head, _, rest = name.partition("__")
        nested.setdefault(head, [])
        if rest:
            nested[head].append(rest)
    loaded = obj._state.fields_cache
    for name, rest in nested.items():
        if name in loaded:
            value = loaded[name]
            clone._state.fields_cache[name] = None if value is None else _row_copy(value, rest)
    return clone
