"""Demo content of the blog: /blog/, topics, people and three articles.

"How Does Ketamine Help Depression?" is the clinic's real article, with its
full text and structure (demo/data/blog/how-does-ketamine-help-depression.txt:
"## " a section heading, "### " a subsection heading, "- " a list item,
other lines paragraphs). Its closing call to action is a consultation block
linking to the consultation page of the clinic settings. The people are
fictional. Also sets up the editor groups and the "Medical review" workflow.
"""

import datetime

from django.conf import settings
from django.utils.html import escape
from django.utils.text import slugify

from blog.editorial import ensure_editorial_setup
from blog.models import ArticlePage, BlogIndexPage, MedicalReview, Topic
from demo.common import (
    DATA,
    add_menu_link,
    demo_alt,
    demo_image,
    get_or_create_page,
    use_demo_image,
)
from home.models import StandardPage
from people.models import Person, PersonTranslation

DEMO_DATA = DATA / "blog"

TOPICS = [
    ("Depression", "depression", "Symptoms, causes and treatment of depression."),
    ("Ketamine Therapy", "ketamine-therapy", "How ketamine therapy works and who it can help."),
    (
        "Treatment-Resistant Depression",
        "treatment-resistant-depression",
        "Options when antidepressants and therapy have not brought enough relief.",
    ),
    ("Mental Health", "mental-health", "Looking after your mental health."),
]

MEDICAL_DIRECTOR = {
    "name": "Avery Lindqvist",
    "credentials": "MD",
    "role": "Medical Director",
    "bio": "Dr. Lindqvist is a board-certified psychiatrist who leads the clinic's ketamine "
    "therapy program and reviews every health article on this site. (A fictional person "
    "for the demo content.)",
}
WRITER = {
    "name": "Jordan Ellery",
    "credentials": "",
    "role": "Health writer",
    "bio": "Jordan writes about mental health and treatment options in plain language. "
    "(A fictional person for the demo content.)",
}

KETAMINE_SLUG = "how-does-ketamine-help-depression"
KETAMINE_TITLE = "How Does Ketamine Help Depression?"
KETAMINE_SUMMARY = (
    "Depression affects millions of people, and traditional treatments don’t work for "
    "everyone. The science behind how ketamine helps with depression, its benefits, and "
    "what treatment involves."
)
KETAMINE_CTA = {
    "heading": "",
    "text": (
        "<p>At Rainfall Medicine, we understand the debilitating impact of depression and the "
        "need for effective treatment options. Ketamine therapy has shown great promise in "
        "providing rapid relief for individuals who have not responded to traditional "
        "treatments.</p>"
        "<p>If you or a loved one are struggling with depression, we encourage you to reach "
        "out to our clinic and speak with our experienced medical professionals. We are here "
        "to guide you through the process, answer your questions, and determine if ketamine "
        "therapy is a suitable option for your specific needs.</p>"
        "<p>Take the first step towards finding hope and healing by contacting Rainfall "
        "Medicine today. Together, we can embark on a journey towards a brighter future free "
        "from the grip of depression.</p>"
        "<p>If you are interested in learning more about ketamine for depression treatment "
        "in Portland, OR &amp; Hood River, OR contact Rainfall Medicine and request your "
        "consultation today.</p>"
    ),
    "button_label": "Request your consultation",
    "page": None,
}

LONG_TERM_SLUG = "what-are-the-long-term-effects-of-depression"
LONG_TERM_TITLE = "What Are the Long-Term Effects of Depression?"
# The teaser of the current site's "More To Explore" card, as it appears there.
LONG_TERM_SUMMARY = (
    "Depression is a complex and debilitating mental health disorder that can have profound "
    "and long-lasting effects on a person’s well-being. While many individuals are familiar…"
)
LONG_TERM_BODY = [
    (
        "paragraph",
        "<p>Depression is a complex and debilitating mental health disorder that can have "
        "profound and long-lasting effects on a person’s well-being. Its effects reach beyond "
        "mood: left untreated, depression can affect sleep, physical health, relationships "
        "and work for years.</p>",
    ),
    ("heading", {"text": "Effects on the body and mind", "level": "h2", "anchor": ""}),
    (
        "list",
        {
            "style": "bulleted",
            "items": [
                "Ongoing problems with sleep, energy and concentration",
                "A higher risk of heart disease and other chronic conditions",
                "Strain on relationships, work and school",
                "A greater chance of future depressive episodes",
            ],
        },
    ),
    ("heading", {"text": "Treatment makes a difference", "level": "h2", "anchor": ""}),
    (
        "paragraph",
        "<p>The earlier depression is treated, the better the outlook. If several treatments "
        "have not helped, options such as ketamine therapy may. Talk to a mental health "
        "professional about what is right for you.</p>",
    ),
]


def parse_article_text(text):
    """Turn the demo article text into StreamField data (see the module docstring)."""
    stream = []
    items = []

    def flush_list():
        if items:
            stream.append(("list", {"style": "bulleted", "items": list(items)}))
            items.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("- "):
            items.append(line[2:].strip())
            continue
        flush_list()
        if not line:
            continue
        if line.startswith("### "):
            stream.append(("heading", {"text": line[4:].strip(), "level": "h3", "anchor": ""}))
        elif line.startswith("## "):
            stream.append(("heading", {"text": line[3:].strip(), "level": "h2", "anchor": ""}))
        else:
            stream.append(("paragraph", f"<p>{escape(line)}</p>"))
    flush_list()
    return stream


def ketamine_article_body():
    text = (DEMO_DATA / f"{KETAMINE_SLUG}.txt").read_text(encoding="utf-8")
    return [*parse_article_text(text), ("consultation_cta", KETAMINE_CTA)]


def get_or_create_person(demo, name, **fields):
    """The demo person ``name``, with their drawn portrait (demo/images/
    portrait-<slug>.jpg) while they have no photo: a person an editor gave a
    photo keeps it."""
    person = Person.objects.filter(name=name).first()
    if person is None:
        person = Person.objects.create(name=name, **fields)
        demo.log(f"person {person}")
    if person.photo_id is None:
        person.photo = demo_image(demo, f"portrait-{slugify(name)}")
        person.save(update_fields=["photo"])
        demo.log(f"portrait of {person}")
    return person


def get_or_create_topics(demo):
    topics = {}
    originals = Topic.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    for name, slug, description in TOPICS:
        topic = originals.filter(slug=slug).first()
        if topic is None:
            topic = Topic.objects.create(name=name, slug=slug, description=description)
            demo.log(f"topic {name}")
        topics[slug] = topic
    return topics


FIRST_VISIT_SLUG = "what-happens-at-a-first-ketamine-therapy-visit"
FIRST_VISIT_TITLE = "What Happens at a First Ketamine Therapy Visit?"
FIRST_VISIT_SUMMARY = (
    "Ketamine therapy starts with a conversation, not a treatment. Here is what an "
    "evaluation covers, how a supervised session runs and what happens afterwards."
)
FIRST_VISIT_BODY = [
    (
        "paragraph",
        "<p>Many people who ask about ketamine therapy have lived with depression for a long "
        "time and tried several treatments. Knowing what to expect can make the first step "
        "easier. Every clinic works a little differently; this is how care usually begins.</p>",
    ),
    ("heading", {"text": "First, an evaluation", "level": "h2", "anchor": ""}),
    (
        "paragraph",
        "<p>A psychiatric clinician asks about your symptoms, the treatments you have tried, "
        "your physical health and the medicines you take. Ketamine is not right for everyone: "
        "some heart and blood pressure conditions, some psychiatric conditions and some "
        "medicines need care or rule it out. You decide together whether to go ahead.</p>",
    ),
    ("heading", {"text": "During a session", "level": "h2", "anchor": ""}),
    (
        "list",
        {
            "style": "bulleted",
            "items": [
                "A clinician checks your blood pressure and how you feel before you start",
                "You rest in a quiet room while you are monitored throughout",
                "Effects such as feeling detached or drowsy usually fade within an hour or two",
                "Someone else drives you home: you should not drive until the next day",
            ],
        },
    ),
    ("heading", {"text": "Afterwards", "level": "h2", "anchor": ""}),
    (
        "paragraph",
        "<p>Treatment is usually a short series of sessions, reviewed as you go. Your clinician "
        "keeps your other care team informed and talks with you about therapy and medicines "
        "alongside it. If your mood gets worse at any point, tell the clinic straight away.</p>",
    ),
]

HOME_QUOTE = (
    "Most people we see have tried a lot already. Our job is to listen, explain the options "
    "honestly and stay with them through each step."
)


def create_article(demo, index, slug, *, topics, tags, **fields):
    """An article with its topics and tags, created (and published) once."""
    existing = index.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    article = ArticlePage(slug=slug, **fields)
    article.topics = topics
    article.tags.add(*tags)
    index.add_child(instance=article)
    article.save_revision().publish()
    demo.log(f"article {article.url_path}")
    return article


def add_review_record(demo, article):
    """The article's recorded review (who, when, which revision), once."""
    if article.medical_reviews.exists() or not article.last_reviewed:
        return
    article.refresh_from_db()  # published through its revision: its live revision
    MedicalReview.objects.create(
        article=article,
        reviewer=article.medical_reviewer,
        reviewed_on=article.last_reviewed,
        revision=article.live_revision,
        kind=MedicalReview.APPROVED_CHANGES,
    )
    demo.log(f"medical review of {article.url_path}")


def add_team_to_about_page(demo, people):
    """The About page lists the people behind the articles (once)."""
    about = StandardPage.objects.child_of(demo.home_page).filter(slug="about").first()
    if about is None or any(block.block_type == "team" for block in about.body):
        return
    team_block = about.body.stream_block.child_blocks["team"]
    about.body.append(
        (
            "team",
            team_block.to_python(
                {
                    "heading": "Our team",
                    "intro": "The clinicians and writers behind our care and our articles.",
                    "people": [person.pk for person in people],
                }
            ),
        )
    )
    about.save_revision().publish()
    demo.log("team on the About page")


def load(demo):
    for change in ensure_editorial_setup():
        demo.log(change)
    index = get_or_create_page(
        demo,
        demo.home_page,
        BlogIndexPage,
        "blog",
        title="Articles",
        intro="<p>Clear, medically reviewed information about depression, ketamine therapy "
        "and mental health.</p>",
        search_description="Medically reviewed articles about depression, ketamine therapy "
        "and treatment-resistant depression.",
    )
    add_menu_link(demo, "header_links", index, "Articles")

    topics = get_or_create_topics(demo)
    reviewer = get_or_create_person(demo, **MEDICAL_DIRECTOR)
    writer = get_or_create_person(demo, **WRITER)

    today = datetime.date.today()
    ketamine = create_article(
        demo,
        index,
        KETAMINE_SLUG,
        title=KETAMINE_TITLE,
        summary=KETAMINE_SUMMARY,
        date=today - datetime.timedelta(days=14),
        hero_image=demo_image(demo, "rain-on-window"),
        hero_image_alt=demo_alt("rain-on-window"),
        body=ketamine_article_body(),
        author=writer,
        medical_reviewer=reviewer,
        last_reviewed=today - datetime.timedelta(days=14),
        next_review_due=today + datetime.timedelta(days=351),
        touches_on_suicide=True,
        topics=[
            topics["depression"],
            topics["ketamine-therapy"],
            topics["treatment-resistant-depression"],
        ],
        tags=["ketamine", "depression"],
    )
    long_term = create_article(
        demo,
        index,
        LONG_TERM_SLUG,
        title=LONG_TERM_TITLE,
        seo_title=f"{LONG_TERM_TITLE} - Portland OR",
        summary=LONG_TERM_SUMMARY,
        date=today - datetime.timedelta(days=45),
        hero_image=demo_image(demo, "forest-path"),
        hero_image_alt=demo_alt("forest-path"),
        body=LONG_TERM_BODY,
        author=writer,
        medical_reviewer=reviewer,
        # Reviewed over a year ago: the demo's Reports › Medical reviews due lists it.
        last_reviewed=today - datetime.timedelta(days=400),
        next_review_due=today - datetime.timedelta(days=35),
        topics=[topics["depression"], topics["mental-health"]],
        tags=["depression"],
    )
    first_visit = create_article(
        demo,
        index,
        FIRST_VISIT_SLUG,
        title=FIRST_VISIT_TITLE,
        summary=FIRST_VISIT_SUMMARY,
        date=today - datetime.timedelta(days=7),
        hero_image=demo_image(demo, "quiet-lake"),
        hero_image_alt=demo_alt("quiet-lake"),
        body=FIRST_VISIT_BODY,
        author=writer,
        medical_reviewer=reviewer,
        last_reviewed=today - datetime.timedelta(days=7),
        next_review_due=today + datetime.timedelta(days=358),
        topics=[topics["ketamine-therapy"], topics["treatment-resistant-depression"]],
        tags=["ketamine"],
    )
    use_demo_image(demo, ketamine, "hero_image", "hero_image_alt", "rain-on-window")
    use_demo_image(demo, long_term, "hero_image", "hero_image_alt", "forest-path")
    use_demo_image(demo, first_visit, "hero_image", "hero_image_alt", "quiet-lake")
    add_review_record(demo, ketamine)
    add_review_record(demo, long_term)
    add_review_record(demo, first_visit)
    add_team_to_about_page(demo, [reviewer, writer])

    for change in ensure_editorial_setup():
        demo.log(change)


def finish(demo):
    """Once the home page's demo sections are in place (demo.content.home), a
    quote from the medical director among them, before the closing band."""
    if not demo.notes.get("home sections added"):
        return
    person = Person.objects.filter(name=MEDICAL_DIRECTOR["name"]).first()
    home = type(demo.home_page).objects.get(pk=demo.home_page.pk)  # as just published
    if person is None or any(block.block_type == "clinician_quote" for block in home.body):
        return
    types = [block.block_type for block in home.body]
    position = types.index("cta_band") if "cta_band" in types else len(types)
    quote_block = home.body.stream_block.child_blocks["clinician_quote"]
    home.body.insert(
        position,
        ("clinician_quote", quote_block.to_python({"quote": HOME_QUOTE, "person": person.pk})),
    )
    home.save_revision().publish()
    demo.log("clinician quote on the home page")


def translate_people(demo, po_path, language="es"):
    """The demo people's role and bio in ``language`` (their words in
    another language, people.models.PersonTranslation), for each person who
    has none there yet: an editor's words are kept."""
    import polib
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return
    wanted = {entry.msgid: entry.msgstr for entry in polib.pofile(str(po_path)) if entry.msgstr}
    for fields in (MEDICAL_DIRECTOR, WRITER):
        person = Person.objects.filter(name=fields["name"]).first()
        if person is None or person.translations.filter(locale=locale).exists():
            continue
        PersonTranslation.objects.create(
            person=person,
            locale=locale,
            role=wanted.get(person.role, ""),
            bio=wanted.get(person.bio, ""),
        )
        demo.log(f"{language} words of person {person}")


def translate(demo):
    """The Spanish topics, blog index and articles (demo/data/blog/es/)."""

    from demo.common import DATA, translate_demo_pages, translate_snippet

    for topic in Topic.objects.filter(locale__language_code=settings.LANGUAGE_CODE):
        translate_snippet(demo, topic, DATA / "blog" / "es" / "topics.po")
    translate_people(demo, DATA / "blog" / "es" / "people.po")
    index = demo.home_page.get_children().type(BlogIndexPage).first()
    if index is None:
        return
    pages = [index, *index.get_children().order_by("path")]
    translate_demo_pages(demo, "blog", pages)
