"""Demo content of the core: home page, About, Privacy, settings and menus.

The clinic's contact details here are fictional (555-01xx numbers).
"""

from wagtail.models import Page, Site

from .demo import (
    add_menu_link,
    demo_alt,
    demo_image,
    get_or_create_page,
    get_or_create_setting,
    use_demo_image,
    use_demo_image_in_setting,
)
from .models import HomePage, SiteSettings, StandardPage

CLINIC_NAME = "Rainfall Medicine"


def ensure_home_page(stdout=None):
    """Make a HomePage the root of the default site, replacing Wagtail's welcome page."""
    from wagtail.models import Collection

    if not Collection.objects.exists():
        # Lost with the rest of an emptied database (see below).
        Collection.add_root(name="Root")
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site, site.root_page.specific

    root = Page.get_first_root_node()
    if root is None:
        # An emptied database (e.g. after a test flush) has lost the tree root
        # and locale that Wagtail's migrations create: put them back.
        from django.conf import settings
        from wagtail.coreutils import get_supported_content_language_variant
        from wagtail.models import Locale

        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        # Wagtail's initial migration leaves a plain "Welcome" page with slug
        # "home"; remove it (only if it is that empty placeholder).
        for welcome in root.get_children().filter(slug="home"):
            if welcome.specific_class is Page and welcome.get_children_count() == 0:
                welcome.delete()
        home = HomePage(
            title="Home",
            slug="home",
            hero_heading="Relief from depression can start sooner than you think",
            hero_intro=(
                "<p>Evidence-based ketamine therapy and psychiatric care for "
                "treatment-resistant depression, in Portland and Hood River, Oregon.</p>"
            ),
            seo_title=f"{CLINIC_NAME}: ketamine therapy for depression in Oregon",
            search_description=(
                "Ketamine therapy, Spravato and psychiatric care for treatment-resistant "
                "depression at our Portland and Hood River, Oregon clinics."
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        if stdout is not None:
            stdout.write("  created home page /")
    home = home.specific
    if site is None:
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=CLINIC_NAME,
        )
    else:
        site.root_page = home
        site.site_name = site.site_name or CLINIC_NAME
        site.save()
    return site, home


HOME_BODY = [
    ("heading", {"text": "Care for depression that hasn’t lifted", "level": "h2", "anchor": ""}),
    (
        "paragraph",
        "<p>If you have tried two or more antidepressants without enough relief, you are "
        "not alone, and you are not out of options. Our psychiatric clinicians offer "
        "ketamine infusion therapy and Spravato® (esketamine) alongside medication "
        "management, in a calm, private setting.</p>",
    ),
    (
        "notice",
        {
            "style": "info",
            "title": "What to expect",
            "text": "<p>Every treatment starts with a psychiatric evaluation. We coordinate "
            "with your existing care team.</p>",
        },
    ),
]

ABOUT_BODY = [
    ("heading", {"text": "Our approach", "level": "h2", "anchor": ""}),
    (
        "paragraph",
        "<p>Rainfall Medicine is a psychiatric practice focused on treatment-resistant "
        "depression. Each plan is built with you by a licensed clinician, and every "
        "ketamine session is medically supervised from start to finish.</p>",
    ),
    (
        "quote",
        {
            "quote": "We treat people, not diagnoses: you will always know what comes next.",
            "attribution": "Our care team",
        },
    ),
]

PRIVACY_BODY = [
    ("heading", {"text": "What we collect", "level": "h2", "anchor": ""}),
    (
        "paragraph",
        "<p>This website sets no tracking cookies and loads nothing from other websites "
        "unless you ask for it (for example, a map). When you request a consultation, "
        "we store what you send us so our intake team can contact you.</p>",
    ),
    ("heading", {"text": "How we protect it", "level": "h2", "anchor": ""}),
    (
        "paragraph",
        "<p>Requests are visible only to our intake coordinators. We never include your "
        "answers in emails, and we delete requests after a set retention period.</p>",
    ),
]


def load(demo):
    home = demo.home_page
    if not home.hero_image_id:
        home.hero_image = demo_image(demo, "morning-hills")
        home.hero_image_alt = demo_alt("morning-hills")
        if not home.body:
            home.body = HOME_BODY
        home.save_revision().publish()
        demo.log("home page hero and body")
    use_demo_image(demo, home, "hero_image", "hero_image_alt", "morning-hills")

    about = get_or_create_page(
        demo,
        home,
        StandardPage,
        "about",
        title="About us",
        intro="<p>Psychiatric care for depression that hasn’t responded to other treatment.</p>",
        body=ABOUT_BODY,
        search_description="Who we are and how we care for people with depression.",
    )
    privacy = get_or_create_page(
        demo,
        home,
        StandardPage,
        "privacy",
        title="Privacy policy",
        intro="<p>How we handle what you share with us.</p>",
        body=PRIVACY_BODY,
        search_description="How Rainfall Medicine handles your information.",
        show_in_menus=False,
    )

    get_or_create_setting(
        demo,
        SiteSettings,
        clinic_name=CLINIC_NAME,
        phone="(503) 555-0100",
        contact_email="hello@rainfall-medicine.example",
        crisis_notice=(
            "<p>If you are in crisis or thinking about suicide, call or text "
            '<a href="tel:988">988</a> (Suicide &amp; Crisis Lifeline) or call '
            '<a href="tel:911">911</a>.</p>'
        ),
        form_emergency_notice=(
            "<p>This form is not for emergencies. If you are in crisis, call or text "
            '<a href="tel:988">988</a> or call <a href="tel:911">911</a>.</p>'
        ),
        footer_text=(
            "<p>The information on this site is educational and is not a substitute for "
            "professional medical advice.</p>"
        ),
    )
    add_menu_link(demo, "header_links", about, "About")
    add_menu_link(demo, "footer_links", about, "About us")
    add_menu_link(demo, "footer_links", privacy, "Privacy")
    from wagtailseo.models import SeoSettings

    get_or_create_setting(
        demo,
        SeoSettings,
        struct_org_type="MedicalOrganization",
        struct_org_name=CLINIC_NAME,
        struct_org_address_locality="Portland",
        struct_org_address_region="OR",
        struct_org_address_country="US",
        og_image_default=demo_image(demo, "forest-after-rain"),
    )
    use_demo_image_in_setting(
        demo, SeoSettings.for_site(demo.site), "og_image_default", "forest-after-rain"
    )
