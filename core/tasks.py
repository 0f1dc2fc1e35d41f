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

A worker that dies mid-task (killed, out of memory, the machine gone)
leaves its task RUNNING: django-tasks-db does not notice (upstream
RealOrangeOne/django-tasks-db#5, open). Each ``run_worker`` says it is alive
every ``WORKER_HEARTBEAT_SECONDS`` (a ``WorkerHeartbeat`` row) and, each
time, looks for tasks of workers silent for ``WORKER_LOST_AFTER_SECONDS``:
``fail_lost_tasks`` marks them FAILED (``WorkerLost``, with a log line) and
enqueues them again, at most ``LOST_RETRIES`` times: every task of this
project may run twice (emails are claimed, jobs are sweeps).
"""

import datetime
import logging

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task

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


# --- Workers that died mid-task ---------------------------------------------------

LOST_PATH = "core.tasks.WorkerLost"
# A task lost this many times is left FAILED (it may be what kills the worker).
LOST_RETRIES = 2
# Heartbeats of workers gone this long are deleted.
FORGET_WORKERS_AFTER = datetime.timedelta(days=1)


class WorkerLost(Exception):
    """The worker running the task stopped (recorded on the task's row)."""


def lost_after():
    return datetime.timedelta(seconds=getattr(settings, "WORKER_LOST_AFTER_SECONDS", 120))


def beat(worker_id):
    """Say that the worker ``worker_id`` is alive (run_worker, every few seconds)."""
    from core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": timezone.now()}
    )


def fail_lost_tasks(now=None):
    """Mark FAILED the RUNNING tasks whose worker has been silent for
    ``WORKER_LOST_AFTER_SECONDS`` (or that started that long ago on a worker
    that never sent a heartbeat), and enqueue each again unless it was lost
    ``LOST_RETRIES`` times already. Returns the number marked."""
    from django_tasks_db.models import DBTaskResult

    from core.models import WorkerHeartbeat

    now = now or timezone.now()
    cutoff = now - lost_after()
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    marked = 0
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, backend_name=WORKER_BACKEND, started_at__lt=cutoff
    )
    for row in running:
        worker = row.worker_ids[-1] if row.worker_ids else ""
        if worker in alive:
            continue
        message = (
            f"{LOST_PATH}: worker {worker or '(unknown)'} stopped sending heartbeats "
            f"while running this task (started {row.started_at:%Y-%m-%d %H:%M:%S %Z})"
        )
        # Conditional: a worker that finishes it meanwhile keeps its outcome.
        if not DBTaskResult.objects.filter(id=row.id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=LOST_PATH,
            traceback=message,
            return_value=None,
        ):
            continue
        marked += 1
        times_lost = DBTaskResult.objects.filter(
            task_path=row.task_path, args_kwargs=row.args_kwargs, exception_class_path=LOST_PATH
        ).count()
        again = times_lost <= LOST_RETRIES
        if again:
            try:
                row.task.enqueue(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
            except Exception:  # e.g. the task no longer exists in this release
                again = False
        logger.error(
            "Task %s (%s) was left RUNNING by worker %s, silent for over %ss: marked failed; %s",
            row.id,
            row.task_path,
            worker or "(unknown)",
            int(lost_after().total_seconds()),
            f"enqueued again (lost {times_lost} time(s))" if again else "not retried again",
        )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_WORKERS_AFTER).delete()
    return marked


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
