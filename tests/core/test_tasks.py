"""The worker's own housekeeping task, on the database backend the worker uses."""

import datetime

import pytest
from django.utils import timezone

from core import tasks

pytestmark = pytest.mark.django_db

WORKER_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "worker": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}


def test_finished_tasks_are_forgotten_after_a_week(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = WORKER_TASKS
    old = tasks.prune_task_results.enqueue()
    recent = tasks.prune_task_results.enqueue()
    waiting = tasks.prune_task_results.enqueue()
    eight_days_ago = timezone.now() - datetime.timedelta(days=8)
    DBTaskResult.objects.filter(id=old.id).update(
        status="SUCCESSFUL", finished_at=eight_days_ago, enqueued_at=eight_days_ago
    )
    DBTaskResult.objects.filter(id=recent.id).update(
        status="SUCCESSFUL", finished_at=timezone.now()
    )

    tasks.prune_task_results.call()  # as the worker runs it

    kept = {str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)}
    assert kept == {recent.id, waiting.id}
