"""Editorial workflow through the Wagtail admin views: editors write and submit
articles, medical reviewers approve them, and only then do they go live."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.editorial import (
    MARKETING_EDITORS,
    MEDICAL_REVIEWERS,
    WORKFLOW_NAME,
    ensure_editorial_setup,
)
from blog.models import ArticlePage, Person, Topic
from tests.factories.blog import ArticlePageFactory, PersonFactory, TopicFactory
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def editorial(blog_index):
    ensure_editorial_setup()
    return blog_index


def make_user(username, group_name=None, **fields):
    user = User.objects.create_user(username=username, password="x" * 16, **fields)  # noqa: S106
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(editorial):
    return make_user("editor", MARKETING_EDITORS, email="editor@example.test")


@pytest.fixture
def reviewer(editorial):
    return make_user("reviewer", MEDICAL_REVIEWERS, email="reviewer@example.test")


def article_form_data(**overrides):
    """What the article form offers a writer (no review fields: reviews set them)."""
    topic, _ = Topic.objects.filter(locale__language_code="en").get_or_create(
        slug="depression", defaults={"name": "Depression"}
    )
    data = nested_form_data(
        {
            "title": "Sleep and depression",
            "slug": "sleep-and-depression",
            "summary": "How sleep and depression affect each other.",
            "date": "2025-05-01",
            "body": streamfield(
                [
                    ("heading", {"text": "Why sleep matters", "level": "h2", "anchor": ""}),
                    ("paragraph", rich_text("<p>Sleep and mood are linked.</p>")),
                ]
            ),
            "author": "",
            "tags": "sleep",
            "pinned_related_articles": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    data["topics"] = [topic.pk]
    data.update(overrides)
    return data


def create_article(client, index, **data):
    return client.post(
        reverse("wagtailadmin_pages:add", args=("blog", "articlepage", index.pk)),
        article_form_data(**data),
    )


def test_marketing_editor_sees_no_publish_button_on_articles(client, editor, editorial):
    client.force_login(editor)
    response = client.get(
        reverse("wagtailadmin_pages:add", args=("blog", "articlepage", editorial.pk))
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(attrs={"name": "action-publish"}) is None
    assert soup.find(attrs={"name": "action-submit"}) is not None


def test_marketing_editor_cannot_publish_an_article_directly(client, editor, editorial):
    client.force_login(editor)
    response = create_article(client, editorial, **{"action-publish": "publish"})
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="sleep-and-depression")
    assert not article.live  # saved as a draft instead
    assert client.get("/blog/sleep-and-depression/").status_code == 404

    article = ArticlePageFactory(parent=editorial, title="Live one", slug="live-one")
    perms = article.permissions_for_user(editor)
    assert perms.can_edit()
    assert not perms.can_publish()
    assert not perms.can_unpublish()
    assert not editorial.permissions_for_user(editor).can_publish_subpage()

    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,)))
    assert edit_page.status_code == 200
    soup = BeautifulSoup(edit_page.content, "html.parser")
    assert soup.find(attrs={"name": "action-publish"}) is None
    assert soup.find(attrs={"name": "action-submit"}) is not None

    # Neither the edit view's publish action...
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(article.pk,)),
        article_form_data(title="Changed", slug="live-one", **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Live one"  # the live version did not change
    assert article.has_unpublished_changes
    # ... nor the bulk publish action of the page listing publishes it.
    response = client.post(
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        + f"?id={article.pk}",
        {"include_descendants": ""},
    )
    article.refresh_from_db()
    assert article.title == "Live one"
    # Unpublishing is refused too.
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=(article.pk,)))
    article.refresh_from_db()
    assert article.live


def test_article_goes_live_only_after_a_medical_reviewer_approves(
    client, editor, reviewer, editorial
):
    # The marketing editor writes the article and submits it for review.
    client.force_login(editor)
    response = create_article(client, editorial, **{"action-submit": "submit"})
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="sleep-and-depression")
    assert not article.live
    state = WorkflowState.objects.for_instance(article).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == WORKFLOW_NAME
    client.logout()
    assert client.get("/blog/sleep-and-depression/").status_code == 404

    # Another editor cannot approve it.
    client.force_login(make_user("editor2", MARKETING_EDITORS))
    task_state = state.current_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(article.pk, "approve", task_state.pk)
    )
    client.post(approve_url, {"comment": ""})
    article.refresh_from_db()
    assert not article.live

    # A medical reviewer approves: the article is published.
    client.force_login(reviewer)
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert "Sleep and depression" in dashboard.content.decode()
    response = client.post(approve_url, {"comment": "Checked the sleep advice."})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED

    # It is on the blog, in the feed and in the sitemap.
    client.logout()
    page = client.get("/blog/sleep-and-depression/")
    assert page.status_code == 200
    assert "Why sleep matters" in page.content.decode()
    assert "Sleep and depression" in client.get("/blog/").content.decode()
    feed = ET.fromstring(client.get("/blog/feed/rss/").content)
    assert "Sleep and depression" in [i.findtext("title") for i in feed.iter("item")]
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://localhost/blog/sleep-and-depression/" in sitemap


def test_an_administrator_creates_and_publishes_an_article_in_the_admin(client, editorial):
    admin = User.objects.create_superuser("admin", "admin@example.test", "x" * 16)
    client.force_login(admin)
    response = create_article(client, editorial, **{"action-publish": "publish"})
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="sleep-and-depression")
    assert article.live
    assert [t.name for t in article.topics.all()] == ["Depression"]
    assert [t.name for t in article.tags.all()] == ["sleep"]
    # Published without the workflow: live, but it claims no review.
    assert (article.medical_reviewer, article.last_reviewed, article.next_review_due) == (
        None,
        None,
        None,
    )
    assert "Not yet medically reviewed" in client.get(article.url).content.decode()
    assert "Sleep and depression" in client.get("/blog/").content.decode()
    assert "Sleep and depression" in client.get("/blog/feed/atom/").content.decode()
    assert article.full_url in client.get("/sitemap.xml").content.decode()


REVIEW_FIELDS = ("medical_reviewer", "last_reviewed", "next_review_due")


def review_line(response):
    """The review line's words, without the reviewer's portrait (their photo
    or initials, a picture beside the words)."""
    line = BeautifulSoup(response.content, "html.parser").select_one(".article__review")
    if line is None:
        return ""
    for hidden in line.select(".portrait"):
        hidden.decompose()
    return " ".join(line.get_text(" ").split())


def ld_json_article(response):
    soup = BeautifulSoup(response.content, "html.parser")
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if data.get("@type") == "MedicalWebPage":
            return data
    raise AssertionError("no MedicalWebPage JSON-LD")


def test_the_review_line_comes_only_from_a_review(client, editor, reviewer, editorial):
    """A writer is offered no review field, and a date typed into the post
    anyway is ignored; the article says it is not yet reviewed until a
    clinician approves it, and the approval writes the review line."""
    PersonFactory(name="Ngozi Okafor", credentials="MD", user=reviewer)
    client.force_login(editor)
    form = client.get(reverse("wagtailadmin_pages:add", args=("blog", "articlepage", editorial.pk)))
    soup = BeautifulSoup(form.content, "html.parser")
    for name in REVIEW_FIELDS:
        assert soup.find(attrs={"name": name}) is None, name
    forged = Person.objects.create(name="Nobody Checked")
    response = create_article(
        client,
        editorial,
        medical_reviewer=forged.pk,
        last_reviewed="2025-05-01",
        **{"action-submit": "1"},
    )
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="sleep-and-depression")
    draft = article.get_latest_revision_as_object()
    assert (draft.medical_reviewer_id, draft.last_reviewed) == (None, None)

    # An administrator may publish without the workflow: the page says so.
    admin = User.objects.create_superuser("admin", "admin@example.test", "x" * 16)
    client.force_login(admin)
    article.get_latest_revision().publish(user=admin)
    client.logout()
    page = client.get(article.url)
    assert review_line(page) == "Not yet medically reviewed"
    data = ld_json_article(page)
    assert "reviewedBy" not in data and "lastReviewed" not in data

    # (Publishing outside the workflow ended it.) The writer submits the
    # article for review; the clinician approves: the page names them.
    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(article.pk,)),
        article_form_data(**{"action-submit": "1"}),
    )
    assert response.status_code == 302
    client.force_login(reviewer)
    article.refresh_from_db()
    task_state = article.current_workflow_state.current_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(article.pk, "approve", task_state.pk)
    )
    assert client.post(approve_url, {"comment": ""}).status_code == 302
    client.logout()
    page = client.get(article.url)
    today = datetime.date.today()
    assert review_line(page) == (
        f"✓ Medically reviewed by Ngozi Okafor, MD on {today:%B} {today.day}, {today.year}"
    )
    assert ld_json_article(page)["lastReviewed"] == today.isoformat()


def test_a_copied_article_has_no_review(client, editorial):
    article = ArticlePageFactory(parent=editorial, title="Reviewed", slug="reviewed")
    copy = article.copy(update_attrs={"slug": "reviewed-copy", "title": "Copy"})
    copy.refresh_from_db()
    assert (copy.medical_reviewer_id, copy.last_reviewed, copy.next_review_due) == (
        None,
        None,
        None,
    )


def test_check_lists_live_articles_without_a_recorded_review(editorial):
    from blog.checks import live_articles_without_a_review
    from blog.models import MedicalReview

    typed = ArticlePageFactory(parent=editorial, title="Typed review", slug="typed")
    recorded = ArticlePageFactory(parent=editorial, title="Recorded", slug="recorded")
    MedicalReview.objects.create(
        article=recorded,
        reviewer=recorded.medical_reviewer,
        reviewed_on=recorded.last_reviewed,
        kind=MedicalReview.APPROVED_CHANGES,
    )
    ArticlePageFactory(parent=editorial, title="Draft", slug="draft", live=False)
    assert live_articles_without_a_review(databases=None) == []
    warnings = live_articles_without_a_review(databases=["default"])
    assert [w.id for w in warnings] == ["blog.W001"]
    assert typed.url_path in warnings[0].msg
    assert recorded.url_path not in warnings[0].msg
    assert "/draft/" not in warnings[0].msg


def test_marketing_editor_publishes_other_pages_directly(client, editor, home_page):
    page = StandardPageFactory(parent=home_page, title="About", slug="about-us")
    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        nested_form_data(
            {
                "title": "About the clinic",
                "slug": "about-us",
                "intro": rich_text("<p>Hello.</p>"),
                "body": streamfield([]),
                "comments": inline_formset([]),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.title == "About the clinic"


def test_groups_and_workflow_are_set_up_once(editorial):
    assert ensure_editorial_setup() == []
    editors = Group.objects.get(name=MARKETING_EDITORS)
    reviewers = Group.objects.get(name=MEDICAL_REVIEWERS)
    editor_page_perms = {
        (p.page.specific_class.__name__, p.permission.codename)
        for p in GroupPagePermission.objects.filter(group=editors)
    }
    assert editor_page_perms >= {("HomePage", "add_page"), ("HomePage", "publish_page")}
    reviewer_page_perms = {
        (p.page.pk, p.permission.codename)
        for p in GroupPagePermission.objects.filter(group=reviewers)
    }
    assert (editorial.pk, "publish_page") in reviewer_page_perms
    assert reviewers.permissions.filter(codename="publish_articles").exists()
    assert not editors.permissions.filter(codename="publish_articles").exists()
    assert editorial.get_workflow().name == WORKFLOW_NAME
    task = editorial.get_workflow().tasks.get().specific
    assert list(task.groups.all()) == [reviewers]


def test_marketing_editors_get_nothing_about_forms(editorial):
    for group in Group.objects.filter(name__in=[MARKETING_EDITORS, MEDICAL_REVIEWERS]):
        model_perms = Permission.objects.filter(group=group)
        collection_perms = Permission.objects.filter(
            pk__in=GroupCollectionPermission.objects.filter(group=group).values("permission")
        )
        for perm in [*model_perms, *collection_perms]:
            assert perm.content_type.app_label not in ("forms_app", "wagtailforms"), perm


def test_reviews_due_report_lists_overdue_articles(client, editor, editorial):
    today = datetime.date.today()
    overdue = ArticlePageFactory(
        parent=editorial,
        title="Overdue article",
        last_reviewed=today - datetime.timedelta(days=400),
        next_review_due=today - datetime.timedelta(days=35),
    )
    ArticlePageFactory(
        parent=editorial,
        title="Current article",
        last_reviewed=today,
        next_review_due=today + datetime.timedelta(days=300),
    )
    ArticlePageFactory(
        parent=editorial,
        title="Overdue draft",
        live=False,
        next_review_due=today - datetime.timedelta(days=1),
    )
    client.force_login(editor)
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("blog_reviews_due") in menu
    response = client.get(reverse("blog_reviews_due"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Overdue article" in html
    assert reverse("wagtailadmin_pages:edit", args=(overdue.pk,)) in html
    assert "Current article" not in html
    assert "Overdue draft" not in html
    csv = client.get(reverse("blog_reviews_due") + "?export=csv")
    assert csv.status_code == 200
    assert "Overdue article" in b"".join(csv.streaming_content).decode()


def test_reviews_due_report_needs_page_permissions(client, editorial):
    client.force_login(make_user("nobody"))
    assert client.get(reverse("blog_reviews_due")).status_code in (302, 403)
    client.logout()
    response = client.get(reverse("blog_reviews_due"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_people_and_topics_are_snippets(client, editor):
    PersonFactory(name="Avery Lindqvist", credentials="MD")
    TopicFactory(name="Mental Health")
    client.force_login(editor)
    people = client.get(reverse("wagtailsnippets_people_person:list"))
    assert people.status_code == 200
    assert "Avery Lindqvist" in people.content.decode()
    topics = client.get(reverse("wagtailsnippets_blog_topic:list"))
    assert "Mental Health" in topics.content.decode()
    response = client.post(
        reverse("wagtailsnippets_blog_topic:add"), {"name": "Sleep & Mood", "slug": ""}
    )
    assert response.status_code == 302
    assert Topic.objects.get(name="Sleep & Mood").slug == "sleep-mood"


def test_editor_previews_unsaved_changes(client, editor, editorial):
    article = ArticlePageFactory(parent=editorial, title="Before", slug="preview-me")
    pinned = ArticlePageFactory(parent=editorial, title="Pinned in the form")
    client.force_login(editor)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))
    data = article_form_data(
        title="After the edit",
        slug="preview-me",
        **nested_form_data(
            {"pinned_related_articles": inline_formset([{"article": pinned.pk, "id": ""}])}
        ),
    )
    response = client.post(preview_url, data)
    assert response.status_code == 200
    assert response.json()["is_valid"]
    html = client.get(preview_url).content.decode()
    assert "After the edit" in html
    assert "Pinned in the form" in html
    article.refresh_from_db()
    assert article.title == "Before"

    index_preview = reverse("wagtailadmin_pages:preview_on_edit", args=(editorial.pk,))
    client.post(
        index_preview,
        nested_form_data(
            {
                "title": "Articles",
                "slug": "blog",
                "intro": rich_text("<p>New intro.</p>"),
                "articles_per_page": "10",
                "comments": inline_formset([]),
            }
        ),
    )
    html = client.get(index_preview).content.decode()
    assert "New intro." in html
    assert "Before" in html  # the live version of each article is listed


def test_publish_articles_permission_is_visible_on_the_group_page(client, editorial):
    admin = User.objects.create_superuser("admin", "admin@example.test", "x" * 16)
    client.force_login(admin)
    reviewers = Group.objects.get(name=MEDICAL_REVIEWERS)
    response = client.get(reverse("wagtailusers_groups:edit", args=(reviewers.pk,)))
    assert response.status_code == 200
    assert "Can publish health articles" in response.content.decode()


def test_publishing_a_new_blog_index_assigns_the_review_workflow(home_page):
    from blog.models import BlogIndexPage

    index = BlogIndexPage(title="Articles", slug="blog")
    home_page.add_child(instance=index)
    assert index.get_workflow() is None or index.get_workflow().name != WORKFLOW_NAME
    index.save_revision().publish()
    index = BlogIndexPage.objects.get(pk=index.pk)
    assert index.get_workflow().name == WORKFLOW_NAME
    reviewers = Group.objects.get(name=MEDICAL_REVIEWERS)
    assert GroupPagePermission.objects.filter(
        group=reviewers, page=index, permission__codename="publish_page"
    ).exists()


def test_medical_reviewer_may_publish_articles_but_not_other_pages(
    client, reviewer, editorial, home_page
):
    article = ArticlePageFactory(parent=editorial)
    client.force_login(reviewer)
    soup = BeautifulSoup(
        client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content, "html.parser"
    )
    assert soup.find(attrs={"name": "action-publish"}) is not None
    assert article.permissions_for_user(reviewer).can_publish()
    other = StandardPageFactory(parent=home_page)
    assert not other.permissions_for_user(reviewer).can_edit()


def test_wagtail_starter_roles_are_gone(client, editor, home_page):
    """Only the clinic's roles: no "Editors" or "Moderators" group, and no
    "Submit to Moderators approval" on a page outside the blog."""
    from wagtail.models import Workflow

    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()
    client.force_login(editor)
    page = StandardPageFactory(parent=home_page, title="About", slug="about-us")
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "Moderators" not in html
    assert 'name="action-submit"' not in html
    assert 'name="action-publish"' in html


def dashboard_headings(client):
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    return [h.get_text(" ", strip=True) for h in soup.select(".w-panel__heading")]


def test_the_dashboard_speaks_to_each_role(client, editor, reviewer, editorial):
    # The writer: their article waiting for review comes first.
    client.force_login(editor)
    create_article(client, editorial, **{"action-submit": "1"})
    headings = dashboard_headings(client)
    assert headings[0] == "Your articles not live yet"
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Sleep and depression</a>: Waiting for medical review" in html
    assert "Medical reviews due" not in headings

    # The clinician: what waits for their approval, then the reviews due.
    ArticlePageFactory(
        parent=editorial,
        title="Old advice",
        last_reviewed=datetime.date(2019, 1, 1),
        next_review_due=datetime.date(2020, 1, 1),
    )
    client.force_login(reviewer)
    headings = dashboard_headings(client)
    assert headings[:2] == ["Awaiting your review", "Medical reviews due"]
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Sleep and depression" in html
    assert "Old advice</a>: due January 1, 2020" in html
    assert "Your articles not live yet" not in headings
