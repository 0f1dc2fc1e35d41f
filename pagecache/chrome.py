"""What every page shows around its content (settings, menus, footer clinics),
kept in the shared cache so that a page render does not query it again.

Entries are keyed by the version of the "chrome" tag, which every change to
a site setting, a menu's target page or a clinic purges (pagecache.signals):
a purge makes every app server rebuild them on its next render.
"""

from . import tags as cache_tags

SECONDS = 24 * 3600


def chrome_version():
    versions = cache_tags.versions_for_storing([cache_tags.CHROME])
    return versions[cache_tags.CHROME]


def cached(name, build, request=None):
    """``build()``'s value, shared by every app server until the chrome changes.
    Memoised on ``request`` too: one cache round trip per request and name."""
    memo = getattr(request, "_pagecache_chrome", None) if request is not None else None
    if memo is not None and name in memo:
        return memo[name]
    cache = cache_tags.cache()
    if request is not None and getattr(request, "_pagecache_chrome_version", None):
        version = request._pagecache_chrome_version
    else:
        version = chrome_version()
        if request is not None:
            request._pagecache_chrome_version = version
    key = f"{cache_tags.KEY_PREFIX}chrome:{version}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, SECONDS)
    if request is not None:
        if memo is None:
            memo = request._pagecache_chrome = {}
        memo[name] = value
    return value


def cached_setting(model, site, select_related=()):
    """A site setting instance (with its foreign keys) from the shared cache."""

    def build():
        queryset = model.objects.select_related(*select_related)
        # The pickled copy must not carry a request.
        instance = queryset.filter(site=site).first()
        if instance is None:
            created, _ = model.objects.get_or_create(site=site)
            instance = queryset.get(pk=created.pk)  # without the request's Site
        return instance

    return cached(f"setting:{model._meta.label_lower}:{site.pk}", build)


def cached_setting_for_request(model, request, site, select_related=()):
    """Like ``model.for_request(request)``, from the shared cache."""
    attr = model.get_cache_attr_name()
    if hasattr(request, attr):
        return getattr(request, attr)
    instance = cached_setting(model, site, select_related)
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
