"""Demo content of the core: home page, About, Privacy, settings and menus.

The clinic's contact details here are fictional (555-01xx numbers).
"""

from wagtail.models import Page, Site

from core.i18n import default_language
from core.models import SiteSettings
from demo.common import (
    add_menu_link,
    demo_alt,
    demo_image,
    get_or_create_page,
    get_or_create_setting,
    use_demo_image,
    use_demo_image_in_setting,
)
from home.models import HomePage, StandardPage

CLINIC_NAME = "Rainfall Medicine"
# The article the third service card links (demo.content.blog creates it).
FIRST_VISIT_SLUG = "what-happens-at-a-first-ketamine-therapy-visit"

# The notices of the demo's site text (core.site_text); the Spanish copy gets
# the words the project's catalog has for them.
DEMO_WORDS = {
    "crisis_notice": (
        "<p>If you are in crisis or thinking about suicide, call or text "
        '<a href="tel:988">988</a> (Suicide &amp; Crisis Lifeline) or call '
        '<a href="tel:911">911</a>.</p>'
    ),
    "form_emergency_notice": (
        "<p>This form is not for emergencies. If you are in crisis, call or text "
        '<a href="tel:988">988</a> or call <a href="tel:911">911</a>.</p>'
    ),
    "footer_text": (
        "<p>The information on this site is educational and is not a substitute for "
        "professional medical advice.</p>"
    ),
}


def ensure_site_text(demo, site_settings):
    """The words of the page furniture in English and Spanish, while the site
    has none: an editor's set (or one the migration made from the clinic
    settings) is never touched."""
    from django.utils import translation
    from wagtail.models import Locale

    from core.labels import LABEL_NAMES, translated
    from core.site_text import WORD_FIELDS, SiteText

    if SiteText.objects.exists():
        return
    english = SiteText.objects.create(name=f"{CLINIC_NAME} text", **DEMO_WORDS)
    demo.log(f"site text: {english}")
    spanish_locale = Locale.objects.filter(language_code="es").first()
    if spanish_locale is not None:
        spanish = english.copy_for_translation(spanish_locale)
        with translation.override(spanish_locale.language_code):
            for name in sorted(LABEL_NAMES) + list(WORD_FIELDS):
                setattr(spanish, name, translated(getattr(english, name)))
        spanish.save()
        demo.log(f"{spanish_locale.language_code} translation of site text {spanish}")
    if site_settings.site_text_id is None:
        site_settings.site_text = english
        site_settings.save()


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


# The demo home page's body before it had sections: replaced by the sections
# below when a database still has it unchanged (see finish).
OLD_HOME_BODY = [
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

HOME_INTRO = OLD_HOME_BODY[:2]

HOME_SERVICES = {
    "heading": "How we can help",
    "intro": "Each plan starts with a psychiatric evaluation and is built with you.",
    "items": [
        {
            "icon": "drop",
            "title": "Ketamine-assisted therapy",
            "text": "Ketamine infusions and Spravato® (esketamine), given in a calm, private "
            "room and medically supervised from start to finish.",
        },
        {
            "icon": "sun",
            "title": "Treatment-resistant depression care",
            "text": "For depression that two or more antidepressants have not lifted: a "
            "careful review of what you have tried, and what else may help.",
        },
        {
            "icon": "capsule",
            "title": "Medication management and integration",
            "text": "Ongoing psychiatric care for your medicines, and time to make sense of "
            "your sessions with your clinician.",
        },
    ],
}

# The services' last card when the demo has its costs page (demo.content.costs).
COSTS_SERVICE = {
    "icon": "shield",
    "title": "Clear costs",
    "text": "Spravato is often covered by insurance; infusions are usually self-pay. "
    "HSA and FSA cards and payment plans are welcome.",
}

HOME_STEPS = {
    "heading": "Your first visit",
    "intro": "What happens when you get in touch.",
    "steps": [
        {
            "title": "Request a consultation",
            "text": "Call us or send a request online. Our intake team answers within one "
            "business day.",
        },
        {
            "title": "Meet a psychiatric clinician",
            "text": "An evaluation of your symptoms, health, medicines and the treatments "
            "you have tried.",
        },
        {
            "title": "Decide together",
            "text": "If ketamine therapy suits you, you plan your sessions together; if not, "
            "we talk about other options.",
        },
        {
            "title": "Ongoing care",
            "text": "Regular check-ins, and we keep your other care team informed.",
        },
    ],
}

HOME_FAQ = {
    "heading": "Frequently asked questions",
    "items": [
        {
            "question": "Who is ketamine therapy for?",
            "answer": "<p>Adults with depression that has not improved enough with other "
            "treatments. A psychiatric evaluation decides whether it is safe and suitable "
            "for you.</p>",
        },
        {
            "question": "Do I need a referral?",
            "answer": "<p>No. You can request a consultation yourself. With your permission, "
            "we coordinate with your doctor or therapist.</p>",
        },
        {
            "question": "Can I drive after a session?",
            "answer": "<p>No. Plan for someone to take you home, and do not drive until the "
            "next day.</p>",
        },
    ],
}


def home_sections(home):
    """The demo home page's body: an introduction and the section blocks.
    Pages of other apps are found in the page tree (home imports no app)."""
    settings = SiteSettings.for_site(Site.objects.get(root_page=home))
    children = home.get_children().live()
    locations = children.filter(slug="locations").first()
    article = Page.objects.live().filter(slug="how-does-ketamine-help-depression").first()
    services = {**HOME_SERVICES, "items": [dict(item) for item in HOME_SERVICES["items"]]}
    if article is not None:
        services["items"][0]["link"] = {
            "page": article.pk,
            "url": "",
            "label": "How ketamine helps depression",
        }
    # Every card leads somewhere: a card without a link reads as a dead end.
    about = children.filter(slug="about").first()
    if about is not None:
        services["items"][1]["link"] = {"page": about.pk, "url": "", "label": "Our approach"}
    first_visit = Page.objects.live().filter(slug=FIRST_VISIT_SLUG).first()
    if first_visit is not None:
        services["items"][2]["link"] = {
            "page": first_visit.pk,
            "url": "",
            "label": "What a first visit is like",
        }
    costs = children.filter(slug="costs").first()
    if costs is not None:
        services["items"].append(
            {**COSTS_SERVICE, "link": {"page": costs.pk, "url": "", "label": "Costs and insurance"}}
        )
    buttons = []
    if settings.consultation_page_id:
        buttons.append(
            {
                "page": settings.consultation_page_id,
                "url": "",
                "label": settings.words(default_language())["consultation_label"],
            }
        )
    booking = children.filter(slug="book").first()
    if booking is not None:
        buttons.append({"page": booking.pk, "url": "", "label": "Book a time online"})
    if locations is not None:
        buttons.append({"page": locations.pk, "url": "", "label": "Find a clinic near you"})
    body = [
        *HOME_INTRO,
        ("services", services),
        (
            "clinic_cards",
            {
                "heading": "Our clinics",
                "intro": "Two clinics in Oregon, in Portland and Hood River.",
                "clinics": [],
            },
        ),
        ("steps", HOME_STEPS),
        ("latest_articles", {"heading": "From our articles", "intro": "", "count": 3}),
        ("faq", HOME_FAQ),
    ]
    if buttons:
        body.append(
            (
                "cta_band",
                {
                    "heading": "Ready to talk about your options?",
                    "text": "<p>Ask us anything about treatment, costs or what a visit is "
                    "like.</p>",
                    "links": buttons,
                },
            )
        )
    return body


def is_old_demo_body(body):
    """Whether ``body`` is empty or still the demo's earlier body, unedited."""
    if not len(body):
        return True
    old_types = [name for name, _value in OLD_HOME_BODY]
    if [block.block_type for block in body] != old_types:
        return False
    old_heading, old_text = OLD_HOME_BODY[0][1]["text"], OLD_HOME_BODY[1][1]
    return body[0].value.get("text") == old_heading and body[1].value.source == old_text


def finish(demo):
    """The home page's sections, once every app's pages exist (clinics,
    articles, the consultation page): only over an empty body or the demo's
    earlier one, never over an editor's."""
    home = HomePage.objects.get(pk=demo.home_page.pk)
    if not is_old_demo_body(home.body):
        return
    children = home.body.stream_block.child_blocks
    home.body = [(name, children[name].to_python(raw)) for name, raw in home_sections(home)]
    home.save_revision().publish()
    demo.notes["home sections added"] = True
    demo.log("home page sections")


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
    ("heading", {"text": "What we count", "level": "h2", "anchor": ""}),
    (
        "paragraph",
        "<p>To learn which pages help people, our own server counts page views, with no "
        "cookie and nothing from another website. We keep only daily totals: the pages "
        "viewed, the website or campaign link that brought visitors, and the language. "
        "To count the day’s visitors without recognizing anyone, your address and "
        "browser name are mixed with a random value that is deleted at the end of the "
        "day; your address and browser name are never stored. If your browser sends Do "
        "Not Track or Global Privacy Control, nothing is counted. A consultation request "
        "notes the page your visit started on and the website or campaign that led you "
        "to us.</p>",
    ),
]


def load(demo):
    home = demo.home_page
    if not home.hero_image_id:
        home.hero_image = demo_image(demo, "morning-hills")
        home.hero_image_alt = demo_alt("morning-hills")
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
    )
    ensure_site_text(demo, SiteSettings.for_site(demo.site))
    from . import brand as demo_brand
    from . import notices as demo_notices

    demo_brand.load(demo)

    demo_notices.load(demo)
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


def translate(demo):
    """The Spanish home page, About and privacy pages and notices (demo/data/home/es/)."""

    from demo.common import translate_demo_pages

    from . import notices as demo_notices

    home = demo.home_page
    about = home.get_children().filter(slug="about").first()
    privacy = home.get_children().filter(slug="privacy").first()
    pages = [home, about, privacy, *demo_notices.pages(demo)]
    translate_demo_pages(demo, "home", pages)
