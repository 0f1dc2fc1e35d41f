"""The real worker (manage.py run_worker in processes of its own, production
settings, the test database): the daily prune empties old task results, and
a task whose worker was killed mid-run does not stay RUNNING: once the
worker has been silent for WORKER_LOST_AFTER_SECONDS (shortened here) it is
marked failed, with a log line, and run again."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from core import tasks
from tests.support import worker_tasks

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
WORKER_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "worker": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}


def worker_env(**extra):
    """The docker-compose worker's environment, on the test database."""
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings.production",
        "SECRET_KEY": "worker-test-secret-key-not-used-anywhere-else-0123456789",
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": "",
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "WAGTAILADMIN_BASE_URL": django_settings.WAGTAILADMIN_BASE_URL,
        "PYTHONUNBUFFERED": "1",
        **{key: str(value) for key, value in extra.items()},
    }


def start_worker(log_path, *args, **env):
    """manage.py run_worker in a process group of its own (so it can be killed whole)."""
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "run_worker", "--interval", "0.2", *args],
        cwd=ROOT,
        env=worker_env(**env),
        stdout=log_path.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def wait_for(condition, what, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_prune_job_empties_old_task_results_in_the_real_worker(settings, tmp_path):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = WORKER_TASKS
    old = [tasks.publish_scheduled_pages.enqueue() for _ in range(3)]
    recent = tasks.publish_scheduled_pages.enqueue()
    nine_days_ago = timezone.now() - datetime.timedelta(days=9)
    DBTaskResult.objects.filter(id__in=[r.id for r in old]).update(
        status="SUCCESSFUL", finished_at=nine_days_ago, enqueued_at=nine_days_ago
    )
    DBTaskResult.objects.filter(id=recent.id).update(
        status="SUCCESSFUL", finished_at=timezone.now()
    )
    prune = tasks.prune_task_results.enqueue()

    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "run_worker", "--batch", "--no-schedule", "-v", "0"],
        cwd=ROOT,
        env=worker_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    kept = {str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)}
    assert kept == {str(recent.id), str(prune.id)}
    assert DBTaskResult.objects.get(id=prune.id).status == "SUCCESSFUL"


def test_a_task_whose_worker_was_killed_is_failed_and_run_again(settings, tmp_path):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = WORKER_TASKS
    flag = tmp_path / "hold.flag"
    flag.write_text("hold")
    held = worker_tasks.hold.enqueue(str(flag))
    short = {"WORKER_HEARTBEAT_SECONDS": 1, "WORKER_LOST_AFTER_SECONDS": 3}

    first = start_worker(tmp_path / "first.log", "--no-schedule", **short)
    try:
        wait_for(
            lambda: DBTaskResult.objects.filter(id=held.id, status="RUNNING").exists(),
            "the first worker to start the task",
        )
        os.killpg(first.pid, signal.SIGKILL)  # mid-task: no chance to record anything
        first.wait(10)
    finally:
        stop(first)
    assert DBTaskResult.objects.get(id=held.id).status == "RUNNING"
    flag.unlink()  # the task's next run finishes at once

    second = start_worker(tmp_path / "second.log", "--no-schedule", **short)
    try:
        wait_for(
            lambda: DBTaskResult.objects.filter(
                task_path=held.task.module_path, status="SUCCESSFUL"
            ).exists(),
            "the lost task to be run again",
        )
    finally:
        stop(second)

    lost = DBTaskResult.objects.get(id=held.id)
    assert lost.status == "FAILED"
    assert lost.exception_class_path == tasks.LOST_PATH
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()
    again = DBTaskResult.objects.exclude(id=held.id).get(task_path=held.task.module_path)
    assert again.status == "SUCCESSFUL" and again.args_kwargs == lost.args_kwargs
    log = (tmp_path / "second.log").read_text()
    assert f"Task {held.id} (tests.support.worker_tasks.hold) was left RUNNING" in log


def test_a_live_workers_long_task_is_not_taken_for_lost(settings):
    """A heartbeat newer than the timeout keeps a task running however long."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = WORKER_TASKS
    settings.WORKER_LOST_AFTER_SECONDS = 60
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    alive = tasks.publish_scheduled_pages.enqueue()
    dead = tasks.publish_scheduled_pages.enqueue()
    for result, worker in ((alive, "alive-worker"), (dead, "dead-worker")):
        DBTaskResult.objects.filter(id=result.id).update(
            status="RUNNING", started_at=long_ago, worker_ids=[worker]
        )
    tasks.beat("alive-worker")
    assert tasks.fail_lost_tasks() == 1
    assert DBTaskResult.objects.get(id=alive.id).status == "RUNNING"
    assert DBTaskResult.objects.get(id=dead.id).status == "FAILED"
