"""The site's settings: clinic facts shown on every page and the set of words
(core.site_text) they are shown with (SiteSettings), and the header and
footer menus (NavigationSettings)."""

from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from pagecache.chrome import CachedSiteSettingMixin, cached

from .blocks import LinkBlock
from .labels import Labels
from .phone import tel_href, validate_phone
from .site_text import SiteText, site_words

__all__ = ["NavigationSettings", "RateLimitHit", "SiteSettings", "SiteText", "WorkerHeartbeat"]

# The clinic settings' page choosers of the notices every page's footer
# links, in the footer's order.
NOTICE_PAGE_FIELDS = (
    "privacy_notice_page",
    "nondiscrimination_page",
    "language_assistance_page",
    "accessibility_page",
    "good_faith_estimate_page",
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
class SiteSettings(CachedSiteSettingMixin, BaseSiteSetting):
    """Clinic facts shown on every page, and which set of words (site text)
    the page furniture is shown with. Nothing here is typed in a template."""

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
    contact_email = models.EmailField(blank=True)
    consultation_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the 'Request a consultation' button in the header leads.",
    )
    site_text = models.ForeignKey(
        SiteText,
        verbose_name="site text",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The words of the notices, the footer, the buttons and the labels "
        "(Snippets › Site text), in each language it is translated into. Empty: the "
        "first site text.",
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

    good_faith_estimate_page = notice_page_field(
        "Good Faith Estimate notice",
        "The notice of the right to a Good Faith Estimate for uninsured and self-pay "
        "patients (No Surprises Act, 45 CFR 149.610). Linked in the footer of every page, "
        "from the costs page and from the consultation form.",
    )
    costs_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="costs page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page on prices, insurance and payment. Linked from the consultation "
        "form and every clinic page, in the visitor's language where it is translated.",
    )
    price_range = models.CharField(
        max_length=100,
        blank=True,
        help_text="The range of the clinics' prices for search engines (schema.org "
        "priceRange on each clinic), e.g. '$0–$4,200' or '$$'. Empty: not published.",
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("clinic_name"),
                    FieldPanel("logo"),
                    FieldPanel("phone"),
                    FieldPanel("contact_email"),
                    FieldPanel("consultation_page"),
                    FieldPanel("site_text"),
                ],
                heading="Clinic",
            ),
            ObjectList(
                [
                    HelpPanel(
                        content="<p>The crisis notice, the emergency notice above forms, the "
                        "footer's small print and the labels are in <b>Snippets › Site "
                        "text</b>, one copy per language.</p>"
                    ),
                    MultiFieldPanel(
                        [FieldPanel(name) for name in NOTICE_PAGE_FIELDS],
                        heading="Notice pages",
                        help_text="The footer of every page links these pages, in this "
                        "order, each in the visitor's language where it is translated.",
                    ),
                ],
                heading="Notices",
            ),
            ObjectList(
                [FieldPanel("costs_page"), FieldPanel("price_range")],
                heading="Costs",
            ),
            ObjectList([FieldPanel("social_links")], heading="Footer"),
        ]
    )

    class Meta:
        # Created by the home app's migrations, which held this model before.
        db_table = "home_sitesettings"
        verbose_name = "clinic settings"

    def __str__(self):
        return self.clinic_name or "Clinic settings"

    def words(self, language=None):
        """{field name: words} of the site text in ``language`` (default: the
        active one), as plain data from the chrome cache (core.site_text)."""
        from django.utils import translation

        from .i18n import default_language

        language = language or translation.get_language() or default_language()
        memo = self.__dict__.setdefault("_words_by_language", {})
        if language not in memo:
            memo[language] = site_words(self.site_text_id, language)
        return memo[language]

    @property
    def labels(self):
        """For templates: ``labels.share`` is the "Share This Post" label in
        the request's language."""
        return Labels(self.words())

    @property
    def phone_label(self):
        return self.words()["phone_label"]

    @property
    def consultation_label(self):
        return self.words()["consultation_label"]

    @property
    def crisis_notice(self):
        return self.words()["crisis_notice"]

    @property
    def form_emergency_notice(self):
        return self.words()["form_emergency_notice"]

    @property
    def footer_text(self):
        return self.words()["footer_text"]

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

        language = translation.get_language()

        def build():
            page = self.consultation_page
            if page is None or not page.live:
                return None
            return {"url": localized(page).get_url(), "label": self.consultation_label}

        return cached(
            f"consultation-link:{self.site_id}:{self.consultation_page_id}:{language}", build
        )

    @cached_property
    def costs_link(self):
        """{"url", "text", "lang"} of the costs page (the consultation form and
        the clinic pages link it) in the active language where it is
        translated, else in its own (``lang`` names it); None while it is not
        chosen or not live. Plain data from the chrome cache."""
        from django.utils import translation

        from .i18n import localized, page_language

        language = translation.get_language()

        def build():
            page = self.costs_page
            if page is None or not page.live:
                return None
            page = localized(page)
            own = page_language(page)
            return {
                "url": page.get_url(),
                "text": page.title,
                "lang": "" if own == language else own,
            }

        return cached(f"costs-link:{self.site_id}:{self.costs_page_id}:{language}", build)

    def notice_link(self, field):
        """One of ``notice_links`` by its settings field, or None."""
        return next((link for link in self.notice_links if link["field"] == field), None)

    @property
    def good_faith_estimate_link(self):
        return self.notice_link("good_faith_estimate_page")

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
            # An SVG logo's rendition measures in fractions (142.0); HTML wants integers.
            return {
                "url": rendition.url,
                "width": round(rendition.width),
                "height": round(rendition.height),
            }

        return cached(f"logo:{self.site_id}:{self.logo_id}", build)

    @cached_property
    def logo_original_url(self):
        """The logo at its own size (the organization's logo in structured data), or ""."""
        if not self.logo_id:
            return ""
        return cached(
            f"logo-original:{self.site_id}:{self.logo_id}",
            lambda: self.logo.get_rendition("original").url,
        )


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


class RateLimitHit(models.Model):
    """One post accepted by a rate limit (core.rate_limit): the count the
    limit falls back on while the cache (Redis) is down. Holds a keyed hash
    of the client's network, never its address; kept a day at most."""

    scope = models.CharField(max_length=32)
    client = models.CharField(max_length=32)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["scope", "client", "created_at"], name="core_rate_limit_client_idx"
            )
        ]

    def __str__(self):
        return f"{self.scope} {self.created_at:%Y-%m-%d %H:%M}"


class WorkerHeartbeat(models.Model):
    """When each background worker (manage.py run_worker) last said it was
    alive: a task left RUNNING by a worker that stopped saying so is lost
    (core.tasks.fail_lost_tasks)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return self.worker_id
