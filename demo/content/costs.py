"""Demo content of the costs page (home.models.CostsPage): /costs/, its
Spanish translation (demo/data/home/es/costs.po), the clinic settings that
name it (and the clinics' price range for search engines) and its footer
link. The prices are a fictional clinic's, and the page says so."""

from core.models import SiteSettings
from demo.common import add_menu_link, get_or_create_page, get_or_create_setting

SLUG = "costs"

INTRO = (
    "<p>What care costs, what insurance usually pays for and how you can pay. "
    "<b>Demo prices</b>: Rainfall Medicine is a fictional clinic.</p>"
)

FIRST_VISIT = "Most people have their first visit within one to two weeks of calling us."


def price(name, amount, unit, includes, insurance, note=""):
    return (
        "price",
        {
            "name": name,
            "price": amount,
            "unit": unit,
            "includes": includes,
            "insurance": insurance,
            "insurance_note": note,
        },
    )


PRICES = [
    price(
        "Consultation call",
        "Free",
        "15 minutes by phone",
        "A call with our intake team about your symptoms, the treatments you have tried "
        "and your questions.",
        "free",
    ),
    price(
        "Psychiatric evaluation",
        "$350",
        "one visit of 60 minutes, before insurance",
        "An evaluation by a psychiatric clinician, a written treatment plan and a letter "
        "to your doctor if you wish.",
        "covered",
        "Billed to your insurance: you pay your plan’s copay or coinsurance.",
    ),
    price(
        "Spravato® (esketamine) session",
        "$0–$60",
        "copay per session with insurance",
        "The medicine, two hours of monitoring by a nurse and a check-in with your clinician.",
        "often",
        "Most commercial plans and the Oregon Health Plan cover it after a prior "
        "authorization, which we request for you.",
    ),
    price(
        "Ketamine infusion",
        "$450",
        "per infusion",
        "A 40-minute IV infusion, medical monitoring before, during and after, and a "
        "check-in with your clinician.",
        "self_pay",
        "Few plans pay for infusions. We give you a receipt you can send your plan for "
        "possible reimbursement.",
    ),
    price(
        "First series of six infusions",
        "$2,400",
        "paid over the series",
        "Six infusions over two to three weeks, the usual first course of treatment.",
        "self_pay",
    ),
    price(
        "Medication management visit",
        "$150–$250",
        "per visit, before insurance",
        "A follow-up of 20 to 30 minutes with your clinician, in person or by video.",
        "covered",
    ),
]

INSURANCE = (
    "<p>We are in network with Aetna, Cigna, Providence, Regence BlueCross BlueShield and "
    "the Oregon Health Plan (a demo list). Evaluations, medication management and "
    "Spravato are billed to your insurance; ketamine infusions are not covered by most "
    "plans and are paid by the patient.</p>"
    "<p>We check your benefits before your first visit and tell you what you are likely "
    "to pay.</p>"
)

HSA_FSA = (
    "<p>You can pay for every service on this page, infusions included, with a health "
    "savings account (HSA) or flexible spending account (FSA) card.</p>"
)

PAYMENT_PLANS = (
    "<p>A series of infusions can be paid in three monthly payments, with no interest and "
    "no credit check. Ask our intake team when you schedule.</p>"
)

ELIGIBILITY = (
    "<ul><li>Adults 18 and over.</li>"
    "<li>Depression that two or more antidepressants have not improved enough.</li>"
    "<li>No referral needed: you can call us yourself.</li>"
    "<li>Some conditions, such as uncontrolled high blood pressure or a history of "
    "psychosis, may rule out ketamine. Your evaluation decides what is safe for you.</li>"
    "</ul>"
)

PRICE_RANGE = "$0–$2,400"


def load(demo):
    """The costs page under the home page, the clinic settings' costs page
    and price range (only where still empty) and the footer link."""
    from home.models import CostsPage

    page = get_or_create_page(
        demo,
        demo.home_page,
        CostsPage,
        SLUG,
        title="Costs and insurance",
        intro=INTRO,
        first_visit=FIRST_VISIT,
        prices=PRICES,
        insurance=INSURANCE,
        hsa_fsa=HSA_FSA,
        payment_plans=PAYMENT_PLANS,
        eligibility=ELIGIBILITY,
        search_description="Prices, insurance, HSA/FSA and payment plans for ketamine "
        "therapy and Spravato at Rainfall Medicine.",
        show_in_menus=False,
    )
    get_or_create_setting(demo, SiteSettings, costs_page=page, price_range=PRICE_RANGE)
    add_menu_link(demo, "footer_links", page)


def translate(demo):
    """The Spanish costs page (demo/data/home/es/costs.po)."""
    from demo.common import translate_demo_pages

    page = demo.home_page.get_children().filter(slug=SLUG).first()
    translate_demo_pages(demo, "home", [page])
