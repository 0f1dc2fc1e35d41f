"""The site's core: home and standard pages, site settings and navigation."""

from django.db import models
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index
from wagtailseo import utils
from wagtailseo.models import SeoMixin, SeoType

from pagecache import tags as cache_tags
from pagecache.chrome import CachedSiteSettingMixin, any_view_restrictions, cached

from .blocks import INLINE_RICH_TEXT_FEATURES, LinkBlock, NoticeStreamBlock
from .labels import SiteLabels, label_panels
from .phone import tel_href, validate_phone
from .sections import SectionStreamBlock, body_assets, body_cache_tags, body_groups


class BasePage(SeoMixin, Page):
    """Every public page type: wagtail-seo fields and its promote panels."""

    promote_panels = SeoMixin.seo_panels

    # Open Graph / Twitter image size (what the platforms recommend).
    seo_image_filter = "fill-1200x630|format-jpeg|jpegquality-80"

    class Meta:
        abstract = True

    # Query parameters this page type may be stored in the page cache with
    # (pagecache.middleware: each value must also be accepted by the page's
    # code with accept_query_value). None by default: any other query string
    # is served as rendered and not stored.
    cache_query_parameters = ()

    # What a search result calls this kind of page (its model's name by default).
    search_result_label = ""

    def get_search_result_label(self):
        return self.search_result_label or capfirst(self._meta.verbose_name)

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
        from home.i18n import hreflang_alternates, page_languages

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
        return super().get_context(request, *args, **kwargs)

    def _site_setting(self, model):
        request = getattr(self, "_seo_request", None)
        if request is not None:
            return model.for_request(request)
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
            return url_of(own)
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
        if not self.seo_logo:
            return ""
        url = self.seo_logo.get_rendition("original").url
        return utils.ensure_absolute_url(url, utils.get_absolute_media_url(self._seo_site))

    @cached_property
    def seo_sitename(self):
        """The clinic name from the clinic settings (one place to edit it)."""
        name = self._site_setting(SiteSettings).clinic_name if self._seo_site else ""
        return name or (self._seo_site.site_name if self._seo_site else "")

    @cached_property
    def seo_canonical_url(self):
        return self.canonical_url or self.get_full_url(getattr(self, "_seo_request", None))


class SectionsBodyMixin:
    """A page whose ``body`` is a SectionStreamBlock (home.sections): full-width
    sections between runs of text, kept in the fragment cache, and cached
    until what its sections show changes (the newest articles, the clinics)."""

    def get_cache_tags(self):
        """The page cache: what this page's section blocks show (see pagecache.tags)."""
        return body_cache_tags(self.body)

    def body_fragment_tags(self):
        """The rendered body's fragment cache tags: the page, the chrome (URLs,
        settings) and what its sections show. A pinned article or a person
        reaches "page:<id>" through the reference index."""
        return sorted({cache_tags.CHROME, cache_tags.page_tag(self), *self.get_cache_tags()})

    @cached_property
    def body_assets(self):
        return body_assets(self.body)

    def body_groups(self):
        return body_groups(self.body)


class HomePage(SectionsBodyMixin, BasePage):
    hero_heading = models.CharField(
        max_length=150, help_text="The large heading at the top of the home page."
    )
    hero_intro = RichTextField(
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        help_text="One or two sentences under the heading.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown beside the heading. Describe it in 'Hero image alt' below.",
    )
    hero_image_alt = models.CharField(
        max_length=250,
        blank=True,
        help_text="Describe the image for people who cannot see it. Leave empty if it is "
        "decorative.",
    )
    hero_cta = StreamField(
        [("link", LinkBlock())],
        blank=True,
        max_num=2,
        verbose_name="Hero buttons",
        help_text="Up to two buttons under the heading, e.g. 'Request a consultation'.",
    )
    body = StreamField(SectionStreamBlock, blank=True, help_text="Sections of the home page.")

    # Children: any page type that names HomePage among its parent_page_types
    # (blog index, locations index, consultation page, standard pages). Listing
    # them here would make home depend on the other apps.
    parent_page_types = ["wagtailcore.Page"]

    seo_content_type = SeoType.WEBSITE

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_intro"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
                FieldPanel("hero_cta"),
            ],
            heading="Hero",
        ),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("hero_heading"),
        index.SearchField("hero_intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = "home page"

    def structured_data(self, request):
        from .structured_data import organization, website

        site_settings = SiteSettings.for_request(request)
        org = organization(self, site_settings)
        clinics = self.organization_clinics(request)
        if clinics:
            # The clinics' addresses are the organisation's, each clinic
            # described on its own page under the same @id.
            org["address"] = [clinic["address"] for clinic in clinics]
            org["location"] = clinics
        return [org, website(self)]

    def organization_clinics(self, request):
        """The live clinics as MedicalClinic references with their address,
        from the shared chrome cache (a clinic's publish changes the chrome)."""
        from locations.models import LocationPage
        from pagecache.chrome import cached

        def build():
            pages = LocationPage.objects.live().descendant_of(self).order_by("path")
            return [
                {
                    "@type": "MedicalClinic",
                    "@id": f"{page.get_full_url(request)}#clinic",
                    "name": page.clinic_name(self.seo_struct_org_name),
                    "address": page.postal_address,
                }
                for page in pages
            ]

        return cached(f"organization-clinics:{self.pk}", build, request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["structured_data"] = self.structured_data(request)
        return context


class StandardPage(SectionsBodyMixin, BasePage):
    """About, Privacy and similar pages: title, intro and a flexible body."""

    intro = RichTextField(
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        help_text="A short introduction shown under the title.",
    )
    body = StreamField(SectionStreamBlock, blank=True)

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = "standard page"


class NoticePage(SectionsBodyMixin, BasePage):
    """A notice the clinic must post and keep current: the Notice of Privacy
    Practices, the notice of nondiscrimination, the notice that free language
    help is available (with its taglines), the accessibility statement. The
    clinic settings' "Notices" tab names which page is which; the footer of
    every page links them."""

    intro = RichTextField(
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        help_text="A short summary shown under the title.",
    )
    effective_date = models.DateField(
        null=True,
        blank=True,
        help_text="When this version of the notice took effect. Shown under the title; "
        "change it with each new version.",
    )
    body = StreamField(NoticeStreamBlock, blank=True)

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []

    search_result_label = "Notice"

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("effective_date"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = "notice page"


# The clinic settings' page choosers of the notices every page's footer
# links, in the footer's order.
NOTICE_PAGE_FIELDS = (
    "privacy_notice_page",
    "nondiscrimination_page",
    "language_assistance_page",
    "accessibility_page",
)


def notice_page_field(verbose_name, help_text):
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


@register_setting(icon="site")
class SiteSettings(CachedSiteSettingMixin, SiteLabels, BaseSiteSetting):
    """Clinic facts shown on every page, and the words of the page furniture
    (home.labels). Nothing here is typed in a template."""

    select_related = ["logo", "consultation_page"]

    clinic_name = models.CharField(max_length=100, help_text="Shown in the header and footer.")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. The clinic name is used as its alternative text.",
    )
    phone = models.CharField(
        max_length=25,
        blank=True,
        validators=[validate_phone],
        help_text="Main phone number, e.g. (503) 555-0100. Becomes the 'Call us' link.",
    )
    phone_label = models.CharField(
        max_length=40,
        default="Call us",
        help_text="Text before the number in the header, the footer and the page-not-found page.",
    )
    contact_email = models.EmailField(blank=True)
    consultation_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the 'Request a consultation' button in the header leads.",
    )
    consultation_label = models.CharField(max_length=50, default="Request a consultation")
    crisis_notice = RichTextField(
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown in the footer of every page (and on sensitive articles), "
        "e.g. 'If you are in crisis, call or text 988'.",
    )
    form_emergency_notice = RichTextField(
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown above forms: they are not for emergencies.",
    )
    footer_text = RichTextField(
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        help_text="Small print at the bottom of every page.",
    )
    social_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        help_text="Links to the clinic's social profiles (label: the network's name).",
    )
    privacy_notice_page = notice_page_field(
        "Notice of Privacy Practices",
        "The HIPAA Notice of Privacy Practices. Linked in the footer of every page and "
        "from the consultation form's consent line.",
    )
    nondiscrimination_page = notice_page_field(
        "notice of nondiscrimination",
        "The notice that the clinic does not discriminate (Section 1557). Linked in the "
        "footer of every page.",
    )
    language_assistance_page = notice_page_field(
        "notice of language assistance",
        "The notice that free language help is available, with its taglines. Linked in "
        "the footer of every page.",
    )
    accessibility_page = notice_page_field(
        "accessibility statement",
        "How the site is made accessible and how to report a barrier. Linked in the "
        "footer of every page.",
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("clinic_name"),
                    FieldPanel("logo"),
                    FieldPanel("phone"),
                    FieldPanel("phone_label"),
                    FieldPanel("contact_email"),
                    FieldPanel("consultation_page"),
                    FieldPanel("consultation_label"),
                ],
                heading="Clinic",
            ),
            ObjectList(
                [
                    FieldPanel("crisis_notice"),
                    FieldPanel("form_emergency_notice"),
                    MultiFieldPanel(
                        [FieldPanel(name) for name in NOTICE_PAGE_FIELDS],
                        heading="Notice pages",
                        help_text="The footer of every page links these pages, in this "
                        "order, each in the visitor's language where it is translated.",
                    ),
                ],
                heading="Notices",
            ),
            ObjectList([FieldPanel("footer_text"), FieldPanel("social_links")], heading="Footer"),
            ObjectList(label_panels(), heading="Labels"),
        ]
    )

    class Meta:
        verbose_name = "clinic settings"

    def __str__(self):
        return self.clinic_name or "Clinic settings"

    @cached_property
    def phone_href(self):
        return tel_href(self.phone)

    @cached_property
    def consultation_link(self):
        """{"url": ..., "label": ...} of the header's consultation button, or
        None while the page is not live: plain data from the chrome cache
        (a change to these settings or to that page purges it)."""

        from django.utils import translation

        from .i18n import localized
        from .labels import translated

        language = translation.get_language()

        def build():
            page = self.consultation_page
            if page is None or not page.live:
                return None
            return {"url": localized(page).get_url(), "label": translated(self.consultation_label)}

        return cached(
            f"consultation-link:{self.site_id}:{self.consultation_page_id}:{language}", build
        )

    @cached_property
    def notice_links(self):
        """[{"url", "text", "lang"}] of the notice pages the footer links, each
        in the active language where it is translated, else in its own
        (``lang`` then names it): a notice a clinic must post is never left
        out. Plain data from the chrome cache (a change to these settings or
        to one of those pages or their translations purges it)."""
        from django.utils import translation

        from .i18n import active_locale_id, page_language

        language = translation.get_language()
        ids = [getattr(self, f"{name}_id") for name in NOTICE_PAGE_FIELDS]

        def build():
            pages = Page.objects.live().in_bulk([pk for pk in ids if pk])
            if not pages:
                return []
            active = active_locale_id()
            translations = {}
            if active is not None and any(page.locale_id != active for page in pages.values()):
                translations = {
                    page.translation_key: page
                    for page in Page.objects.live().filter(
                        locale_id=active,
                        translation_key__in={page.translation_key for page in pages.values()},
                    )
                }
            links = []
            for pk in dict.fromkeys(ids):  # a page named twice is linked once
                page = pages.get(pk)
                if page is None:
                    continue
                page = translations.get(page.translation_key, page)
                own = page_language(page)
                links.append(
                    {
                        "field": NOTICE_PAGE_FIELDS[ids.index(pk)],
                        "url": page.get_url(),
                        "text": page.title,
                        "lang": "" if own == language else own,
                    }
                )
            return links

        key = ":".join(str(pk or "") for pk in ids)
        return cached(f"notice-links:{self.site_id}:{key}:{language}", build)

    @cached_property
    def logo_image(self):
        """{"url", "width", "height"} of the header's logo (48 px high), or None."""
        if not self.logo_id:
            return None

        def build():
            rendition = self.logo.get_rendition("height-48")
            return {"url": rendition.url, "width": rendition.width, "height": rendition.height}

        return cached(f"logo:{self.site_id}:{self.logo_id}", build)


@register_setting(icon="list-ul")
class NavigationSettings(CachedSiteSettingMixin, BaseSiteSetting):
    header_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        help_text="Main menu at the top of every page.",
    )
    footer_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        help_text="Links in the footer (e.g. About, Privacy).",
    )

    panels = [FieldPanel("header_links"), FieldPanel("footer_links")]

    class Meta:
        verbose_name = "navigation menus"
