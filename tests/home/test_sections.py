"""Section blocks of the home page and standard pages (core.sections): what a
visitor sees of each, their editor previews, the page cache and the demo."""

import datetime
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import Page

from blog.models import ArticlePage, BlogIndexPage
from demo.content.home import OLD_HOME_BODY
from home.models import HomePage
from locations.models import LocationPage
from tests.factories.blog import ArticlePageFactory

pytestmark = pytest.mark.django_db

SECTION_NAMES = [
    "services",
    "clinic_cards",
    "latest_articles",
    "faq",
    "steps",
    "cta_band",
    "clinician_quote",
]


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def home_page():
    return HomePage.objects.get(depth=2, locale__language_code="en")


def test_demo_home_page_links_both_clinics_and_three_articles(client, demo_site):
    page = soup(client.get("/"))
    main = page.select_one("main")
    hrefs = {a["href"] for a in main.select("a[href]")}
    # Each English clinic page, and no Spanish one (each clinic once).
    for clinic in LocationPage.objects.live().filter(locale__language_code="en"):
        assert clinic.url in hrefs, clinic.title
    assert not [href for href in hrefs if href.startswith("/es/")]
    articles = main.select(".section--articles .article-card__title a")
    assert len(articles) == 3
    live = set(ArticlePage.objects.live().values_list("title", flat=True))
    assert {a.get_text(strip=True) for a in articles} <= live


def test_each_section_shows_its_content(client, demo_site):
    page = soup(client.get("/"))
    main = page.select_one("main")
    # Headings in order: h1, then each section's h2 with its items' h3.
    levels = [int(h.name[1]) for h in main.select("h1, h2, h3, h4")]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    services = main.select_one(".section--services")
    assert services.h2.get_text(strip=True) == "How we can help"
    titles = [h.get_text(strip=True) for h in services.select("li h3")]
    assert "Ketamine-assisted therapy" in titles and len(titles) == 4
    assert services.select_one('a[href="/blog/how-does-ketamine-help-depression/"]')
    # The last card answers what care costs, linking the costs page.
    assert titles[-1] == "Clear costs"
    assert services.select_one('a[href="/costs/"]')
    # Clinic cards: name, address, a call link, a request link for that clinic,
    # and the open-now status left to the browser (no time baked in).
    clinics = main.select_one(".section--clinics")
    portland = LocationPage.objects.get(slug="portland", locale__language_code="en")
    assert portland.street_address in clinics.get_text()
    assert clinics.select_one(f'a[href="{portland.phone_href}"]')
    assert clinics.select_one('a[href$="?location=portland"]')
    status = clinics.select_one("[data-hours-status]")
    assert status.get_text(strip=True) == ""
    assert page.select_one(f"script#{portland.hours_data_id}")
    assert page.select_one('script[src$="js/opening-hours.js"]')
    steps = main.select(".section--steps ol > li")
    assert [s.h3.get_text(strip=True) for s in steps][:2] == [
        "Request a consultation",
        "Meet a psychiatric clinician",
    ]
    faq = [h.get_text(strip=True) for h in main.select(".faq__question")]
    assert "Do I need a referral?" in faq
    band = main.select_one(".section--band")
    links = {a.get_text(strip=True): a["href"] for a in band.select("a")}
    assert links["Request a consultation"] == "/request-a-consultation/"
    assert links["Find a clinic near you"] == "/locations/"
    quote = main.select_one(".clinician-quote")
    assert "Avery Lindqvist" in quote.get_text() and "Medical Director" in quote.get_text()
    # Sections span the page; the text around them keeps the reading measure.
    assert main.select_one(".page-sections > section.section--services")
    assert main.select_one(".page-sections > .stream h2").get_text(strip=True).startswith("Care")


@pytest.mark.parametrize("name", SECTION_NAMES)
def test_block_previews_render(demo_site, admin_client, name):
    block = home_page().body.stream_block.child_blocks[name]
    assert block.get_description()
    assert block.is_previewable
    response = admin_client.get(f"/admin/block-preview/?id={block.definition_prefix}")
    page = soup(response)
    assert page.select_one("main").get_text(strip=True)
    # Styled as on the site: the tokens (colours, type, spacing) come first.
    sheets = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    ours = [href for href in sheets if "/css/" in href and "wagtail" not in href]
    assert ours[0].split("/")[-1].startswith("tokens"), sheets


@pytest.mark.parametrize("name", SECTION_NAMES)
def test_block_previews_render_on_an_empty_site(admin_client, name):
    """No clinics, articles or people yet: the previews still answer."""
    block = HomePage.body.field.stream_block.child_blocks[name]
    response = admin_client.get(f"/admin/block-preview/?id={block.definition_prefix}")
    assert response.status_code == 200


def test_publishing_an_article_refreshes_the_cached_home_page(
    client, demo_site, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    cache.clear()
    client.get("/")
    assert client.get("/")["X-Cache"] == "HIT"
    index = BlogIndexPage.objects.get(locale__language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticlePageFactory(
            parent=index, title="Sleep and depression: what helps", date=datetime.date.today()
        )
        article.save_revision().publish()
    response = client.get("/")
    assert response["X-Cache"] == "MISS"
    assert "Sleep and depression: what helps" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert "Sleep and depression: what helps" not in client.get("/").content.decode()
    cache.clear()


def test_clinic_change_refreshes_the_cached_home_page(
    client, demo_site, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    cache.clear()
    client.get("/")
    clinic = LocationPage.objects.get(slug="hood-river", locale__language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        clinic.unpublish()
    main = soup(client.get("/")).select_one(".section--clinics")
    assert main.select_one('a[href="/locations/portland/"]')
    assert not main.select_one('a[href="/locations/hood-river/"]')
    cache.clear()


def test_bad_values_render_without_error(client, demo_site):
    """A pinned article unpublished, a pinned clinic gone, no clinics at all."""
    home = home_page()
    pinned = ArticlePage.objects.live().order_by("pk")
    first, second = list(pinned[:2])
    body = [(b.block_type, b.value) for b in home.body]
    articles_block = home.body.stream_block.child_blocks["latest_articles"]
    body.append(
        (
            "latest_articles",
            articles_block.to_python(
                {"heading": "Pinned reading", "articles": [first.pk, second.pk], "count": 3}
            ),
        )
    )
    home.body = body
    home.save_revision().publish()
    second.unpublish()
    page = soup(client.get("/"))
    pinned_section = [s for s in page.select(".section--articles") if "Pinned" in s.h2.text][0]
    titles = [a.get_text(strip=True) for a in pinned_section.select(".article-card__title a")]
    assert titles == [first.title]

    for clinic in LocationPage.objects.live():
        clinic.unpublish()
    page = soup(client.get("/"))
    assert "No clinics are listed yet." in page.select_one(".section--clinics").get_text()


def test_demo_replaces_only_the_earlier_demo_body(demo_site):
    home = home_page()
    home.body = OLD_HOME_BODY
    home.save_revision().publish()
    call_command("load_demo_content", stdout=StringIO())
    types = [b.block_type for b in home_page().body]
    for name in SECTION_NAMES:
        assert name in types, name

    # An editor's body is kept as it is.
    home = home_page()
    home.body = [("paragraph", "<p>Our own words.</p>")]
    home.save_revision().publish()
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert [b.block_type for b in home_page().body] == ["paragraph"]


def test_standard_page_sections_render(client, demo_site):
    about = Page.objects.get(url_path="/home/about/").specific
    steps = about.body.stream_block.child_blocks["steps"]
    about.body.append(
        (
            "steps",
            steps.to_python(
                {
                    "heading": "How care works",
                    "steps": [
                        {"title": "First step", "text": "Call us."},
                        {"title": "Second step", "text": "Meet us."},
                    ],
                }
            ),
        )
    )
    about.save_revision().publish()
    page = soup(client.get("/about/"))
    assert [li.h3.text for li in page.select(".section--steps ol li")] == [
        "First step",
        "Second step",
    ]
    assert page.select_one("h1").get_text(strip=True) == about.title
