"""The blog's demo content: complete, faithful to the seed, idempotent."""

import io

import pytest
from django.core.management import call_command

from blog.models import ArticlePage, BlogIndexPage, MedicalReview, Person, Topic
from core.models import NavigationSettings
from demo.content.blog import LONG_TERM_SUMMARY, parse_article_text

pytestmark = pytest.mark.django_db


def test_demo_content_creates_the_blog(demo_site):
    index = BlogIndexPage.objects.get(locale__language_code="en")
    assert index.url == "/blog/"
    assert index.get_workflow().name == "Medical review"
    english = Topic.objects.filter(locale__language_code="en")
    assert sorted(english.values_list("name", flat=True)) == [
        "Depression",
        "Ketamine Therapy",
        "Mental Health",
        "Treatment-Resistant Depression",
    ]
    spanish = Topic.objects.filter(locale__language_code="es")
    assert sorted(spanish.values_list("name", flat=True)) == [
        "Depresión",
        "Depresión resistente al tratamiento",
        "Salud mental",
        "Terapia con ketamina",
    ]
    roles = dict(Person.objects.values_list("role", "credentials"))
    assert roles["Medical Director"] == "MD"
    assert "Health writer" in roles

    seed = ArticlePage.objects.get(slug="how-does-ketamine-help-depression")
    assert seed.url == "/blog/how-does-ketamine-help-depression/"
    assert seed.live and seed.touches_on_suicide
    assert seed.medical_reviewer.role == "Medical Director"
    assert seed.hero_image is not None
    (review,) = seed.medical_reviews.all()
    assert (review.reviewer, review.reviewed_on) == (seed.medical_reviewer, seed.last_reviewed)
    assert review.revision_id == seed.live_revision_id

    second = ArticlePage.objects.get(slug="what-are-the-long-term-effects-of-depression")
    assert second.url == "/blog/what-are-the-long-term-effects-of-depression/"
    assert second.summary == LONG_TERM_SUMMARY
    assert second.summary.startswith(
        "Depression is a complex and debilitating mental health disorder that can have "
        "profound and long-lasting effects on a person’s well-being. While many individuals "
        "are familiar"
    )
    assert second.seo_title == "What Are the Long-Term Effects of Depression? - Portland OR"

    header = NavigationSettings.for_site(demo_site).header_links
    assert any(b.value["page"] and b.value["page"].pk == index.pk for b in header)


def test_every_demo_article_has_its_own_described_hero_image(demo_site):
    """Lists of articles (cards on the blog and elsewhere) show each one's own picture."""
    # Each English article has its own; a translation shares its original's.
    articles = list(
        ArticlePage.objects.live().filter(locale__language_code="en").select_related("hero_image")
    )
    heroes = {article.hero_image_id for article in articles}
    assert None not in heroes and len(heroes) == len(articles)
    assert len({article.hero_image.get_file_hash() for article in articles}) == len(articles)
    for article in articles:
        assert article.hero_image_alt == article.hero_image.description
        assert article.hero_image_alt.startswith("An illustration of ")


def test_demo_content_is_idempotent(demo_site):
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert ArticlePage.objects.filter(locale__language_code="en").count() == 3
    assert ArticlePage.objects.filter(locale__language_code="es").count() == 3
    assert MedicalReview.objects.count() == 3


def test_editorial_setup_command_is_idempotent(demo_site):
    out = io.StringIO()
    call_command("setup_editorial_workflow", stdout=out)
    assert "nothing changed" in out.getvalue()


def test_parse_article_text():
    stream = parse_article_text(
        "Intro & more.\n\n## Section\n\n### Sub\n\nText.\n\n- one\n- two\n\nAfter.\n"
    )
    assert stream == [
        ("paragraph", "<p>Intro &amp; more.</p>"),
        ("heading", {"text": "Section", "level": "h2", "anchor": ""}),
        ("heading", {"text": "Sub", "level": "h3", "anchor": ""}),
        ("paragraph", "<p>Text.</p>"),
        ("list", {"style": "bulleted", "items": ["one", "two"]}),
        ("paragraph", "<p>After.</p>"),
    ]
