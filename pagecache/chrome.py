"""Values that many renders share (the menus' links, the footer's clinics,
whether any page is private, the default share image's URL, parts of pages),
kept in the shared cache so that a render does not compute them again.

Only plain data is kept (strings, numbers, lists, dicts: ``store`` refuses
anything else), never model instances: what a cache holds must still mean
the same after a Wagtail or Django upgrade. Entries are keyed by the
versions of the cache tags they depend on (pagecache.tags): "chrome" for
what every page shows, which every change to a site setting, a menu's
target page, a clinic or a Site purges (pagecache.signals).

With the cache down (no version can be read) each process keeps what it
computed for a few seconds (pagecache.tags.outage_get_or_build).
"""

import datetime
import hashlib
import threading

from django.conf import settings

from . import tags as cache_tags

SECONDS = 24 * 3600

# Each app server also keeps the entries it has read in its own memory. Their
# keys carry the versions they depend on, which are read from the shared
# cache once per request, so a purge reaches every server as quickly as
# without this copy; it only saves the round trip. Values are plain data
# shared by the process's requests: callers must not change them.
_local = {}
_local_lock = threading.Lock()
LOCAL_MAX_ENTRIES = 200

PLAIN_SCALARS = (str, bytes, int, float, bool, type(None), datetime.date, datetime.timedelta)


def is_plain(value):
    """Whether ``value`` is plain data (what the shared cache may hold)."""
    if isinstance(value, PLAIN_SCALARS):
        return True
    if isinstance(value, list | tuple):
        return all(is_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_plain(v) for k, v in value.items())
    return False


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
    """The entry at ``key`` or ``build()``'s value, then stored. ``key`` None
    (the cache could not give a version): built, not stored."""
    if key is None:
        return build()
    value = local_get(key)
    if value is None:
        value = build()
        store(key, value)
    return value


def store(key, value):
    if not is_plain(value):
        raise TypeError(f"Only plain data goes into the shared cache, not {type(value).__name__}")
    cache_tags.cache().set(key, value, SECONDS)
    remember(key, value)


def remember(key, value):
    with _local_lock:
        if len(_local) >= LOCAL_MAX_ENTRIES:
            _local.clear()  # old versions' entries go with it
        _local[key] = value


def forget_local():
    with _local_lock:
        _local.clear()


def chrome_version():
    """The version of the "chrome" tag (read once per request:
    pagecache.tags.request_scope); None when the cache does not answer."""
    versions = cache_tags.versions_for_storing([cache_tags.CHROME])
    return versions[cache_tags.CHROME] if versions else None


def cached(name, build, request=None):
    """``build()``'s value (plain data), shared by every app server until the
    chrome changes; memoised on ``request`` too (one lookup per name)."""
    memo = None
    if request is not None:
        memo = getattr(request, "pagecache_memo", None)
        if memo is None:
            memo = request.pagecache_memo = {}
        if ("chrome", name) in memo:
            return memo[("chrome", name)]
    version = chrome_version()
    if version is None:  # the cache is down
        value = cache_tags.outage_get_or_build(f"chrome:{name}", build)
    else:
        value = get_or_build(f"{cache_tags.KEY_PREFIX}chrome:{version}:{name}", build)
    if memo is not None:
        memo[("chrome", name)] = value
    return value


def any_view_restrictions(request=None):
    """Whether any page has a privacy setting (see BasePage.get_view_restrictions)."""
    from wagtail.models import PageViewRestriction

    return cached("any-page-view-restriction", PageViewRestriction.objects.exists, request)


class CachedSiteSettingMixin:
    """``for_request`` (what templates' {{ settings }} use) from the chrome
    cache: the row's field values kept as plain data (each field's
    ``get_prep_value``), and an instance built from them with the model's
    own constructor, once per request. Related objects load lazily, as on
    any instance: values shown on every page should come from plain cached
    properties (e.g. core.models.SiteSettings.consultation_link).
    ``for_site`` (the admin, emails) still reads the database."""

    @classmethod
    def for_request(cls, request):
        return setting_for_request(cls, request, super().for_request)


def setting_for_request(model, request, fallback=None):
    """A site setting (``BaseSiteSetting``) for ``request`` from the chrome
    cache, as ``CachedSiteSettingMixin.for_request`` reads it: for a settings
    model of another app (wagtail-seo's) without changing its class. Memoised
    on the request where Wagtail's own ``for_request`` looks, so that
    templates' ``{{ settings }}`` get the same instance without a query."""
    from wagtail.models import Site

    attr = model.get_cache_attr_name()
    if hasattr(request, attr):
        return getattr(request, attr)
    site = Site.find_for_request(request)
    if site is None:
        return (fallback or model.for_request)(request)

    def build():
        row = model.for_site(site)
        return {
            field.attname: field.get_prep_value(field.value_from_object(row))
            for field in model._meta.concrete_fields
        }

    values = cached(f"setting:{model._meta.label_lower}:{site.pk}", build, request)
    instance = model(**values)
    instance._state.adding = False
    setattr(request, attr, instance)
    return instance


def cached_by_tags(name, tags, build, fragment=True):
    """``build()``'s value (plain data), kept in the shared cache under the
    versions of ``tags`` (see pagecache.tags): as fresh as a cached page
    that depends on them. For values derived from published content, e.g.
    an article's reading time, which only its own publishing changes. Off
    (always ``build()``) with the setting PAGE_FRAGMENT_CACHE_ENABLED =
    False, as the query-count tests of cold renders do; ``fragment`` False
    for what is kept like the chrome whatever that setting says (e.g. a
    page's languages)."""
    if fragment and not getattr(settings, "PAGE_FRAGMENT_CACHE_ENABLED", True):
        return build()
    tags = sorted(set(tags))
    versions = cache_tags.versions_for_storing(tags)
    if versions is None:  # the cache is down
        return cache_tags.outage_get_or_build(f"derived:{name}|{'|'.join(tags)}", build)
    # Hashed: names and tag lists can be long (memcached allows 250 bytes).
    raw = name + "|" + "|".join(f"{tag}={versions[tag]}" for tag in tags)
    key = f"{cache_tags.KEY_PREFIX}derived:{hashlib.sha256(raw.encode()).hexdigest()}"
    return get_or_build(key, build)
