"""The site's settings: clinic facts and page-furniture labels shown on every
page (SiteSettings) and the header and footer menus (NavigationSettings)."""

from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from pagecache.chrome import CachedSiteSettingMixin, cached

from .blocks import INLINE_RICH_TEXT_FEATURES, LinkBlock
from .labels import SiteLabels, label_panels
from .phone import tel_href, validate_phone

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
    (core.labels). Nothing here is typed in a template."""

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
        # Created by the home app's migrations, which held this model before.
        db_table = "home_sitesettings"
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
        db_table = "home_navigationsettings"
        verbose_name = "navigation menus"
