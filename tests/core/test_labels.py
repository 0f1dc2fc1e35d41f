"""Page furniture labels (core.labels): marketing editors change the fixed
words of the pages (headings, buttons, empty states, the search box) in the
site text's Labels tab (Snippets › Site text, core.site_text); an emptied
label shows its default again."""

import datetime
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.utils import timezone
from wagtail.models import Page

from blog.models import BlogIndexPage
from core.labels import LABEL_AREAS, LABEL_NAMES, SiteLabels
from core.models import SiteSettings, SiteText
from locations.models import LocationIndexPage
from tests.factories.blog import ArticlePageFactory, PersonFactory, TopicFactory
from tests.factories.core import edit_site_text, site_text
from tests.factories.locations import LocationPageFactory

pytestmark = pytest.mark.django_db

ARTICLE = "/blog/how-does-ketamine-help-depression/"
# One page of each type, in the states the demo content has.
DEMO_URLS = [
    "/",
    "/blog/",
    "/blog/?page=2",
    ARTICLE,
    "/blog/people/avery-lindqvist/",
    "/locations/",
    "/locations/portland/",
    "/search/?q=zzzqqq",
    "/search/?q=care",
    "/request-a-consultation/",
    "/request-a-consultation/thank-you/",
    "/notice-of-privacy-practices/",
    "/no/such/page/",
]
# Shown only in states the demo does not have; test_labels_in_other_states
# shows most of them, the template scan below checks every name.
NOT_IN_DEMO = {
    "label_about_author",
    "label_about_reviewer",
    "label_article_updated",
    "label_card_no_hours",
    "label_form_rate_limited",
    "label_no_articles",
    "label_no_clinics",
    "label_no_hours",
    "label_no_person_articles",
    "label_not_reviewed",
    "label_search_recommended",
}
TEMPLATE_DIRS = ["templates", "core/templates", "home/templates", "blog/templates"]
TEMPLATE_DIRS += ["locations/templates", "forms_app/templates", "people/templates"]


def marker(name):
    return f"[{name}]"


def edit_labels(site, **values):
    return edit_site_text(**values)


def page_text(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404), url
    return response.content.decode()


def visible_text(html):
    """The words on screen (not the hidden words that complete a link or a
    table's caption for screen readers, which stay fixed)."""
    soup = BeautifulSoup(html, "html.parser")
    # Section blocks hold the editors' own words (the demo's "Our clinics"
    # section), not labels.
    for hidden in soup.select(".visually-hidden, section.section"):
        hidden.decompose()
    return soup.get_text(" ")


@pytest.fixture
def few_articles_per_page(demo_site):
    index = BlogIndexPage.objects.get(locale__language_code="en")
    index.articles_per_page = 1  # two pages: "Next" on the first, "Previous" on the second
    index.save_revision().publish()


def test_edited_labels_replace_the_default_words_on_every_page_type(
    client, demo_site, few_articles_per_page
):
    edit_labels(demo_site, **{name: marker(name) for name in LABEL_NAMES})

    pages = {url: page_text(client, url) for url in DEMO_URLS}
    everything = "".join(pages.values())

    shown = {name for name in LABEL_NAMES if marker(name) in everything}
    assert shown == LABEL_NAMES - NOT_IN_DEMO
    # Today's words are gone where a visitor would have read them.
    text = visible_text(everything)
    for words in [
        "Skip to main content",
        "More to explore",
        "Share this post",
        "Medically reviewed by",
        "Browse by topic",
        "Our clinics",
        "Opening hours",
        "Get directions",
        "(opens your maps app)",
        "Hours, map and directions",
        "Show map",
        "(loads from openstreetmap.org)",
        "Holidays and special hours",
        "Nothing matched",
        "Search this site",
        "Thank you: your request was sent",
        "We can’t find that page",
        "Page not found",
    ]:
        assert words not in text, words
    # Where each one shows: the right element, in order with its neighbours.
    header_search = BeautifulSoup(pages["/"], "html.parser").select_one(".header-search")
    assert header_search.label.get_text() == marker("label_search_box")
    assert header_search.input["placeholder"] == marker("label_search_placeholder")
    assert header_search.button.get_text() == marker("label_search_button")
    article = BeautifulSoup(pages[ARTICLE], "html.parser")
    assert article.select_one("#related-heading").get_text() == marker("label_related_articles")
    review = article.select_one(".article__review").get_text(" ", strip=True)
    expected = "[label_reviewed_by] Avery Lindqvist, MD [label_reviewed_on] "
    assert expected in review
    assert "<title>[label_not_found_title] | Rainfall Medicine</title>" in pages["/no/such/page/"]
    pagination = BeautifulSoup(pages["/blog/?page=2"], "html.parser").select_one(".pagination")
    assert pagination.select_one("a[rel=prev]").get_text() == "[label_previous_page] page"


def test_labels_in_other_states(client, demo_site):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    edit_labels(demo_site, **{name: marker(name) for name in NOT_IN_DEMO})
    index = BlogIndexPage.objects.get(locale__language_code="en")
    reviewer = PersonFactory(name="Gone Reviewer")
    ArticlePageFactory(
        parent=index,
        title="Only an author",
        slug="only-author",
        # Updated after its date (the factory's dates run on with each article made).
        date=datetime.date(2025, 1, 1),
        medical_reviewer=reviewer,
        content_updated_at=timezone.now(),
    )
    reviewer.delete()  # the article keeps its author alone
    ArticlePageFactory(parent=index, title="Only a reviewer", slug="only-reviewer", author=None)
    PersonFactory(name="Sam Nobody", slug="sam-nobody")
    TopicFactory(name="Empty topic", slug="empty-topic")
    LocationPageFactory(
        parent=LocationIndexPage.objects.get(locale__language_code="en"),
        title="Salem",
        slug="salem",
    )
    about = Page.objects.get(url_path="/home/about/")
    SearchPromotion.objects.create(query=Query.get("fees"), page=about, sort_order=0)

    only_author = page_text(client, "/blog/only-author/")
    assert marker("label_about_author") in only_author
    assert marker("label_article_updated") in only_author
    assert marker("label_not_reviewed") in only_author  # its reviewer is gone
    assert marker("label_about_reviewer") in page_text(client, "/blog/only-reviewer/")
    assert marker("label_no_person_articles") in page_text(client, "/blog/people/sam-nobody/")
    assert marker("label_no_articles") in page_text(client, "/blog/topic/empty-topic/")
    assert marker("label_card_no_hours") in page_text(client, "/locations/")
    assert marker("label_no_hours") in page_text(client, "/locations/salem/")
    picks = BeautifulSoup(page_text(client, "/search/?q=fees"), "html.parser")
    assert picks.select_one("#promoted-heading").get_text() == marker("label_search_recommended")


def test_an_emptied_label_shows_its_default(client, demo_site):
    edit_labels(
        demo_site,
        label_related_articles="",
        label_opening_hours="   ",
        label_skip_link="Jump to the content",
    )

    article = BeautifulSoup(page_text(client, ARTICLE), "html.parser")
    assert article.select_one("#related-heading").get_text() == "More to explore"
    location = BeautifulSoup(page_text(client, "/locations/portland/"), "html.parser")
    assert location.select_one("#hours-heading").get_text() == "Opening hours"
    assert location.select_one(".skip-link").get_text() == "Jump to the content"
    # The default is the field's own (the one place the words are written).
    empty = SiteText(label_share="")
    assert empty.label("label_share") == SiteLabels._meta.get_field("label_share").default
    assert SiteSettings.for_site(demo_site).labels["share"] == "Share this post"


def test_a_label_is_text_never_markup(client, demo_site):
    edit_labels(
        demo_site,
        label_share='<script>alert("share")</script>',
        label_search_placeholder='" autofocus onfocus="alert(1)',
    )

    html = page_text(client, ARTICLE)
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&quot;share&quot;)&lt;/script&gt;" in html
    assert 'placeholder="&quot; autofocus onfocus=&quot;alert(1)"' in html
    share = BeautifulSoup(html, "html.parser").select_one("#share-heading")
    assert share.get_text() == '<script>alert("share")</script>'


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0


def test_saving_a_label_refreshes_cached_pages(
    client, demo_site, page_cache_on, django_capture_on_commit_callbacks
):
    for url in [ARTICLE, "/locations/portland/"]:
        assert client.get(url)["X-Cache"] == "MISS"
        assert client.get(url)["X-Cache"] == "HIT"

    with django_capture_on_commit_callbacks(execute=True):
        edit_labels(
            demo_site, label_related_articles="Keep reading", label_footer_clinics="Visit us"
        )

    article = client.get(ARTICLE)
    assert article["X-Cache"] == "MISS"
    heading = BeautifulSoup(article.content, "html.parser").select_one("#related-heading")
    assert heading.get_text() == "Keep reading"
    location = client.get("/locations/portland/")
    footer = BeautifulSoup(location.content, "html.parser").select_one("#footer-locations-heading")
    assert footer.get_text() == "Visit us"
    assert client.get(ARTICLE)["X-Cache"] == "HIT"


def test_saving_a_label_refreshes_cached_fragments(
    client, demo_site, settings, django_capture_on_commit_callbacks
):
    """A render the page cache does not serve reuses "More to explore" and
    the blog's list from the fragment cache: the chrome purge reaches them."""
    settings.PAGE_CACHE_ENABLED = False
    client.get(ARTICLE)
    client.get("/blog/")  # both fragments stored

    with django_capture_on_commit_callbacks(execute=True):
        edit_labels(demo_site, label_related_articles="Keep reading", label_browse_topics="Topics")

    article = BeautifulSoup(client.get(ARTICLE).content, "html.parser")
    assert article.select_one("#related-heading").get_text() == "Keep reading"
    listing = BeautifulSoup(client.get("/blog/").content, "html.parser")
    assert listing.select_one("#topic-nav-heading").get_text() == "Topics"


def test_editors_find_the_labels_in_the_site_text(client, demo_site, django_user_model):
    admin = django_user_model.objects.create_superuser("labels", "l@example.test", "pw-long-1")
    client.force_login(admin)
    url = f"/admin/snippets/core/sitetext/edit/{site_text().pk}/"
    response = client.get(url)

    assert response.status_code == 200
    form = BeautifulSoup(response.content, "html.parser")
    tabs = [tab.get_text(" ", strip=True) for tab in form.select("[role=tab]")]
    assert [tab for tab in tabs if tab.startswith("Labels")]
    related = form.select_one("#id_label_related_articles")
    assert related["value"] == "More to explore"
    text = form.get_text(" ")
    assert "Left empty: “More to explore”." in text  # its help text says where and what
    for heading, _names in LABEL_AREAS:
        assert heading in text


def test_every_label_has_one_place_in_the_site_text_and_the_templates():
    grouped = [name for _heading, names in LABEL_AREAS for name in names]
    assert sorted(grouped) == sorted(LABEL_NAMES)  # each in exactly one panel group

    base = Path(django_settings.BASE_DIR)
    used = set()
    for folder in TEMPLATE_DIRS:
        for path in (base / folder).rglob("*.html"):
            if "/admin/" in str(path):
                continue
            used |= {f"label_{name}" for name in re.findall(r"\blabels\.(\w+)", path.read_text())}
    assert used - LABEL_NAMES == set()  # a misspelt name would show nothing
    assert LABEL_NAMES - used == set()  # no label an editor could change in vain
