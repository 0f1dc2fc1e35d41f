"""How a page type takes part in the page cache: the one protocol the apps use.

A page type mixes in ``CacheablePage`` (every public page does, through
core.pages.BasePage) and overrides what applies to it:

``get_cache_tags()``
    Tags of what the page shows besides itself and the chrome (which every
    page depends on): ``"children:<path>"`` for a listing of a page's
    children, ``"model:<app.model>"`` for snippets, ``"listing:<app.model>"``
    for the newest pages of a type wherever they are (pagecache.tags builds
    them). A cached copy becomes stale when one of them is purged.

``get_purge_tags()``
    Tags that publishing, unpublishing, moving or deleting a page of this
    type purges besides its own, its parent's listing and the pages linking
    to it: e.g. an article purges ``listing:blog.articlepage`` (the home
    page's newest articles).

``shown_in_site_chrome``
    True when every page shows pages of this type (the footer's clinics):
    a change to one purges ``"chrome"``, so every page.

``cache_query_parameters``
    Query parameters the page may be stored with (``("page",)``). A value
    is stored only once the page's code vouched for it with
    ``accept_query_value(request, name)`` (a page number that exists, a live
    clinic's slug); any other query string is served as rendered, not stored.

Per-visitor values in a cached page (a form's tokens) are stored as
placeholders: the page calls ``mark_fresh(request, name, arg, value)`` for
each, and ``register_fresh_value(name, function)`` says how a hit makes a
new one (``function(request, arg)``). The CSRF token is handled already.
``register_fresh_value(name, function, before_django=True)`` says the
function needs nothing but the request's headers, cookies and the settings
(no database, session, user or language): a page whose every placeholder
is such may be answered before Django (pagecache.wsgi).

Values that many pages share (settings, menus: ``pagecache.chrome.cached``)
and costly parts of a page (``pagecache.chrome.cached_by_tags`` and the
``{% cache_by_tags %}`` tag) are kept under the same tags, as fresh as the
page cache. docs/caching.md lists every cache the site keeps.
"""


class CacheablePage:
    """Mixed into every public page type (see the module's documentation)."""

    cache_query_parameters = ()
    shown_in_site_chrome = False

    def get_cache_tags(self):
        return set()

    def get_purge_tags(self):
        return set()


def accept_query_value(request, name):
    """Called by a page that checked the value of query parameter ``name``
    (declared in its ``cache_query_parameters``) and found it one of its
    own: the page may be stored with it."""
    accepted = getattr(request, "page_cache_accepted", None)
    if accepted is None:
        accepted = request.page_cache_accepted = set()
    accepted.add(name)


def _csrf_value(request, arg):
    """A CSRF token for this visitor, as {% csrf_token %} renders it (Django's
    ``get_token``, which also has CsrfViewMiddleware set the visitor's cookie)."""
    from django.middleware.csrf import get_token

    return get_token(request)


# name -> function(request, arg) giving the value a placeholder stands for.
FRESH_VALUES = {"csrf": _csrf_value}
# The names whose function needs no more than the request's headers, cookies
# and the settings: pagecache.wsgi may make them before Django.
FRESH_BEFORE_DJANGO = {"csrf"}


def register_fresh_value(name, func, before_django=False):
    FRESH_VALUES[name] = func
    if before_django:
        FRESH_BEFORE_DJANGO.add(name)
    else:
        FRESH_BEFORE_DJANGO.discard(name)


def mark_fresh(request, name, arg, rendered_value):
    """Tell the cache that ``rendered_value`` in this response is per visitor:
    it is stored as a placeholder and ``FRESH_VALUES[name](request, arg)``
    replaces it on every hit."""
    fresh = getattr(request, "page_cache_fresh", None)
    if fresh is None:
        fresh = request.page_cache_fresh = []
    fresh.append((name, str(arg), rendered_value))
