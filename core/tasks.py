"""Background work: Django's task framework (django-tasks) on the "worker"
backend.

In production that backend is django-tasks-db: a task is a row in
PostgreSQL, written in the same transaction as the change that needs it,
and ``manage.py run_worker`` (the docker-compose worker) runs it. That
command also enqueues the scheduled jobs listed in ``WORKER_SCHEDULE``
(scheduled publishing, email retries, the retention purge). In development
and tests the backend runs each task at once, in the process that
enqueued it.

Wagtail's own tasks (reference index, search index) stay on the "default"
backend, which runs them at once: the page cache's purges read the
reference index right after a publish.
"""

import datetime
import logging

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

WORKER_BACKEND = "worker"


def runs_in_worker(task_obj):
    """Whether the task's backend stores tasks for a worker (they can be
    deferred and are written in the caller's transaction)."""
    return task_obj.get_backend().supports_defer


def enqueue(task_obj, *args, **kwargs):
    """Enqueue ``task_obj`` for the worker. A stored task is written in the
    current transaction (committed with the change that needs it, or not at
    all); a task run at once waits for the commit, so it never sees, or
    acts on, a change that may still roll back. Never raises after the
    commit: what it does is retried by the scheduled sweeps."""
    if runs_in_worker(task_obj):
        return task_obj.enqueue(*args, **kwargs)

    def run():
        try:
            task_obj.enqueue(*args, **kwargs)
        except Exception:
            logger.exception("Task %s failed; the scheduled sweep retries it", task_obj.name)

    transaction.on_commit(run)
    return None


def enqueue_later(task_obj, seconds, *args, **kwargs):
    """Run ``task_obj`` in ``seconds``. A backend that runs tasks at once
    cannot wait: nothing is enqueued (the scheduled sweeps retry instead)."""
    if not runs_in_worker(task_obj):
        return None
    run_after = timezone.now() + datetime.timedelta(seconds=seconds)
    return task_obj.using(run_after=run_after).enqueue(*args, **kwargs)


# --- Scheduled jobs (WORKER_SCHEDULE) ------------------------------------------


@task(backend=WORKER_BACKEND)
def publish_scheduled_pages():
    """Publish and unpublish what editors scheduled (Wagtail's command)."""
    call_command("publish_scheduled", verbosity=0)


@task(backend=WORKER_BACKEND)
def prune_task_results():
    """Forget finished tasks after a week (they hold ids, not personal data)."""
    if runs_in_worker(prune_task_results):
        # As command-line options: argparse converts an option's default
        # ("default", the immediate backend, refused) unless it is given.
        call_command(
            "prune_db_task_results",
            f"--backend={WORKER_BACKEND}",
            "--min-age-days=7",
            verbosity=0,
        )


@task(backend=WORKER_BACKEND)
def prune_rate_limit_hits():
    """Forget the rate limits' accepted posts after a day (core.rate_limit)."""
    from core.rate_limit import prune_hits

    prune_hits()
