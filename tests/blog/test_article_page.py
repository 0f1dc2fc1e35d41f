"""The article page: the seed article, review byline, contents, share links, SEO."""

import datetime
import json
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from blog.blocks import ReferenceBlock
from core.models import SiteSettings
from tests.blog.conftest import visible_text
from tests.factories.blog import ArticlePageFactory, PersonFactory, TopicFactory
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db

SEED_URL = "/blog/how-does-ketamine-help-depression/"

# Every section and subsection heading of the seed text, in order, at its level.
SEED_HEADINGS = [
    ("h2", "Understanding Depression"),
    ("h3", "Symptoms Of Depression"),
    ("h3", "Causes Of Depression"),
    ("h3", "Traditional Treatments For Depression"),
    ("h2", "What Is Ketamine?"),
    ("h3", "History Of Ketamine"),
    ("h3", "Ketamine As An Anesthetic"),
    ("h3", "Ketamine’s Recreational Use"),
    ("h2", "Ketamine’s Role In Treating Depression"),
    ("h3", "The Science Behind Ketamine & Depression"),
    ("h3", "Ketamine Infusion Therapy"),
    ("h2", "Benefits Of Ketamine Treatment For Depression"),
    ("h3", "Rapid Onset Of Relief"),
    ("h3", "A Solution For Treatment-Resistant Depression"),
    ("h3", "Decreased Suicidal Thoughts"),
]
SYMPTOMS = [
    "Feeling sad or down most of the time",
    "Loss of interest in activities you usually enjoy",
    "Difficulty sleeping or sleeping too much",
    "Weight changes or appetite fluctuations",
    "Fatigue or loss of energy",
    "Feelings of worthlessness or hopelessness",
    "Difficulty concentrating or making decisions",
    "Thoughts of suicide or self-harm",
]
CAUSES = [
    "Family history of depression",
    "Stressful life events, such as loss of a loved one or job, financial difficulties or a "
    "traumatic experience",
    "Chemical imbalances in the brain, including a decrease in the neurotransmitters "
    "serotonin and norepinephrine",
    "Chronic medical conditions, such as cancer, heart disease, or diabetes",
]


def get_soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def json_ld(soup):
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def of_type(documents, type_name):
    return [d for d in documents if d.get("@type") == type_name]


# -- The seed article -----------------------------------------------------------


def test_seed_article_shows_every_heading_in_order_at_its_level(client, demo_site):
    soup = get_soup(client, SEED_URL)
    assert visible_text(soup.h1) == "How Does Ketamine Help Depression?"
    body = soup.select_one(".article__body")
    headings = [(h.name, visible_text(h)) for h in body.find_all(["h2", "h3", "h4"])]
    assert headings == SEED_HEADINGS


def test_seed_article_shows_both_lists_and_every_paragraph(client, demo_site):
    body = get_soup(client, SEED_URL).select_one(".article__body")
    lists = [[visible_text(li) for li in ul.find_all("li")] for ul in body.find_all("ul")]
    assert lists == [SYMPTOMS, CAUSES]
    paragraphs = [visible_text(p) for p in body.find_all("p")]
    # 25 paragraphs of the article, then the 4 of the closing call to action.
    assert len(paragraphs) == 25 + 4
    assert paragraphs[0].startswith("Depression is a mental health disorder that affects")
    assert paragraphs[24].startswith("It is vital to note that while ketamine can be effective")
    assert "“Special K”" in " ".join(paragraphs)


def test_seed_article_ends_with_the_consultation_call_to_action(client, demo_site):
    soup = get_soup(client, SEED_URL)
    cta = soup.select_one(".article__body .consultation-cta")
    text = visible_text(cta)
    assert text.startswith("At Rainfall Medicine, we understand the debilitating impact")
    assert "request your consultation today" in text
    consultation_page = SiteSettings.for_site(demo_site).consultation_page
    assert consultation_page is not None
    assert cta.find("a", class_="button")["href"] == consultation_page.url
    # It is the last block of the body.
    assert soup.select(".article__body > *")[-1] == cta


def test_table_of_contents_links_to_every_section_heading(client, demo_site):
    soup = get_soup(client, SEED_URL)
    toc = soup.select_one("nav.toc")
    top = toc.select("ol.toc__list > li")
    assert [visible_text(li.a) for li in top] == [t for level, t in SEED_HEADINGS if level == "h2"]
    assert [visible_text(a) for a in top[0].select(":scope > ol a")] == [
        "Symptoms Of Depression",
        "Causes Of Depression",
        "Traditional Treatments For Depression",
    ]
    body_ids = [h["id"] for h in soup.select_one(".article__body").find_all(["h2", "h3"])]
    assert [a["href"] for a in toc.find_all("a")] == [f"#{i}" for i in body_ids]
    assert body_ids[0] == "understanding-depression"
    all_ids = [el["id"] for el in soup.find_all(id=True)]
    assert len(all_ids) == len(set(all_ids))


def test_reading_time_review_byline_and_authors_near_the_top(client, demo_site):
    soup = get_soup(client, SEED_URL)
    header = visible_text(soup.select_one(".article__header"))
    assert "By Jordan Ellery" in header
    assert "7 min read" in header
    reviewed = (datetime.date.today() - datetime.timedelta(days=14)).strftime("%B %-d, %Y")
    assert f"Medically reviewed by Avery Lindqvist, MD on {reviewed}" in header
    people = visible_text(soup.select_one(".people"))
    assert "Medical reviewer · Medical Director" in people


def test_crisis_notice_near_the_top_of_flagged_articles_only(client, demo_site):
    notice = "call or text 988"
    soup = get_soup(client, SEED_URL)
    crisis = soup.select_one(".article__crisis")
    assert notice in visible_text(crisis)
    # Before the body, right after the header.
    assert crisis.find_previous_sibling("header")
    other = get_soup(client, "/blog/what-are-the-long-term-effects-of-depression/")
    assert other.select_one(".article__crisis") is None


def test_more_to_explore_shows_the_second_article(client, demo_site):
    soup = get_soup(client, SEED_URL)
    related = soup.select_one("#more-to-explore")
    assert visible_text(related.h2) == "More to explore"
    links = [a["href"] for a in related.select(".article-card__title a")]
    # The source's one (the demo has a third article since, on ketamine too).
    assert "/blog/what-are-the-long-term-effects-of-depression/" in links
    assert SEED_URL not in links and len(links) == len(set(links))
    assert "While many individuals are familiar" in visible_text(related)


def test_share_links_carry_the_canonical_url_and_load_nothing_from_elsewhere(client, demo_site):
    soup = get_soup(client, SEED_URL)
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == "http://localhost/blog/how-does-ketamine-help-depression/"
    share = soup.select_one("#article-share")
    assert visible_text(share.h2) == "Share this post"
    encoded = quote(canonical, safe="")
    hrefs = {visible_text(a): a["href"] for a in share.find_all("a")}
    assert hrefs == {
        "Share on Facebook": f"https://www.facebook.com/sharer/sharer.php?u={encoded}",
        "Share on X": f"https://x.com/intent/post?url={encoded}"
        "&text=How%20Does%20Ketamine%20Help%20Depression%3F",
        "Share on LinkedIn": f"https://www.linkedin.com/sharing/share-offsite/?url={encoded}",
        "Share by Email": "mailto:?subject=How%20Does%20Ketamine%20Help%20Depression%3F"
        f"&body={encoded}",
    }
    button = share.find("button", attrs={"data-copy-url": True})
    assert button["data-copy-url"] == canonical
    assert button.has_attr("hidden")  # shown by site.js when the clipboard works
    assert share.find(attrs={"data-copy-status": True})["aria-live"] == "polite"
    # No third-party script, pixel or stylesheet.
    for tag, attr in (("script", "src"), ("img", "src"), ("link", "href"), ("iframe", "src")):
        for el in soup.find_all(tag):
            if el.get(attr) and el.get("rel") not in (["canonical"], ["alternate"]):
                assert el[attr].startswith("/"), el


def test_feed_links_and_open_graph_article_tags(client, demo_site):
    soup = get_soup(client, SEED_URL)
    alternates = {
        link["type"]: link["href"]
        for link in soup.find_all("link", rel="alternate")
        if link.get("type")  # not the hreflang links to the translations
    }
    assert alternates == {
        "application/rss+xml": "/blog/feed/rss/",
        "application/atom+xml": "/blog/feed/atom/",
    }
    meta = {m.get("property"): m["content"] for m in soup.find_all("meta", property=True)}
    assert meta["og:type"] == "article"
    assert meta["og:url"] == "http://localhost/blog/how-does-ketamine-help-depression/"
    assert meta["og:image"].startswith("http://localhost/")
    assert meta["article:author"] == "Jordan Ellery"
    assert (
        meta["article:published_time"]
        == (datetime.date.today() - datetime.timedelta(days=14)).isoformat()
    )
    assert meta["article:modified_time"]
    assert meta["article:section"] == "Depression"
    tags = [m["content"] for m in soup.find_all("meta", property="article:tag")]
    assert tags == ["depression", "ketamine"]
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("Depression affects millions of people")


# -- Structured data ----------------------------------------------------------------


def test_json_ld_describes_the_medical_web_page(client, demo_site):
    documents = json_ld(get_soup(client, SEED_URL))
    (article,) = of_type(documents, "MedicalWebPage")
    assert article["headline"] == "How Does Ketamine Help Depression?"
    assert article["description"].startswith("Depression affects millions")
    assert article["image"][0].startswith("http://localhost/")
    today = datetime.date.today()
    assert article["datePublished"] == (today - datetime.timedelta(days=14)).isoformat()
    assert datetime.datetime.fromisoformat(article["dateModified"])
    assert article["author"] == {
        "@type": "Person",
        "name": "Jordan Ellery",
        "jobTitle": "Health writer",
        "url": "http://localhost/blog/people/jordan-ellery/",
    }
    assert article["reviewedBy"]["@type"] == "Person"
    assert article["reviewedBy"]["url"] == "http://localhost/blog/people/avery-lindqvist/"
    assert article["reviewedBy"]["name"] == "Avery Lindqvist"
    assert article["reviewedBy"]["honorificSuffix"] == "MD"
    assert article["lastReviewed"] == (today - datetime.timedelta(days=14)).isoformat()
    assert article["publisher"]["@id"] == "http://localhost/#organization"
    assert article["publisher"]["name"] == "Rainfall Medicine"
    (breadcrumbs,) = of_type(documents, "BreadcrumbList")
    assert [(i["position"], i["name"], i["item"]) for i in breadcrumbs["itemListElement"]] == [
        (1, "Home", "http://localhost/"),
        (2, "Articles", "http://localhost/blog/"),
        (3, "How Does Ketamine Help Depression?", article["url"]),
    ]
    assert of_type(documents, "FAQPage") == []


def test_faq_block_adds_faq_page_data(client, blog_index):
    article = ArticlePageFactory(
        parent=blog_index,
        body=[
            (
                "faq",
                {
                    "heading": "Common questions",
                    "items": [
                        {
                            "question": "Is ketamine safe?",
                            "answer": "<p>Under <b>supervision</b>.</p>",
                        },
                        {"question": "How long?", "answer": "<p>About 40 minutes.</p>"},
                    ],
                },
            )
        ],
    )
    soup = get_soup(client, article.url)
    faq = soup.select_one(".faq")
    assert [visible_text(h) for h in faq.find_all("h3")] == ["Is ketamine safe?", "How long?"]
    (data,) = of_type(json_ld(soup), "FAQPage")
    assert data["mainEntity"][0] == {
        "@type": "Question",
        "name": "Is ketamine safe?",
        "acceptedAnswer": {"@type": "Answer", "text": "Under supervision."},
    }


def test_a_title_with_script_tags_cannot_break_the_page(client, blog_index):
    title = 'Evil </script><script>alert("x")</script> & co'
    article = ArticlePageFactory(parent=blog_index, title=title, slug="evil")
    html = client.get(article.url).content.decode()
    assert '<script>alert("x")' not in html
    soup = BeautifulSoup(html, "html.parser")
    assert visible_text(soup.h1) == title
    (data,) = of_type(json_ld(soup), "MedicalWebPage")
    assert data["headline"] == title


# -- Body blocks, edge cases -----------------------------------------------------------


def test_repeated_headings_get_unique_anchors_that_the_contents_link_to(client, blog_index):
    article = ArticlePageFactory(
        parent=blog_index,
        body=[
            ("heading", {"text": "Overview", "level": "h2", "anchor": ""}),
            ("heading", {"text": "Overview", "level": "h2", "anchor": ""}),
            ("heading", {"text": "Main", "level": "h3", "anchor": ""}),
            ("references", {"heading": "References", "items": [{"citation": "A. 2020."}]}),
        ],
    )
    soup = get_soup(client, article.url)
    ids = [h["id"] for h in soup.select_one(".article__body").find_all(["h2", "h3"])]
    assert ids == ["overview", "overview-2", "main-2", "references"]
    assert [a["href"] for a in soup.select("nav.toc a")] == [f"#{i}" for i in ids]
    all_ids = [el["id"] for el in soup.find_all(id=True)]
    assert len(all_ids) == len(set(all_ids))


def test_consultation_cta_links_to_the_chosen_page_or_the_settings_page(
    client, site, blog_index, home_page
):
    chosen = StandardPageFactory(parent=home_page, title="Talk to us", slug="talk")
    fallback = StandardPageFactory(parent=home_page, title="Consultation", slug="consult")
    settings = SiteSettings.for_site(site)
    settings.consultation_page = fallback
    settings.save()
    cta = {"text": "<p>Call us.</p>", "button_label": "Book now"}
    article = ArticlePageFactory(
        parent=blog_index,
        body=[
            ("consultation_cta", {**cta, "page": chosen}),
            ("consultation_cta", {**cta, "page": None}),
        ],
    )
    soup = get_soup(client, article.url)
    buttons = [a["href"] for a in soup.select(".consultation-cta a.button")]
    assert buttons == ["/talk/", "/consult/"]

    settings.consultation_page = None
    settings.save()
    soup = get_soup(client, article.url)
    assert [a["href"] for a in soup.select(".consultation-cta a.button")] == ["/talk/"]


def test_lists_callouts_and_references_render(client, blog_index):
    article = ArticlePageFactory(
        parent=blog_index,
        body=[
            ("list", {"style": "numbered", "items": ["First step", "Second step"]}),
            ("notice", {"style": "warning", "title": "Important", "text": "<p>Do not stop.</p>"}),
            (
                "references",
                {
                    "heading": "Sources",
                    "items": [
                        {"citation": "Smith J. A trial. 2019.", "doi": "10.1000/xyz123"},
                        {"citation": "Jones K. A guide.", "url": "https://example.org/guide"},
                    ],
                },
            ),
        ],
    )
    soup = get_soup(client, article.url)
    body = soup.select_one(".article__body")
    assert [visible_text(li) for li in body.select("ol.content-list--numbered li")] == [
        "First step",
        "Second step",
    ]
    assert "Do not stop." in visible_text(body.select_one(".notice--warning"))
    refs = body.select(".references li a")
    assert [a["href"] for a in refs] == [
        "https://doi.org/10.1000/xyz123",
        "https://example.org/guide",
    ]


def test_reference_doi_is_normalised_and_validated():
    block = ReferenceBlock()
    value = block.clean(block.to_python({"citation": "X", "doi": "https://doi.org/10.1000/ABC"}))
    assert value["doi"] == "10.1000/ABC"
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"citation": "X", "doi": "not a doi"}))


def test_draft_article_is_not_public(client, blog_index):
    draft = ArticlePageFactory(parent=blog_index, live=False)
    assert client.get(f"/blog/{draft.slug}/").status_code == 404


def test_author_profile_page_is_linked(client, blog_index, home_page):
    profile = StandardPageFactory(parent=home_page, title="Dr. Kim", slug="dr-kim")
    reviewer = PersonFactory(name="Sam Kim", credentials="PMHNP", profile_page=profile)
    article = ArticlePageFactory(
        parent=blog_index, medical_reviewer=reviewer, last_reviewed=datetime.date(2025, 3, 3)
    )
    soup = get_soup(client, article.url)
    review = soup.select_one(".article__review")
    assert "Medically reviewed by Sam Kim, PMHNP on March 3, 2025" in visible_text(review)
    assert review.a["href"] == "/dr-kim/"
    (data,) = of_type(json_ld(soup), "MedicalWebPage")
    assert data["reviewedBy"]["url"] == "http://localhost/dr-kim/"


def test_topics_link_to_topic_pages(client, blog_index):
    topic = TopicFactory(name="Anxiety", slug="anxiety")
    article = ArticlePageFactory(parent=blog_index, topics=[topic], tags=["sleep"])
    soup = get_soup(client, article.url)
    assert soup.select_one(".article__topics a")["href"] == "/blog/topic/anxiety/"
    assert soup.select_one(".tag-list a")["href"] == "/blog/tag/sleep/"
