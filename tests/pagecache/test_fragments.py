"""Parts of a page kept in the cache under the cache tags they depend on
(pagecache_tags / cached_by_tags): an article's body, its reading time and
FAQ, its "More To Explore". Every change that a visitor would see on the
page shows on the next render; previews never use or fill them."""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from blog.models import ArticlePage

pytestmark = pytest.mark.django_db

URL = "/blog/how-does-ketamine-help-depression/"
OTHER = "/blog/what-are-the-long-term-effects-of-depression/"


@pytest.fixture(autouse=True)
def renders_only(settings):
    settings.PAGE_CACHE_ENABLED = False  # every request renders: the fragments are what we watch


def soup(client, url=URL):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def related_titles(page_soup):
    return [a.get_text(strip=True) for a in page_soup.select("#more-to-explore h3 a")]


def test_more_to_explore_follows_sibling_articles(client, demo_site, committed):
    article = ArticlePage.objects.get(url_path="/home" + URL)
    other = ArticlePage.objects.get(url_path="/home" + OTHER)
    assert related_titles(soup(client)) == related_titles(soup(client))  # stored, then reused
    before = related_titles(soup(client))
    assert other.title in before

    # A sibling retitled and published: the list shows the new title.
    other.title = "Depression, Years Later"
    with committed():
        other.save_revision().publish()
    assert "Depression, Years Later" in related_titles(soup(client))

    # A new related article published under the blog: it appears.
    new = ArticlePage(
        title="Sleep and Mood",
        slug="sleep-and-mood",
        summary="How sleep and mood affect each other.",
        body=[("paragraph", "<p>Sleep matters.</p>")],
        medical_reviewer=article.medical_reviewer,
        last_reviewed=article.last_reviewed,
    )
    new.topics.set(list(article.topics.all()))
    index = article.get_parent()
    with committed():
        index.add_child(instance=new)
        new.save_revision().publish()
    assert "Sleep and Mood" in related_titles(soup(client))

    # Unpublished: gone again.
    with committed():
        new.unpublish()
    assert "Sleep and Mood" not in related_titles(soup(client))


def test_body_reading_time_and_faq_follow_publishing(client, demo_site, committed):
    page_soup = soup(client)
    soup(client)  # from the fragment cache
    body_text = page_soup.select_one(".article__body").get_text()
    minutes_before = page_soup.select_one(".article__meta").get_text()
    article = ArticlePage.objects.get(url_path="/home/blog/how-does-ketamine-help-depression/")
    words = " ".join(["word"] * 4000)
    article.body = [
        ("paragraph", f"<p>A new opening paragraph. {words}</p>"),
        *[(block.block_type, block.value) for block in article.body if block.block_type == "faq"],
    ]
    with committed():
        article.save_revision().publish()
    page_soup = soup(client)
    new_text = page_soup.select_one(".article__body").get_text()
    assert "A new opening paragraph." in new_text and new_text != body_text
    meta = page_soup.select_one(".article__meta").get_text()
    minutes = int(meta.split(" min read")[0].split()[-1])
    assert minutes >= 20 and meta != minutes_before  # 4,000 more words to read
    faq = [
        json.loads(script.string)
        for script in page_soup.select('script[type="application/ld+json"]')
        if '"FAQPage"' in script.string
    ]
    assert len(faq) <= 1


def test_previews_neither_use_nor_fill_the_fragments(client, demo_site):
    soup(client)  # the live body and its facts are in the cache
    article = Page.objects.get(url_path="/home/blog/how-does-ketamine-help-depression/").specific
    # Unsaved changes, previewed the way the admin does it.
    article.body = [("paragraph", "<p>Draft wording only editors see.</p>")]
    response = article.make_preview_request()
    assert response.status_code == 200
    content = response.content.decode()
    assert "Draft wording only editors see." in content
    assert "1 min read" in content
    # Visitors still get the live body; the preview left nothing behind.
    live = soup(client)
    assert "Draft wording only editors see." not in live.select_one(".article__body").get_text()
    assert "1 min read" not in live.select_one(".article__meta").get_text()


# --- Lists of articles ----------------------------------------------------------


def card_titles(page_soup):
    links = page_soup.select(".article-list .article-card__title a")
    return [a.get_text(strip=True) for a in links]


def test_article_lists_follow_publishing_topics_and_pages(client, demo_site, committed):
    from blog.models import BlogIndexPage

    index = BlogIndexPage.objects.get(locale__language_code="en")
    article = ArticlePage.objects.get(url_path="/home" + URL)
    topic = article.topics.first()
    topic_url = f"/blog/topic/{topic.slug}/"
    for url in ("/blog/", topic_url):
        assert card_titles(soup(client, url)) == card_titles(soup(client, url))  # reused
    assert client.get("/blog/?page=2").status_code == 404  # one page so far

    new = ArticlePage(
        title="Sleep and Mood",
        slug="sleep-and-mood",
        summary="How sleep and mood affect each other.",
        date=article.date,
        body=[("paragraph", "<p>Sleep matters.</p>")],
        medical_reviewer=article.medical_reviewer,
        last_reviewed=article.last_reviewed,
    )
    new.topics.set([topic])
    with committed():
        index.add_child(instance=new)
        new.save_revision().publish()
    assert "Sleep and Mood" in card_titles(soup(client, "/blog/"))
    assert "Sleep and Mood" in card_titles(soup(client, topic_url))

    # A renamed topic: the topic menu, the cards and the heading.
    topic.name = "Mood Disorders"
    with committed():
        topic.save()
    page_soup = soup(client, topic_url)
    assert page_soup.h1.get_text(strip=True) == "Mood Disorders"
    assert "Mood Disorders" in [a.get_text(strip=True) for a in page_soup.select(".topic-nav a")]

    # Fewer articles per page: page 2 exists at once, and shows the rest.
    index.articles_per_page = 1
    with committed():
        index.save_revision().publish()
    first_page = card_titles(soup(client, "/blog/"))
    second_page = card_titles(soup(client, "/blog/?page=2"))
    assert len(first_page) == len(second_page) == 1 and first_page != second_page
    assert client.get("/blog/?page=99").status_code == 404
    assert client.get("/blog/?page=nope").status_code == 404

    with committed():
        new.unpublish()
    assert "Sleep and Mood" not in card_titles(soup(client, topic_url))


# --- The consultation form --------------------------------------------------------

FORM_URL = "/request-a-consultation/"


def test_the_form_fields_follow_publishing_and_clinics(client, demo_site, committed):
    from forms_app.models import ConsultationPage
    from locations.models import LocationPage

    def labels(page_soup):
        return [label.get_text(" ", strip=True) for label in page_soup.select("form label")]

    def selected(page_soup):
        return [
            option.get_text(strip=True) for option in page_soup.select("form option[selected]")
        ] + [radio["value"] for radio in page_soup.select("form input[type=radio][checked]")]

    plain = soup(client, FORM_URL)
    assert labels(soup(client, FORM_URL)) == labels(plain)  # reused
    hood_river = soup(client, FORM_URL + "?location=hood-river")
    assert selected(hood_river) != selected(plain)  # one entry per preselected clinic
    assert selected(soup(client, FORM_URL + "?location=hood-river")) == selected(hood_river)

    page = ConsultationPage.objects.get(locale__language_code="en")
    fields = list(page.form_fields.all())
    for field in fields:
        if field.label == "Full name":
            field.label = "Your name"
    page.form_fields = fields
    page.consent_text = "Yes, you may call me back."
    with committed():
        page.save_revision().publish()
    page_soup = soup(client, FORM_URL)
    assert any(text.startswith("Your name") for text in labels(page_soup))
    assert any(text.startswith("Yes, you may call me back.") for text in labels(page_soup))

    # A clinic renamed: the choices follow (the clinic is in the site chrome).
    portland = LocationPage.objects.get(slug="portland", locale__language_code="en")
    portland.title = "Portland Pearl District"
    with committed():
        portland.save_revision().publish()
    assert "Portland Pearl District" in soup(client, FORM_URL).select_one("main form").get_text()

    # Each visitor still gets their own tokens around the kept fields.
    first, second = client.get(FORM_URL), client.get(FORM_URL)
    token = 'name="csrfmiddlewaretoken" value="'
    tokens = [response.content.decode().split(token)[1][:20] for response in (first, second)]
    assert tokens[0] != tokens[1]
