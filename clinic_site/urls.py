import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from analytics import views as analytics_views
from booking.feeds import calendar_feed
from core import views
from pagecache import routes

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("apple-touch-icon.png", views.apple_touch_icon, name="apple_touch_icon"),
    path("icon-192.png", views.icon_192, name="icon_192"),
    path("icon-512.png", views.icon_512, name="icon_512"),
    path("site.webmanifest", views.web_manifest, name="web_manifest"),
    path("healthz", views.healthz, name="healthz"),
    # The visit beacon (analytics/static/analytics/visit.js): outside the
    # language prefixes and any page's slug.
    path("_/visit", analytics_views.visit, name="analytics_visit"),
    # A staff member's private calendar feed (its secret revocable in the admin).
    path("calendar-feed/<uuid:key>.ics", calendar_feed, name="booking_calendar_feed"),
]

if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    # Image renditions from the local media folder, for one server without a
    # separate media host (docker-compose's default). Only the images/
    # folder: documents may sit in a login-restricted collection, so they go
    # through Wagtail's serve view (/documents/<id>/<name>), which checks
    # that; a route to the whole folder would hand them to anyone who knows
    # the file name. With S3-compatible storage or a proxy serving
    # /media/images/, turn SERVE_MEDIA off.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}images/(?P<path>.+)$",
            views.media_image,
        )
    ]

# Pages and search in each language: English without a prefix, Spanish
# under /es/ (core.i18n.PathLanguageMiddleware activates it).
urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    # Wagtail's page serving, with the page found by path kept in the cache
    # (pagecache.routes); Wagtail's own URLs (its password form) behind it.
    # Keep last: they catch everything else.
    re_path(serve_pattern, routes.serve, name="page_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
handler400 = "core.views.bad_request"
