"""Approving the medical review is the review: the public article, its JSON-LD,
the review record and the due report all show the approving clinician."""

import copy
import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, WorkflowState

from blog.editorial import MARKETING_EDITORS, MEDICAL_REVIEWERS, ensure_editorial_setup
from blog.models import REVIEW_INTERVAL, ArticlePage, MedicalReview
from tests.factories.blog import ArticlePageFactory, PersonFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """The full-page cache as in production: approval must refresh the article."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


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
    return make_user("editor", MARKETING_EDITORS)


@pytest.fixture
def clinician(editorial):
    user = make_user("dr-okafor", MEDICAL_REVIEWERS, first_name="Ngozi", last_name="Okafor")
    PersonFactory(name="Ngozi Okafor", credentials="MD, PhD", role="Psychiatrist", user=user)
    return user


@pytest.fixture
def article(editorial):
    """A live article last reviewed long ago by someone else (overdue)."""
    page = ArticlePageFactory(
        parent=editorial,
        title="Sleep and depression",
        slug="sleep-and-depression",
        medical_reviewer=PersonFactory(name="Avery Lindqvist", credentials="MD"),
        last_reviewed=datetime.date(2024, 10, 27),
        next_review_due=datetime.date(2025, 10, 27),
    )
    page.save_revision().publish()  # as the admin publishes: a first publish date
    # First published months ago.
    ArticlePage.objects.filter(pk=page.pk).update(
        first_published_at=datetime.datetime(2025, 1, 6, 17, 0, tzinfo=datetime.UTC)
    )
    page.refresh_from_db()
    return page


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def review_line(soup):
    """The review line's words, without the reviewer's portrait (their photo
    or initials, a picture beside the words)."""
    line = soup.select_one(".article__review")
    if line is None:
        return ""
    line = copy.copy(line)
    for hidden in line.select(".portrait"):
        hidden.decompose()
    return " ".join(line.get_text(" ").split())


def medical_web_page(soup):
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if data.get("@type") == "MedicalWebPage":
            return data
    raise AssertionError("no MedicalWebPage JSON-LD")


def report_rows(client, url_name):
    """The rows of an admin report's table, as visible text."""
    soup = soup_of(client.get(reverse(url_name)))
    return [" ".join(row.get_text(" ").split()) for row in soup.select("table tbody tr")]


def due_titles(client):
    return [row for row in report_rows(client, "blog_reviews_due") if "Sleep and depression" in row]


def submit_change(article, user, **changes):
    """An editor's change, submitted for medical review (as the edit view does)."""
    draft = article.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    revision = draft.save_revision(user=user)
    return article.get_workflow().start(draft, user), revision


def approve(workflow_state, user, comment=""):
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, user, "approve", comment=comment)


def test_approving_in_the_admin_names_the_clinician_and_today(
    client, editor, clinician, article, committed
):
    today = timezone.localdate()
    old = soup_of(client.get(article.url))  # cached as the visitor last saw it
    assert "Avery Lindqvist, MD on October 27, 2024" in review_line(old)
    state, revision = submit_change(article, editor, summary="Why sleep and mood are linked.")
    client.force_login(clinician)
    assert due_titles(client)
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(article.pk, "approve", state.current_task_state.pk),
    )
    with committed():
        response = client.post(approve_url, {"comment": "Checked the sleep advice."})
    assert response.status_code == 302
    assert due_titles(client) == []
    client.logout()

    soup = soup_of(client.get(article.url))
    assert soup.select_one(".article__summary").get_text() == "Why sleep and mood are linked."
    assert review_line(soup) == (
        f"✓ Medically reviewed by Ngozi Okafor, MD, PhD on {today:%B} {today.day}, {today.year}"
    )
    data = medical_web_page(soup)
    assert data["reviewedBy"]["name"] == "Ngozi Okafor"
    assert data["reviewedBy"]["honorificSuffix"] == "MD, PhD"
    assert data["lastReviewed"] == today.isoformat()
    assert soup.select_one(".article__review time")["datetime"] == today.isoformat()

    article.refresh_from_db()
    assert article.next_review_due == today + REVIEW_INTERVAL
    # The approved revision is what went live: nothing is left to review.
    assert not article.has_unpublished_changes
    assert article.live_revision_id == revision.pk == article.latest_revision_id
    assert WorkflowState.objects.for_instance(article).get().status == "approved"

    (review,) = MedicalReview.objects.filter(article=article)
    assert (review.reviewer.name, review.user, review.reviewed_on) == (
        "Ngozi Okafor",
        clinician,
        today,
    )
    assert review.kind == MedicalReview.APPROVED_CHANGES
    assert review.revision_id == revision.pk
    assert review.note == "Checked the sleep advice."


def test_approval_through_the_workflow_api_keeps_the_article_whole(
    client, editor, clinician, article, committed
):
    article.tags.add("sleep")
    article.save_revision().publish()
    state, _revision = submit_change(article, editor, title="Sleep, mood and depression")
    with committed():
        approve(state, clinician)
    page = ArticlePage.objects.get(pk=article.pk)
    assert page.title == "Sleep, mood and depression"
    assert page.medical_reviewer.name == "Ngozi Okafor"
    assert [tag.name for tag in page.tags.all()] == ["sleep"]
    assert page.get_latest_revision_as_object().last_reviewed == timezone.localdate()
    soup = soup_of(client.get(page.url))
    assert "Ngozi Okafor" in review_line(soup)
    assert soup.find("h1").get_text() == "Sleep, mood and depression"


def test_approver_without_a_profile_is_recorded_and_the_page_keeps_its_reviewer(
    client, editor, article, committed
):
    approver = make_user("locum", MEDICAL_REVIEWERS, first_name="Sam", last_name="Reyes")
    state, revision = submit_change(article, editor, summary="A clearer summary.")
    with committed():
        approve(state, approver)
    soup = soup_of(client.get(article.url))
    assert soup.select_one(".article__summary").get_text() == "A clearer summary."
    assert "Avery Lindqvist, MD on October 27, 2024" in review_line(soup)
    assert medical_web_page(soup)["lastReviewed"] == "2024-10-27"

    (review,) = MedicalReview.objects.filter(article=article)
    assert review.reviewer is None
    assert review.user == approver
    assert review.reviewer_name == "Sam Reyes"
    assert review.revision_id == revision.pk


def test_a_review_is_in_the_article_history(client, editor, clinician, article):
    state, _revision = submit_change(article, editor, summary="Another summary.")
    approve(state, clinician)
    entry = PageLogEntry.objects.get(page=article, action="blog.medical_review")
    assert entry.user == clinician
    client.force_login(clinician)
    history = client.get(reverse("wagtailadmin_pages:history", args=(article.pk,)))
    assert history.status_code == 200
    assert "Medical review: approved changes, by Ngozi Okafor, MD, PhD" in (
        " ".join(BeautifulSoup(history.content, "html.parser").get_text(" ").split())
    )


def test_rejecting_records_no_review(client, editor, clinician, article):
    state, _revision = submit_change(article, editor, summary="Not right yet.")
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, clinician, "reject")
    assert not MedicalReview.objects.exists()
    article.refresh_from_db()
    assert article.last_reviewed == datetime.date(2024, 10, 27)


def test_administrators_link_a_person_to_an_account_editors_cannot(client, editor, editorial):
    person = PersonFactory(name="Ngozi Okafor")
    account = make_user("dr-okafor", MEDICAL_REVIEWERS)
    edit_url = reverse("wagtailsnippets_people_person:edit", args=(person.pk,))

    client.force_login(editor)
    form = soup_of(client.get(edit_url))
    assert form.find(attrs={"name": "user"}) is None

    admin = User.objects.create_superuser("admin", "admin@example.test", "x" * 16)
    client.force_login(admin)
    form = soup_of(client.get(edit_url))
    assert form.find("select", attrs={"name": "user"}) is not None
    response = client.post(
        edit_url,
        {
            "name": "Ngozi Okafor",
            "credentials": "MD",
            "role": "Psychiatrist",
            "bio": "",
            "user": account.pk,
            # No words in another language (the "Other languages" panel).
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
            "translations-MIN_NUM_FORMS": "0",
            "translations-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user == account


# -- "Reviewed, no change needed" -----------------------------------------------


def reviewed_no_change_url(article):
    return reverse("blog_reviewed_no_change", args=(article.pk,))


def test_reviewer_confirms_an_article_without_changes(client, clinician, article, committed):
    today = timezone.localdate()
    live_revision = article.live_revision_id
    old = soup_of(client.get(article.url))  # cached
    assert "October 27, 2024" in review_line(old)

    client.force_login(clinician)
    assert due_titles(client)
    edit = soup_of(client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))))
    assert edit.find("a", href=reviewed_no_change_url(article)) is not None
    listing = soup_of(client.get(reverse("wagtailadmin_explore", args=(article.get_parent().pk,))))
    assert listing.find("a", href=reviewed_no_change_url(article)) is not None

    confirm = soup_of(client.get(reviewed_no_change_url(article)))
    assert "Sleep and depression" in confirm.get_text()
    with committed():
        response = client.post(reviewed_no_change_url(article), {"note": "Still current."})
    assert response.status_code == 302
    assert due_titles(client) == []
    (row,) = report_rows(client, "blog_review_history")
    assert "Sleep and depression" in row
    assert "Ngozi Okafor, MD, PhD" in row
    assert "Reviewed, no change needed" in row
    assert "Still current." in row
    client.logout()

    soup = soup_of(client.get(article.url))
    assert review_line(soup) == (
        f"✓ Medically reviewed by Ngozi Okafor, MD, PhD on {today:%B} {today.day}, {today.year}"
    )
    assert medical_web_page(soup)["lastReviewed"] == today.isoformat()
    article.refresh_from_db()
    assert article.next_review_due == today + REVIEW_INTERVAL
    assert not article.has_unpublished_changes
    assert article.live_revision_id != live_revision
    (review,) = MedicalReview.objects.filter(article=article)
    assert review.kind == MedicalReview.NO_CHANGE
    assert review.revision_id == article.live_revision_id
    assert review.note == "Still current."


def test_only_medical_reviewers_see_and_use_the_no_change_review(client, editor, article):
    admin = User.objects.create_superuser("admin", "admin@example.test", "x" * 16)
    for user in (editor, admin):
        client.force_login(user)
        edit = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,)))
        assert edit.status_code == 200
        assert reviewed_no_change_url(article) not in edit.content.decode()
        refused = client.post(reviewed_no_change_url(article), follow=True)
        assert refused.status_code == 200
        assert "you do not have permission" in refused.content.decode()
    assert not MedicalReview.objects.exists()
    article.refresh_from_db()
    assert article.last_reviewed == datetime.date(2024, 10, 27)


def test_no_change_review_of_an_article_with_pending_changes_is_refused(
    client, editor, clinician, article
):
    submit_change(article, editor, summary="A pending change.")
    client.force_login(clinician)
    edit_url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    assert reviewed_no_change_url(article) not in client.get(edit_url).content.decode()
    response = client.post(reviewed_no_change_url(article), follow=True)
    assert response.status_code == 200
    assert "changes that are not published yet" in response.content.decode()
    assert not MedicalReview.objects.exists()
    article.refresh_from_db()
    assert article.summary != "A pending change."  # the draft was not published
    assert article.last_reviewed == datetime.date(2024, 10, 27)


def test_no_change_review_needs_a_person_profile(client, article):
    account = make_user("locum", MEDICAL_REVIEWERS)
    client.force_login(account)
    response = client.post(reviewed_no_change_url(article), follow=True)
    assert response.status_code == 200
    assert "no person profile" in response.content.decode()
    assert not MedicalReview.objects.exists()


def test_no_change_review_of_a_missing_article_is_a_404(client, clinician):
    client.force_login(clinician)
    assert client.get(reverse("blog_reviewed_no_change", args=(999999,))).status_code == 404


# -- "Updated": only when what readers read changed -------------------------------


def updated_line(soup):
    line = soup.select_one(".article__updated")
    return " ".join(line.get_text(" ").split()) if line else None


def test_a_content_change_shows_updated_and_is_the_date_modified(
    client, editor, clinician, article, committed
):
    today = timezone.localdate()
    first = soup_of(client.get(article.url))
    assert updated_line(first) is None
    first_modified = medical_web_page(first)["dateModified"]

    state, _revision = submit_change(
        article, editor, body=[("paragraph", "<p>New advice about sleep.</p>")]
    )
    with committed():
        approve(state, clinician)
    soup = soup_of(client.get(article.url))
    assert "New advice about sleep." in soup.select_one(".article__body").get_text()
    assert updated_line(soup) == f"Updated {today:%B} {today.day}, {today.year}"
    modified = medical_web_page(soup)["dateModified"]
    assert first_modified == "2025-01-06T09:00:00-08:00"
    assert modified != first_modified
    assert modified[:10] == soup.select_one(".article__updated time")["datetime"]


def test_republishing_without_content_changes_keeps_the_last_update(
    client, editor, clinician, article, committed
):
    article.refresh_from_db()
    before = medical_web_page(soup_of(client.get(article.url)))["dateModified"]
    # A review, new topics and a review-date-only approval: no content change.
    with committed():
        client.force_login(clinician)
        client.post(reviewed_no_change_url(article))
        client.logout()
    state, _revision = submit_change(article, editor, last_reviewed=datetime.date(2025, 1, 2))
    with committed():
        approve(state, clinician)
    article.refresh_from_db()
    assert article.live_revision.created_at > article.first_published_at
    soup = soup_of(client.get(article.url))
    assert updated_line(soup) is None
    assert medical_web_page(soup)["dateModified"] == before
    assert article.content_updated_at is None


def test_first_publish_is_not_an_update(client, editorial):
    draft = ArticlePageFactory.build(title="Brand new", slug="brand-new", live=False)
    draft.author.save()
    draft.medical_reviewer.save()
    draft.author_id, draft.medical_reviewer_id = draft.author.pk, draft.medical_reviewer.pk
    editorial.add_child(instance=draft)
    draft.title = "Brand new article"
    draft.save_revision().publish()
    draft.refresh_from_db()
    assert draft.live and draft.content_updated_at is None
    assert updated_line(soup_of(client.get(draft.url))) is None


def test_saving_the_same_text_in_the_admin_is_not_an_update(client, editorial):
    from tests.blog.test_admin import article_form_data, create_article

    admin = User.objects.create_superuser("admin", "admin@example.test", "x" * 16)
    client.force_login(admin)
    assert create_article(client, editorial, **{"action-publish": "1"}).status_code == 302
    article = ArticlePage.objects.get(slug="sleep-and-depression")
    edit_url = reverse("wagtailadmin_pages:edit", args=(article.pk,))

    # Only the tags change: the rich text comes back with new keys.
    response = client.post(
        edit_url, article_form_data(tags="sleep, rest", **{"action-publish": "1"})
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert sorted(tag.name for tag in article.tags.all()) == ["rest", "sleep"]
    assert article.content_updated_at is None
    client.logout()
    assert updated_line(soup_of(client.get(article.url))) is None

    client.force_login(admin)
    response = client.post(
        edit_url,
        article_form_data(
            summary="How sleep and low mood feed each other.", **{"action-publish": "1"}
        ),
    )
    assert response.status_code == 302
    client.logout()
    today = timezone.localdate()
    soup = soup_of(client.get(article.url))
    assert soup.select_one(".article__summary").get_text() == (
        "How sleep and low mood feed each other."
    )
    assert updated_line(soup) == f"Updated {today:%B} {today.day}, {today.year}"
