"""Demo content of the notices a clinic must post (home.models.NoticePage):
the Notice of Privacy Practices (HIPAA, 45 CFR 164.520), the notice of
nondiscrimination and the notice of language assistance (ACA Section 1557,
45 CFR 92.10 and 92.11), an accessibility statement and the notice of the
right to a Good Faith Estimate (No Surprises Act, 45 CFR 149.610: the
wording of the federal standard notice).

They follow the structure of the federal model notices, written for this
fictional clinic: a real clinic's compliance officer reviews and edits them
in the admin before launch. The Spanish versions are in
demo/data/home/es/<slug>.po.
"""

import datetime

from demo.common import get_or_create_page, get_or_create_setting

EFFECTIVE = datetime.date(2026, 11, 1)
PRIVACY_EMAIL = "privacy@rainfall-medicine.example"
ACCESSIBILITY_EMAIL = "accessibility@rainfall-medicine.example"
OCR_PORTAL = "https://ocrportal.hhs.gov/ocr/portal/lobby.jsf"


def h2(text):
    return ("heading", {"text": text, "level": "h2", "anchor": ""})


def h3(text):
    return ("heading", {"text": text, "level": "h3", "anchor": ""})


def p(html):
    return ("paragraph", html)


PRIVACY_NOTICE_BODY = [
    (
        "notice",
        {
            "style": "info",
            "title": "Please review it carefully",
            "text": "<p>This notice describes how medical information about you may be used "
            "and disclosed and how you can get access to this information.</p>",
        },
    ),
    h2("Your rights"),
    p(
        "<p>When it comes to your health information, you have certain rights. You can:</p>"
        "<ul><li>Ask to see or get an electronic or paper copy of your medical record. We "
        "will provide it, usually within 30 days, and may charge a reasonable, cost-based "
        "fee.</li>"
        "<li>Ask us to correct health information that you think is incorrect or incomplete. "
        "If we say no, we will tell you why in writing within 60 days.</li>"
        "<li>Ask us to contact you in a specific way (for example, only on your mobile "
        "phone) or to send mail to a different address. We will say yes to all reasonable "
        "requests.</li>"
        "<li>Ask us not to use or share certain health information for treatment, payment "
        "or our operations. If you pay for a service in full yourself, you can ask us not "
        "to share that information with your health insurer.</li>"
        "<li>Ask for a list of the times we have shared your health information in the six "
        "years before your request, who we shared it with and why.</li>"
        "<li>Get a paper copy of this notice at any time, even if you agreed to receive it "
        "electronically.</li>"
        "<li>Choose someone to act for you, such as a person with your medical power of "
        "attorney or your legal guardian.</li>"
        "<li>File a complaint if you feel your rights have been violated (see below).</li>"
        "</ul>"
    ),
    h2("Your choices"),
    p(
        "<p>You can tell us whether we may share information with your family, close friends "
        "or others involved in your care, and whether we may share it in a disaster relief "
        "situation. If you are not able to tell us, for example if you are unconscious, we "
        "may share your information if we believe it is in your best interest.</p>"
        "<p>We never sell your information, use it for marketing or share psychotherapy "
        "notes unless you give us written permission. You can take back that permission "
        "at any time, in writing.</p>"
    ),
    h2("Our uses and disclosures"),
    p(
        "<p>We typically use or share your health information to:</p>"
        "<ul><li>Treat you: for example, your psychiatrist shares information with the nurse "
        "who monitors your ketamine session, or with your primary care doctor.</li>"
        "<li>Run our practice: for example, to improve the quality of care and to train our "
        "staff.</li>"
        "<li>Bill for your services: for example, we give your health plan information so "
        "that it pays for your treatment.</li></ul>"
        "<p>We may also share your information when the law allows or requires it: for "
        "public health and safety, for example to prevent a serious threat to someone’s "
        "health or safety; for research approved under privacy rules; to comply with state "
        "or federal law; in response to a court order or subpoena; and for workers’ "
        "compensation, law enforcement or other government requests.</p>"
    ),
    h2("Our responsibilities"),
    p(
        "<ul><li>We are required by law to keep your health information private and "
        "secure.</li>"
        "<li>We will tell you promptly if a breach occurs that may have compromised the "
        "privacy or security of your information.</li>"
        "<li>We must follow the duties and privacy practices in this notice and give you a "
        "copy of it.</li>"
        "<li>We will not use or share your information other than as described here unless "
        "you tell us we can, in writing.</li></ul>"
        "<p>We can change the terms of this notice, and the changes will apply to all the "
        "information we have about you. The new notice will be on this page, available in "
        "our clinics, and mailed to you on request.</p>"
    ),
    h2("Questions and complaints"),
    p(
        '<p>Contact our Privacy Officer at <a href="tel:+15035550100">(503) 555-0100</a> '
        f'or <a href="mailto:{PRIVACY_EMAIL}">{PRIVACY_EMAIL}</a>. You can also file a '
        "complaint with the U.S. Department of Health and Human Services Office for Civil "
        "Rights by calling 1-800-368-1019 or online at "
        f'<a href="{OCR_PORTAL}">ocrportal.hhs.gov</a>. We will not retaliate against you '
        "for filing a complaint.</p>"
    ),
]

NONDISCRIMINATION_BODY = [
    p(
        "<p>Rainfall Medicine complies with applicable federal civil rights laws and does "
        "not discriminate on the basis of race, color, national origin (including limited "
        "English proficiency and primary language), age, disability or sex. We do not "
        "exclude people or treat them differently because of these characteristics.</p>"
    ),
    h2("Help we provide at no cost"),
    p(
        "<ul><li>Reasonable changes to our policies and practices for people with "
        "disabilities.</li>"
        "<li>Aids and services for people with disabilities to communicate effectively "
        "with us, such as qualified sign language interpreters and written information in "
        "other formats (large print, audio, accessible electronic formats).</li>"
        "<li>Language assistance for people whose primary language is not English, such as "
        "qualified interpreters and information written in other languages.</li></ul>"
        "<p>If you need these services, call us at "
        '<a href="tel:+15035550100">(503) 555-0100</a> (TTY: '
        '<a href="tel:711">711</a>) or ask at the front desk of either clinic.</p>'
    ),
    h2("If you believe we have discriminated"),
    p(
        "<p>If you believe that Rainfall Medicine has failed to provide these services or "
        "discriminated in another way, you can file a grievance with our Section 1557 "
        "Coordinator, in person, by mail, by phone or by email: Rainfall Medicine, Section "
        "1557 Coordinator, 1234 SW Example Street, Suite 300, Portland, OR 97205; "
        '<a href="tel:+15035550100">(503) 555-0100</a>; '
        f'<a href="mailto:{PRIVACY_EMAIL}">{PRIVACY_EMAIL}</a>. If you need help filing a '
        "grievance, our coordinator is available to help you.</p>"
        "<p>You can also file a civil rights complaint with the U.S. Department of Health "
        "and Human Services, Office for Civil Rights, online at "
        f'<a href="{OCR_PORTAL}">ocrportal.hhs.gov</a>, by phone at 1-800-368-1019 '
        "(TDD: 1-800-537-7697), or by mail to 200 Independence Avenue SW, Room 509F, HHH "
        "Building, Washington, DC 20201.</p>"
    ),
]

# (language, its own name, the tagline up to the number). The wording follows
# the taglines the U.S. Department of Health and Human Services translated
# for Section 1557.
TAGLINES = [
    (
        "es",
        "Español",
        "ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos de "
        "asistencia lingüística. Llame al",
    ),
    (
        "vi",
        "Tiếng Việt",
        "CHÚ Ý: Nếu bạn nói Tiếng Việt, có các dịch vụ hỗ trợ ngôn ngữ miễn phí dành cho "
        "bạn. Gọi số",
    ),
    ("zh-Hans", "简体中文", "注意：如果您使用简体中文，您可以免费获得语言援助服务。请致电"),
    ("zh-Hant", "繁體中文", "注意：如果您使用繁體中文，您可以免費獲得語言援助服務。請致電"),
    (
        "ru",
        "Русский",
        "ВНИМАНИЕ: если вы говорите на русском языке, вам доступны бесплатные услуги "
        "перевода. Звоните",
    ),
    (
        "ko",
        "한국어",
        "주의: 한국어를 사용하시는 경우, 언어 지원 서비스를 무료로 이용하실 수 있습니다. 전화:",
    ),
    (
        "uk",
        "Українська",
        "УВАГА! Якщо ви розмовляєте українською мовою, ви можете звернутися до "
        "безкоштовної служби мовної підтримки. Телефонуйте за номером",
    ),
    (
        "ar",
        "العربية",
        "ملحوظة: إذا كنت تتحدث العربية، فإن خدمات المساعدة اللغوية تتوافر لك بالمجان. اتصل برقم",
    ),
    (
        "so",
        "Soomaali",
        "FIIRO GAAR AH: Haddii aad ku hadasho Soomaali, adeegyada caawimada luqadda, oo "
        "bilaash ah, ayaad heli kartaa. Wac",
    ),
    (
        "ja",
        "日本語",
        "注意事項：日本語を話される場合、無料の言語支援をご利用いただけます。お電話ください：",
    ),
    (
        "ro",
        "Română",
        "ATENȚIE: Dacă vorbiți limba română, vă stau la dispoziție servicii de asistență "
        "lingvistică, gratuit. Sunați la",
    ),
    (
        "fa",
        "فارسی",
        "توجه: اگر به زبان فارسی گفتگو می کنید، تسهیلات زبانی بصورت رایگان برای شما فراهم "
        "می باشد. با این شماره تماس بگیرید:",
    ),
    (
        "km",
        "ខ្មែរ",
        "ប្រយ័ត្ន៖ បើសិនជាអ្នកនិយាយ ភាសាខ្មែរ, សេវាជំនួយផ្នែកភាសា ដោយមិនគិតឈ្នួល គឺអាចមានសំរាប់បំរើអ្នក។ ចូរ ទូរស័ព្ទ",
    ),
    (
        "lo",
        "ພາສາລາວ",
        "ໂປດຊາບ: ຖ້າວ່າ ທ່ານເວົ້າພາສາ ລາວ, ການບໍລິການຊ່ວຍເຫຼືອດ້ານພາສາ, ໂດຍບໍ່ເສັຽຄ່າ, ແມ່ນມີພ້ອມໃຫ້ທ່ານ. ໂທຣ",
    ),
    (
        "am",
        "አማርኛ",
        "ማስታወሻ: የሚናገሩት ቋንቋ አማርኛ ከሆነ የትርጉም እርዳታ ድርጅቶች፣ በነጻ ሊያግዝዎት ተዘጋጀተዋል፡ ወደ ሚከተለው ቁጥር ይደውሉ",
    ),
    (
        "chk",
        "Chuuk",
        "MEI AUCHEA: Ika iei foosun fonuomw, Foosun Chuuk, iwe en mei tongeni omw kopwe "
        "angei aninnisin chiakku, ese kamo. Kori",
    ),
    (
        "mh",
        "Kajin M̧ajeļ",
        "LALE: Ñe kwōj kōnono Kajin M̧ajeļ, kwomaroñ bōk jerbal in jipañ ilo kajin ņe aṃ "
        "ejjeļok wōnāān. Kaalọk",
    ),
    (
        "tl",
        "Tagalog",
        "PAUNAWA: Kung nagsasalita ka ng Tagalog, maaari kang gumamit ng mga serbisyo ng "
        "tulong sa wika nang walang bayad. Tumawag sa",
    ),
]

LANGUAGE_ASSISTANCE_BODY = [
    p(
        "<p>Free language help is available to you. Rainfall Medicine provides qualified "
        "interpreters, by phone, video or in person, and translations of written "
        "information, at no cost, for our services, your appointments and this website. "
        "Tell us the language you prefer when you call or when you request a "
        "consultation, and we will arrange it before your visit.</p>"
        "<p>You do not have to bring a family member or friend to interpret for you, and "
        "we will not ask a child to interpret.</p>"
    ),
    h2("Help in your language"),
    (
        "taglines",
        {
            "phone": "",
            "tty": "711",
            "taglines": [
                {"language": code, "language_name": name, "text": text}
                for code, name, text in TAGLINES
            ],
        },
    ),
    h2("Sign language and other formats"),
    p(
        "<p>For people who are deaf, hard of hearing or blind, or who have a speech "
        "disability, we provide qualified sign language interpreters, written materials "
        "in large print and accessible electronic formats, and other aids, at no cost. "
        'Call <a href="tel:+15035550100">(503) 555-0100</a> (TTY: '
        '<a href="tel:711">711</a>) to ask for them.</p>'
    ),
]

ACCESSIBILITY_BODY = [
    p(
        "<p>Rainfall Medicine wants everyone to be able to use this website, including "
        "people who use a screen reader, a keyboard, voice control or a magnifier, and "
        "people reading on a small phone or a slow connection.</p>"
    ),
    h2("What we do"),
    p(
        "<ul><li>We aim to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level "
        "AA.</li>"
        "<li>Every page is checked with automated tools before it is published, and we test "
        "our main pages with a keyboard and a screen reader.</li>"
        "<li>Text can be enlarged to 200% without losing content, and colors meet WCAG "
        "contrast ratios.</li>"
        "<li>Maps load only when you ask for them, and every clinic’s address, phone "
        "number and opening hours are written as text.</li></ul>"
    ),
    h2("Report a barrier"),
    p(
        "<p>If something on this website is hard to use, or you need information in "
        "another format, please tell us. Email "
        f'<a href="mailto:{ACCESSIBILITY_EMAIL}?subject=Accessibility%20barrier">'
        f"{ACCESSIBILITY_EMAIL}</a> or call "
        '<a href="tel:+15035550100">(503) 555-0100</a> (TTY: <a href="tel:711">711</a>). '
        "Tell us the page’s address and what happened. We reply within two business days, "
        "and we will give you the information you need in another way while we fix it.</p>"
    ),
]

CMS_NO_SURPRISES = "https://www.cms.gov/nosurprises"

# The federal standard notice "Right to Receive a Good Faith Estimate of
# Expected Charges" (CMS), then how to ask this clinic for one.
GOOD_FAITH_ESTIMATE_BODY = [
    p(
        "<p>You have the right to receive a “Good Faith Estimate” explaining how much your "
        "medical care will cost.</p>"
        "<p>Under the law, health care providers need to give patients who don’t have "
        "insurance or who are not using insurance an estimate of the bill for medical items "
        "and services.</p>"
        "<ul><li>You have the right to receive a Good Faith Estimate for the total expected "
        "cost of any non-emergency items or services. This includes related costs like "
        "medical tests, prescription drugs, equipment, and hospital fees.</li>"
        "<li>Make sure your health care provider gives you a Good Faith Estimate in writing "
        "at least 1 business day before your medical service or item. You can also ask your "
        "health care provider, and any other provider you choose, for a Good Faith Estimate "
        "before you schedule an item or service.</li>"
        "<li>If you receive a bill that is at least $400 more than your Good Faith Estimate, "
        "you can dispute the bill.</li>"
        "<li>Make sure to save a copy or picture of your Good Faith Estimate.</li></ul>"
        "<p>For questions or more information about your right to a Good Faith Estimate, "
        f'visit <a href="{CMS_NO_SURPRISES}">www.cms.gov/nosurprises</a> or call '
        '<a href="tel:+18009853059">1-800-985-3059</a>.</p>'
    ),
    h2("How to ask us for one"),
    p(
        "<p>Tell our intake team that you are uninsured or will pay yourself when you "
        "schedule, or ask at any time: call "
        '<a href="tel:+15035550100">(503) 555-0100</a>. We give you the estimate in writing '
        "before your visit, with each service and its expected cost.</p>"
    ),
]

# (setting field, slug, title, intro, search description, body)
NOTICES = [
    (
        "privacy_notice_page",
        "notice-of-privacy-practices",
        "Notice of Privacy Practices",
        "<p>How Rainfall Medicine may use and share your health information, and your "
        "rights to it.</p>",
        "How Rainfall Medicine may use and share your health information, and your rights "
        "under HIPAA.",
        PRIVACY_NOTICE_BODY,
    ),
    (
        "nondiscrimination_page",
        "nondiscrimination",
        "Notice of Nondiscrimination",
        "<p>We do not discriminate, and we provide free aids, services and language help.</p>",
        "Rainfall Medicine does not discriminate and provides free aids, services and "
        "language help.",
        NONDISCRIMINATION_BODY,
    ),
    (
        "language_assistance_page",
        "language-assistance",
        "Language assistance",
        "<p>Interpreters and translated information, free of charge, in your language.</p>",
        "Free interpreters and translated information at Rainfall Medicine, in your language.",
        LANGUAGE_ASSISTANCE_BODY,
    ),
    (
        "accessibility_page",
        "accessibility",
        "Accessibility statement",
        "<p>How we make this website usable for everyone, and how to tell us about a barrier.</p>",
        "How Rainfall Medicine makes its website accessible, and how to report a barrier.",
        ACCESSIBILITY_BODY,
    ),
    (
        "good_faith_estimate_page",
        "good-faith-estimate",
        "Your right to a Good Faith Estimate",
        "<p>If you do not have insurance or will not use it, you can get an estimate of your "
        "costs in writing before your care.</p>",
        "Uninsured and self-pay patients have the right to a Good Faith Estimate of their "
        "costs (No Surprises Act).",
        GOOD_FAITH_ESTIMATE_BODY,
    ),
]


def load(demo):
    """The notice pages under the home page, and the clinic settings that
    name them (only where a setting is still empty)."""
    from core.models import SiteSettings
    from home.models import NoticePage

    chosen = {}
    for field, slug, title, intro, description, body in NOTICES:
        chosen[field] = get_or_create_page(
            demo,
            demo.home_page,
            NoticePage,
            slug,
            title=title,
            intro=intro,
            effective_date=EFFECTIVE,
            body=body,
            search_description=description,
            show_in_menus=False,
        )
    get_or_create_setting(demo, SiteSettings, **chosen)
    return chosen


def pages(demo):
    """The demo's notice pages that exist, for their translation."""
    slugs = [slug for _field, slug, *_rest in NOTICES]
    found = {page.slug: page for page in demo.home_page.get_children().filter(slug__in=slugs)}
    return [found[slug] for slug in slugs if slug in found]
