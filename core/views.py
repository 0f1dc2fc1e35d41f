"""Site-wide views: search, robots.txt and error pages in the site's chrome."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

logger = logging.getLogger(__name__)


def clean_query(raw):
    """Bound and tidy a visitor's search query: no control characters, no megabytes."""
    raw = (raw or "")[: settings.SEARCH_QUERY_MAX_LENGTH * 4]
    cleaned = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(cleaned.split())[: settings.SEARCH_QUERY_MAX_LENGTH]


@require_safe
def search(request):
    query = clean_query(request.GET.get("q"))
    results = Page.objects.none()
    promotions = []
    if query:
        # Specific pages: each result shows its type and summary (one query per page type).
        from django.utils import translation

        from core.i18n import default_language
        from core.search import search_pages

        pages = search_scope(request, Page.objects.live().public().specific())
        # With the language's stemming on PostgreSQL (core.search).
        results = search_pages(pages, query, translation.get_language() or default_language())
        promotions = promoted_results(query, pages)
    # What apps add above the pages found (the people app: people by name),
    # first page only: HTML from each ``search_result_extras`` hook.
    extras = []
    if query and request.GET.get("page", "1") == "1":
        from wagtail import hooks

        # Each returns rendered (safe) HTML or "".
        extras = [
            html
            for hook in hooks.get_hooks("search_result_extras")
            if (html := hook(request, query))
        ]
    paginator = Paginator(results, settings.SEARCH_RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return render(
        request,
        "core/search_results.html",
        {
            "search_query": query,
            "search_results": page,
            # Editors' picks (Search terms › Promoted search results), first page only.
            "promotions": promotions if page.number == 1 else [],
            "extras": extras,
            "paginator": paginator,
            "pagination_query": urlencode({"q": query}),
        },
    )


def search_scope(request, pages):
    """``pages`` narrowed to the request's site in the request's language:
    /es/search/ searches the Spanish tree (the translation of the site's
    home page and what is below it), /search/ the English one."""
    from core.i18n import active_locale_id, in_active_locale

    site = Site.find_for_request(request)
    locale_id = active_locale_id(request)
    if site:
        root = (
            Page.objects.filter(translation_key=site.root_page.translation_key, locale_id=locale_id)
            .only("path", "depth")
            .first()
        )
        pages = pages.descendant_of(root, inclusive=True) if root else pages.in_site(site)
    return in_active_locale(pages, locale_id=locale_id)


def promoted_results(query, pages):
    """The editors' picks for this search (looked up, never recorded: a
    visitor's search writes nothing), live public pages of this site and
    external links, in the editors' order."""
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.search.utils import normalise_query_string

    picks = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    allowed = set(
        pages.filter(pk__in=[p.page_id for p in picks if p.page_id]).values_list("pk", flat=True)
    )
    return [
        {
            "title": pick.title,
            "url": pick.page.url if pick.page_id else pick.external_link_url,
            "description": pick.description,
            "external": not pick.page_id,
        }
        for pick in picks
        if (pick.page_id in allowed) or (not pick.page_id and pick.external_link_url)
    ]


@require_safe
def sitemap(request):
    """Wagtail's sitemap of every page in every language (core.sitemaps),
    kept by the proxy in front like the pages and purged with them
    (pagecache.frontend): crawlers read it often, and a page published
    appears in it at once."""
    from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

    from pagecache.middleware import shared_cache_control

    from .sitemaps import SiteSitemap

    response = wagtail_sitemap(request, sitemaps={"pages": SiteSitemap})
    if response.status_code == 200:
        shared_cache_control(response)
    return response


@require_safe
def robots_txt(request):
    from pagecache.middleware import shared_cache_control

    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    # Kept by the proxy, purged with the chrome (a Site's address changed).
    return shared_cache_control(response)


# Renditions are never changed in place: a new crop, focal point or file
# gets a new file name. Browsers and CDNs may keep them for a year.
IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable"


@require_safe
def media_image(request, path):
    """An image rendition from MEDIA_ROOT/images/ (SERVE_MEDIA), cached for a year."""
    from django.views.static import serve

    response = serve(request, path, document_root=settings.MEDIA_ROOT / "images")
    response["Cache-Control"] = IMMUTABLE_CACHE_CONTROL
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    """A request too big or with too many fields (or otherwise malformed): a clear 400.

    Rendered in the site's chrome when the database answers, else plainly.
    """
    try:
        return render(request, "400.html", status=400)
    except Exception:
        logger.warning("Could not render the 400 page with the site's chrome")
        return HttpResponseBadRequest(render_to_string("400_plain.html"))


def server_error(request):
    """The 500 page in the site's chrome, or a plain one if even that fails.

    Rendering the chrome needs the database (settings, menus); when the
    database is the reason for the error, fall back to a static page.
    A database that is down or restarting gets the 503 page ("please try
    again") instead: that is not a bug in the site.
    """
    import sys

    from django.db import InterfaceError, OperationalError

    from core.outage import unavailable_response

    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return unavailable_response(request)
    try:
        return HttpResponseServerError(render_to_string("500.html", request=request))
    except Exception:  # the chrome itself failed: don't fail the error page
        logger.exception("Could not render the 500 page with the site's chrome")
        return HttpResponseServerError(render_to_string("500_plain.html"))


@require_safe
def healthz(request):
    """Readiness for load balancers and docker-compose healthchecks.

    The database must answer (else 503: take this server out of rotation).
    A cache that does not answer is logged and reported as "degraded" with
    200, because pages still work without it (uncached) and failing every
    server at once over a cache outage would take the whole site down. The
    body names what is degraded and nothing else about the stack.
    """
    from django.core.cache import cache
    from django.db import connections

    # A fresh connection, not the request's (possibly pooled) one: this
    # answers "can this server connect to the database now?".
    connection = connections.create_connection("default")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.warning("Health check: database unavailable")
        return _health_response("unavailable", 503)
    finally:
        connection.close()
    try:
        cache.set("healthz", "1", 10)
        cache_ok = cache.get("healthz") == "1"
    except Exception:
        cache_ok = False
    if not cache_ok:
        logger.warning("Health check: cache unavailable")
        return _health_response("degraded: cache unavailable", 200)
    warm_outage_snapshot(cache)
    return _health_response("ok", 200)


def warm_outage_snapshot(cache):
    """Keep what the pages served without the database show in the cache
    (after a cache restart too, or a release that adds a part to it): the
    healthcheck runs every 30 seconds."""
    from core.outage import SNAPSHOT_KEY, remember_snapshot, snapshot_part_names

    snapshot = cache.get(SNAPSHOT_KEY)
    if snapshot is not None and snapshot_part_names() <= set(snapshot):
        return
    try:
        from core.models import SiteSettings

        site = Site.objects.filter(is_default_site=True).first()
        if site is not None:
            remember_snapshot(SiteSettings.for_site(site))
    except Exception:
        logger.warning("Health check: could not store the 503 page's snapshot")


def _health_response(text, status):
    response = HttpResponse(f"{text}\n", status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def csrf_failure(request, reason=""):
    """A form was sent without a valid CSRF token: explain, in the site's chrome."""
    return render(request, "403_csrf.html", status=403)


# The site's icons and web app manifest (core.icons): browsers ask for them
# on their own, so they are cheap and cached for a day.
ICON_CACHE_CONTROL = "public, max-age=86400"


def icon_view(kind, content_type):
    @require_safe
    def view(request):
        from .icons import icon_bytes

        response = HttpResponse(icon_bytes(kind, request), content_type=content_type)
        response["Cache-Control"] = ICON_CACHE_CONTROL
        return response

    view.__name__ = f"{kind.replace('-', '_')}_view"
    return view


favicon = icon_view("favicon", "image/x-icon")
apple_touch_icon = icon_view("apple-touch-icon", "image/png")
icon_192 = icon_view("icon-192", "image/png")
icon_512 = icon_view("icon-512", "image/png")


@require_safe
def web_manifest(request):
    """The web app manifest: the clinic's name and its icons."""
    import json

    from django.db import DatabaseError

    from .icons import BRAND
    from .models import SiteSettings

    try:
        name = SiteSettings.for_request(request).clinic_name
    except DatabaseError:
        name = ""
    colour = "#{:02x}{:02x}{:02x}".format(*BRAND)
    manifest = {
        "name": name,
        "short_name": name[:12] if name else "",
        "start_url": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": colour,
        "icons": [
            {"src": reverse("icon_192"), "sizes": "192x192", "type": "image/png"},
            {"src": reverse("icon_512"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = HttpResponse(json.dumps(manifest), content_type="application/manifest+json")
    response["Cache-Control"] = ICON_CACHE_CONTROL
    return response
