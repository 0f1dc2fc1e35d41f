"""Medical reviews: approving the "Medical review" task is the review.

Wagtail publishes the approved revision when a workflow finishes
(``WAGTAIL_FINISH_WORKFLOW_ACTION``, see ``publish_approved_workflow``).
Before it does, the approving clinician and today's date are written into
that revision, so the live page shows them as soon as it is published (the
page cache is purged on publish) and no new draft needing review appears.

A clinician can also confirm a live article without changing it
("reviewed, no change needed", ``review_without_changes``): the live
content gets the new review date in a revision published at once.

Every review is kept as a ``MedicalReview`` row and in the article's history.

Imported by the setting at start-up, before the apps are ready: models are
imported inside the functions.
"""

from django.db import transaction
from django.utils import timezone

REVIEW_LOG_ACTION = "blog.medical_review"


def person_for(user):
    """The Person profile linked to ``user``, or None."""
    from people.models import Person

    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def is_medical_reviewer(user):
    from .editorial import MEDICAL_REVIEWERS

    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.groups.filter(name=MEDICAL_REVIEWERS).exists()
    )


def apply_review(article, person, today):
    """Set the review fields of ``article`` (in memory) for a review today."""
    from .models import REVIEW_INTERVAL

    article.medical_reviewer = person
    article.last_reviewed = today
    article.next_review_due = today + REVIEW_INTERVAL


def record_review(article, *, user, person, revision, kind, note="", today):
    from wagtail.log_actions import log

    from .models import MedicalReview

    review = MedicalReview.objects.create(
        article=article,
        reviewer=person,
        user=user,
        reviewed_on=today,
        revision=revision,
        kind=kind,
        note=note,
    )
    log(
        instance=article,
        action=REVIEW_LOG_ACTION,
        user=user,
        revision=revision,
        data={
            "kind": kind,
            "kind_label": review.get_kind_display(),
            "reviewer": person.display_name if person else "",
            "reviewed_on": today.isoformat(),
        },
    )
    return review


def medical_review_task_state(workflow_state):
    """The approved task state of the Medical reviewers' approval task in this
    workflow (the last one, if the task repeats), or None for a workflow
    without one."""
    from wagtail.models import GroupApprovalTask, TaskState

    from .editorial import MEDICAL_REVIEWERS

    review_tasks = GroupApprovalTask.objects.filter(groups__name=MEDICAL_REVIEWERS)
    return (
        TaskState.objects.filter(
            workflow_state=workflow_state,
            status=TaskState.STATUS_APPROVED,
            task__in=review_tasks.values("pk"),
        )
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )


@transaction.atomic
def publish_approved_workflow(workflow_state, user=None):
    """``WAGTAIL_FINISH_WORKFLOW_ACTION``: record the medical review of an
    article in the revision about to go live, then publish as Wagtail does."""
    from wagtail.workflows import publish_workflow_state

    from .models import ArticlePage, MedicalReview

    obj = workflow_state.content_object
    revision = obj.get_latest_revision() if obj is not None else None
    page = revision.as_object() if revision is not None else None
    task_state = medical_review_task_state(workflow_state) if page is not None else None
    if isinstance(page, ArticlePage) and task_state is not None:
        approver = task_state.finished_by or user
        person = person_for(approver)
        today = timezone.localdate()
        if person is not None:
            # Without a profile the approval is recorded, but the page keeps
            # the reviewer it names (it would otherwise claim a review by
            # someone who did not do it).
            apply_review(page, person, today)
            revision.content = page.serializable_data()
            revision.save(update_fields=["content"])
        record_review(
            page,
            user=approver,
            person=person,
            revision=revision,
            kind=MedicalReview.APPROVED_CHANGES,
            note=task_state.comment or "",
            today=today,
        )
    publish_workflow_state(workflow_state, user=user)


class ReviewRefused(Exception):
    """Why a "no change needed" review cannot be recorded (shown to the reviewer)."""


@transaction.atomic
def review_without_changes(article, user, note=""):
    """Record that ``user`` re-checked the live ``article`` and it needs no change:
    a revision of the live content with the new review fields, published at once."""
    from .models import ArticlePage, MedicalReview

    article = ArticlePage.objects.select_for_update().get(pk=article.pk)
    if not is_medical_reviewer(user):
        raise ReviewRefused("Only medical reviewers can record a medical review.")
    if not article.live:
        raise ReviewRefused("This article is not published: submit it for medical review.")
    if article.has_unpublished_changes:
        raise ReviewRefused(
            "This article has changes that are not published yet. Review them through its "
            "workflow (approve or request changes) instead."
        )
    if not article.permissions_for_user(user).can_publish():
        raise ReviewRefused("You do not have permission to publish this article.")
    person = person_for(user)
    if person is None:
        raise ReviewRefused(
            "Your account has no person profile, so the article could not name you as its "
            "reviewer. Ask an administrator to link your account to your profile under "
            "Articles › People."
        )
    today = timezone.localdate()
    apply_review(article, person, today)
    revision = article.save_revision(user=user, log_action=False)
    revision.publish(user=user)
    return record_review(
        article,
        user=user,
        person=person,
        revision=revision,
        kind=MedicalReview.NO_CHANGE,
        note=note,
        today=today,
    )
