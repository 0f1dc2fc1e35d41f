"""The home page, standard pages (About, Privacy...), the costs page and the
notice pages a clinic must post."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtailseo.models import SeoType

from core.blocks import INLINE_RICH_TEXT_FEATURES, RICH_TEXT_FEATURES, LinkBlock
from core.models import SiteSettings
from core.pages import BasePage, place_page_models
from core.sections import SectionsBodyMixin, SectionStreamBlock

from .blocks import NoticeStreamBlock, PriceStreamBlock


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
        from core.structured_data import organization, website

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
        """The organisation's live places below this page (the clinics: page
        types with core.pages.OrganizationPlace) as references with their
        address, from the shared chrome cache (a clinic's publish changes
        the chrome)."""
        from pagecache.chrome import cached

        def build():
            return [
                page.place_reference(request, self.seo_struct_org_name)
                for model in place_page_models()
                for page in model.objects.live().descendant_of(self).order_by("path")
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


class CostsPage(SectionsBodyMixin, BasePage):
    """What care costs: each service's price or range, what it includes and
    how it is usually paid, the insurance accepted, HSA/FSA cards, payment
    plans, how soon a first visit is possible and who is eligible. Links the
    Good Faith Estimate notice (clinic settings, Notices tab); the clinic
    settings' "Costs" tab names it for the consultation form and the
    clinic pages."""

    intro = RichTextField(
        features=INLINE_RICH_TEXT_FEATURES,
        blank=True,
        help_text="A short summary shown under the title.",
    )
    first_visit = models.CharField(
        "how soon a first visit is possible",
        max_length=250,
        blank=True,
        help_text="Shown under the title, e.g. 'Most people have their first visit within "
        "two weeks of calling.'",
    )
    prices = StreamField(
        PriceStreamBlock,
        blank=True,
        help_text="Each service with its price or range, what it includes and how it is "
        "usually paid.",
    )
    insurance = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Which insurance plans are accepted, and for which services.",
    )
    hsa_fsa = RichTextField(
        "HSA and FSA",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Whether health savings and flexible spending accounts can pay.",
    )
    payment_plans = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    eligibility = RichTextField(
        "who is eligible",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Who can be treated (age, diagnosis, referral, what rules it out).",
    )
    body = StreamField(
        SectionStreamBlock, blank=True, help_text="Optional sections below, e.g. questions."
    )

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("first_visit"),
        FieldPanel("prices"),
        MultiFieldPanel(
            [
                FieldPanel("insurance"),
                FieldPanel("hsa_fsa"),
                FieldPanel("payment_plans"),
            ],
            heading="Paying for care",
        ),
        FieldPanel("eligibility"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("prices"),
        index.SearchField("insurance"),
        index.SearchField("hsa_fsa"),
        index.SearchField("payment_plans"),
        index.SearchField("eligibility"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = "costs page"

    def paying_sections(self):
        """[(anchor, heading, rich text)] of the filled "paying for care"
        fields, in the page's order (the headings are the template's words)."""
        from django.utils.translation import gettext

        sections = [
            ("insurance", gettext("Insurance"), self.insurance),
            ("hsa-fsa", gettext("HSA and FSA cards"), self.hsa_fsa),
            ("payment-plans", gettext("Payment plans"), self.payment_plans),
            ("eligibility", gettext("Who is eligible"), self.eligibility),
        ]
        return [section for section in sections if section[2]]
