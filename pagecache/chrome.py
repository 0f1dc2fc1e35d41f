"""What every page shows around its content (settings, menus, footer clinics),
kept in the shared cache so that a page render does not query it again.

Entries are keyed by the version of the "chrome" tag, which every change to
a site setting, a menu's target page or a clinic purges (pagecache.signals):
a purge makes every app server rebuild them on its next render.
"""

import contextvars
import copy
import hashlib
import threading

from django.conf import settings
from django.http.request import split_domain_port

from . import tags as cache_tags

SECONDS = 24 * 3600

# Each app server also keeps the entries it has read in its own memory. Their
# keys carry the chrome version, which is read from the shared cache once per
# request, so a purge reaches every server as quickly as without this copy;
# it only saves the round trip and the unpickling. Values kept here are shared
# by every request of the process: callers copy before they change anything.
_local = {}
_local_lock = threading.Lock()
LOCAL_MAX_ENTRIES = 200

# The request being served (set by PageCacheMiddleware): code that has no
# request at hand (e.g. Page.get_view_restrictions) still shares its memo.
current_request = contextvars.ContextVar("pagecache_current_request", default=None)


def local_get(key):
    """An entry from this process's copy, else from the shared cache (then
    kept here). ``key`` must carry the versions the value depends on."""
    value = _local.get(key)
    if value is None:
        value = cache_tags.cache().get(key)
        if value is not None:
            remember(key, value)
    return value


def get_or_build(key, build):
    """The entry at ``key`` (this process's copy, else the shared cache), or
    ``build()``'s value, stored in both. ``key`` must carry the versions the
    value depends on."""
    value = local_get(key)
    if value is None:
        value = build()
        store(key, value)
    return value


def store(key, value):
    cache_tags.cache().set(key, value, SECONDS)
    remember(key, value)


def remember(key, value):
    with _local_lock:
        if len(_local) >= LOCAL_MAX_ENTRIES:
            _local.clear()  # old versions' entries go with it
        _local[key] = value


def request_versions(request=None):
    """{tag: version} of the chrome and the route table (pagecache.routes), read
    together in one round trip and memoised on the request."""
    if request is None:
        request = current_request.get()
    versions = getattr(request, "_pagecache_versions", None) if request is not None else None
    if versions is None:
        versions = cache_tags.versions_for_storing([cache_tags.CHROME, cache_tags.ROUTES])
        if request is not None:
            request._pagecache_versions = versions
    return versions


def cached(name, build, request=None):
    """``build()``'s value, shared by every app server until the chrome changes.
    Memoised on ``request`` too: one cache round trip per request and name."""
    if request is None:
        request = current_request.get()
    memo = getattr(request, "_pagecache_chrome", None) if request is not None else None
    if memo is not None and name in memo:
        return memo[name]
    version = request_versions(request)[cache_tags.CHROME]
    value = get_or_build(f"{cache_tags.KEY_PREFIX}chrome:{version}:{name}", build)
    if request is not None:
        if memo is None:
            memo = request._pagecache_chrome = {}
        memo[name] = value
    return value


def cached_setting(model, site, select_related=(), request=None):
    """A site setting instance (with its foreign keys) from the shared cache.
    Shared by the process's requests: copy it before changing it."""

    def build():
        queryset = model.objects.select_related(*select_related)
        # The pickled copy must not carry a request.
        instance = queryset.filter(site=site).first()
        if instance is None:
            created, _ = model.objects.get_or_create(site=site)
            instance = queryset.get(pk=created.pk)  # without the request's Site
        return instance

    return cached(f"setting:{model._meta.label_lower}:{site.pk}", build, request)


def cached_setting_for_request(model, request, site, select_related=()):
    """Like ``model.for_request(request)``, from the shared cache."""
    attr = model.get_cache_attr_name()
    if hasattr(request, attr):
        return getattr(request, attr)
    # A copy: the cached instance is shared by every request of the process.
    instance = copy.copy(cached_setting(model, site, select_related, request))
    instance._request = request
    setattr(request, attr, instance)
    return instance


def link_list(links):
    """Plain data of a stream of home.blocks.LinkBlock (picklable, no pages)."""
    return [
        {"href": block.value.href, "text": block.value.text, "is_external": block.value.is_external}
        for block in links
    ]


class CachedSiteSettingMixin:
    """``for_request`` (what templates' {{ settings }} use) from the shared
    cache; ``for_site`` (the admin) still reads the database."""

    @classmethod
    def for_request(cls, request):
        from wagtail.models import Site

        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        return cached_setting_for_request(cls, request, site, cls.select_related or ())


def site_for_request(request):
    """Wagtail's ``Site.find_for_request`` without its query: the site each
    host name and port resolves to, from the chrome cache (a Site change
    purges the chrome). Sets ``request._wagtail_site``, where Wagtail looks
    first, so routing, settings and URLs of the request all use it."""
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def build():
        try:
            return get_site_for_hostname(hostname, port)  # with its root page
        except Site.DoesNotExist:
            return False  # cached too: "no site" is an answer

    shared = cached(f"site-for:{hostname}:{port}", build, request)
    site = None
    if shared:
        # Copies: Page caches its specific instance on itself, and the shared
        # objects must not carry one request's state to the next.
        site = copy.copy(shared)
        root = shared._state.fields_cache.get("root_page")
        if root is not None:
            site._state.fields_cache["root_page"] = copy.copy(root)
    request._wagtail_site = site
    return site


def any_view_restrictions():
    """Whether any page has a privacy setting (see BasePage.get_view_restrictions)."""
    from wagtail.models import PageViewRestriction

    return cached("any-page-view-restriction", PageViewRestriction.objects.exists)


def cached_by_tags(name, tags, build):
    """``build()``'s value, kept in the shared cache under the versions of
    ``tags`` (see pagecache.tags): as fresh as a cached page that depends on
    them. For values derived from published content, e.g. an article's
    reading time, which only its own publishing changes. Off (always
    ``build()``) with the setting PAGE_FRAGMENT_CACHE_ENABLED = False, as
    the query-count tests of cold renders do."""
    if not getattr(settings, "PAGE_FRAGMENT_CACHE_ENABLED", True):
        return build()
    tags = sorted(set(tags))
    versions = cache_tags.versions_for_storing(tags)
    # Hashed: names and tag lists can be long (memcached allows 250 bytes).
    raw = name + "|" + "|".join(f"{tag}={versions[tag]}" for tag in tags)
    key = f"{cache_tags.KEY_PREFIX}derived:{hashlib.sha256(raw.encode()).hexdigest()}"
    return get_or_build(key, build)
