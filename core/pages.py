"""The base of every public page type (wagtail-seo's fields and panels, the
site's settings read once per request) and the page-cache protocol that each
page type takes part in (pagecache.CacheablePage)."""

from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtailseo import utils
from wagtailseo.models import SeoMixin

from pagecache import tags as cache_tags
from pagecache.chrome import any_view_restrictions, cached, cached_by_tags, setting_for_request
from pagecache.pages import CacheablePage


class BasePage(CacheablePage, SeoMixin, Page):
    """Every public page type: wagtail-seo fields and its promote panels, and
    the page cache's protocol (pagecache.pages.CacheablePage)."""

    promote_panels = SeoMixin.seo_panels

    # Open Graph / Twitter image size (what the platforms recommend).
    seo_image_filter = "fill-1200x630|format-jpeg|jpegquality-80"

    class Meta:
        abstract = True

    # What a search result calls this kind of page (its model's name by default).
    search_result_label = ""

    def shown_cache_tags(self):
        """What a kept part of this page depends on at the least: the page,
        the chrome (labels, settings), images (a rendition's URL) and the
        routes' tag (its own URL and other pages' titles and URLs, which a
        publish, move or deletion anywhere may change). Fragments of the
        page add what else they show."""
        from wagtail.images import get_image_model

        return [
            cache_tags.CHROME,
            cache_tags.page_tag(self),
            cache_tags.ROUTES,
            cache_tags.model_tag(get_image_model()),
        ]

    def seo_cache_tags(self):
        """What the page's meta tags show (wagtail-seo's title, description,
        canonical URL and share image; kept as a fragment in base.html).
        Page types add what else their tags show (``seo_extra_cache_tags``)."""
        return [*self.shown_cache_tags(), *self.seo_extra_cache_tags()]

    def seo_extra_cache_tags(self):
        return []

    def get_search_result_label(self):
        # In the visitor's language (the catalog has each page type's name).
        return gettext(self.search_result_label or capfirst(self._meta.verbose_name))

    def search_summary(self):
        """The text under this page's search result: its search description,
        else its summary, else the start of its introduction (plain text)."""
        for name in ("search_description", "summary", "intro", "hero_intro"):
            value = getattr(self, name, "")
            if value:
                return Truncator(strip_tags(str(value))).words(40)
        return ""

    def get_sitemap_urls(self, request=None):
        """Wagtail's entry for this page, with the page's translations as
        hreflang alternates (and x-default) once it has one."""
        urls = super().get_sitemap_urls(request)
        if not urls or request is None:
            return urls
        from .i18n import hreflang_alternates, page_languages

        alternates = hreflang_alternates(page_languages(self, request))
        if alternates:
            urls[0]["alternates"] = [
                {"lang_code": code, "location": url} for code, url in alternates
            ]
        return urls

    def get_view_restrictions(self):
        """Wagtail checks this page and its ancestors for privacy settings on
        every request (two queries). Most sites have none at all: that fact
        comes from the chrome cache (saving or deleting a restriction purges
        it), and the queries run only when a restriction exists somewhere."""
        if not any_view_restrictions(getattr(self, "_seo_request", None)):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    # wagtail-seo's properties look the site and its settings up again each
    # time a template touches them (a dozen queries per page). Compute each
    # once per page instance, with the request's settings, which Wagtail
    # loads once per request and shares with the templates' {{ settings }}.
    def get_context(self, request, *args, **kwargs):
        self._seo_request = request
        # wagtail-seo's settings from the chrome cache, where the templates'
        # {{ settings.wagtailseo.SeoSettings }} find them too.
        self.seo_org_fields  # noqa: B018 - read for its effect on the request
        return super().get_context(request, *args, **kwargs)

    def page_fragment(self, name, tags, build):
        """``build()``'s value (plain data) from the fragment cache under
        ``tags`` (pagecache.chrome.cached_by_tags), for a page being served:
        never in a preview (unsaved content) or outside a render."""
        request = getattr(self, "_seo_request", None)
        if request is None or getattr(request, "is_preview", False) or not self.pk:
            return build()
        return cached_by_tags(name, tags, build)

    def _site_setting(self, model):
        request = getattr(self, "_seo_request", None)
        if request is not None:
            return setting_for_request(model, request)
        return model.for_site(self._seo_site)

    @cached_property
    def _seo_site(self):
        request = getattr(self, "_seo_request", None)
        if request is not None:
            return Site.find_for_request(request) or self.get_site()
        return self.get_site()

    @cached_property
    def seo_org_fields(self):
        from wagtailseo.models import SeoSettings

        return self._site_setting(SeoSettings)

    @cached_property
    def seo_image(self):
        for attr in self.seo_image_sources:
            image = getattr(self, attr, None)
            if isinstance(image, AbstractImage):
                return image
        return self.seo_org_fields.og_image_default

    @cached_property
    def seo_image_url(self):
        own = next(
            (
                image
                for attr in self.seo_image_sources
                if isinstance(image := getattr(self, attr, None), AbstractImage)
            ),
            None,
        )
        site = self._seo_site

        def url_of(image):
            url = image.get_rendition(self.seo_image_filter).url
            return utils.ensure_absolute_url(url, utils.get_absolute_media_url(site))

        if own is not None:
            # Kept under the images' tag (a new file or focal point purges
            # it): Wagtail's rendition cache costs two round trips a render,
            # since it writes back what it has just read.
            from wagtail.images import get_image_model

            return cached_by_tags(
                f"seo-image:{getattr(site, 'pk', '')}:{own.pk}:{self.seo_image_filter}",
                [cache_tags.model_tag(get_image_model())],
                lambda: url_of(own),
            )
        settings = self.seo_org_fields
        if not settings.og_image_default_id:
            return ""
        # The site-wide default image (most pages): its URL lives in the
        # chrome cache, which a change to the settings or the image purges;
        # the image itself is loaded only to build it.
        return cached(
            f"og-image:{getattr(site, 'pk', '')}:{settings.og_image_default_id}:"
            f"{self.seo_image_filter}",
            lambda: url_of(settings.og_image_default),
            getattr(self, "_seo_request", None),
        )

    @cached_property
    def seo_logo_url(self):
        """The organization's logo in structured data: the SEO settings' own,
        else the clinic logo (clinic settings), the one the header shows."""
        if self.seo_logo:
            url = self.seo_logo.get_rendition("original").url
        elif self._seo_site:
            from .models import SiteSettings

            url = self._site_setting(SiteSettings).logo_original_url
        else:
            url = ""
        if not url:
            return ""
        return utils.ensure_absolute_url(url, utils.get_absolute_media_url(self._seo_site))

    @cached_property
    def seo_sitename(self):
        """The clinic name from the clinic settings (one place to edit it)."""
        from .models import SiteSettings

        name = self._site_setting(SiteSettings).clinic_name if self._seo_site else ""
        return name or (self._seo_site.site_name if self._seo_site else "")

    @cached_property
    def seo_canonical_url(self):
        return self.canonical_url or self.get_full_url(getattr(self, "_seo_request", None))


class OrganizationPlace:
    """A page type that describes one of the organisation's places (the
    clinics): the home page's structured data lists each live one below it,
    without knowing its type."""

    def place_reference(self, request, organisation_name):
        """The place as schema.org data: at least @type, @id, name, address."""
        raise NotImplementedError


def place_page_models():
    return [model for model in get_page_models() if issubclass(model, OrganizationPlace)]
