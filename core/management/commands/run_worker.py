"""The background worker: django-tasks-db's ``db_worker`` on the "worker"
backend, kept running through database outages, plus the scheduled jobs.

``db_worker`` exits on any database error other than a lock (upstream
RealOrangeOne/django-tasks-db#49, open), so a restarting PostgreSQL would
stop every email until someone restarts the container. Here it is started
again after a short, growing pause. A thread enqueues each job of
``WORKER_SCHEDULE`` ((task path, seconds) pairs) every so many seconds;
jobs are idempotent, so two workers enqueuing the same job do no harm.

Another thread says every ``WORKER_HEARTBEAT_SECONDS`` that this worker
(its ``--worker-id``, recorded on each task it runs) is alive, and marks
failed the tasks of workers silent for ``WORKER_LOST_AFTER_SECONDS``
(core.tasks.fail_lost_tasks): a killed worker's task does not stay RUNNING.
"""

import logging
import os
import secrets
import socket
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils.module_loading import import_string

from core import tasks
from core.tasks import WORKER_BACKEND

logger = logging.getLogger(__name__)


class Scheduler(threading.Thread):
    def __init__(self, jobs, tick=5.0):
        super().__init__(name="worker-schedule", daemon=True)
        self.jobs = [(import_string(path), float(seconds)) for path, seconds in jobs]
        self.tick = tick
        self.stopped = threading.Event()

    def run(self):
        due = [0.0] * len(self.jobs)  # everything once at start
        while not self.stopped.is_set():
            now = time.monotonic()
            for index, (job, seconds) in enumerate(self.jobs):
                if now >= due[index]:
                    try:
                        job.enqueue()
                        due[index] = now + seconds
                    except Exception:  # the database may be down: try again soon
                        logger.warning("Could not enqueue %s; retrying", job.name)
                        due[index] = now + min(seconds, 30)
                        close_old_connections()
            self.stopped.wait(self.tick)
        connections.close_all()


class Heartbeat(threading.Thread):
    def __init__(self, worker_id, every):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.every = every
        self.stopped = threading.Event()

    def beat(self):
        """Alive; and the tasks of workers that are not: failed, run again."""
        try:
            tasks.beat(self.worker_id)
            tasks.fail_lost_tasks()
        except Exception:  # the database may be down: the next beat tries again
            logger.warning("Worker heartbeat failed; retrying", exc_info=True)
            close_old_connections()

    def run(self):
        while not self.stopped.wait(self.every):
            self.beat()
        connections.close_all()


def new_worker_id():
    """Unique across the pool, and says where the worker ran (at most 64 characters)."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{secrets.token_hex(4)}"


class Command(BaseCommand):
    help = "Run background tasks (emails, purges) and the scheduled jobs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls when idle."
        )
        parser.add_argument(
            "--no-schedule", action="store_true", help="Run tasks only, no scheduled jobs."
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run the tasks that are due, then stop."
        )

    def handle(self, *args, interval, no_schedule, batch, **options):
        from django_tasks import task_backends

        if not task_backends[WORKER_BACKEND].supports_defer:
            raise CommandError(
                "The worker backend runs tasks at once (TASKS_BACKEND=immediate): "
                "there is nothing to run. Set TASKS_BACKEND=database."
            )
        worker_id = new_worker_id()
        heartbeat = Heartbeat(worker_id, getattr(settings, "WORKER_HEARTBEAT_SECONDS", 15))
        heartbeat.beat()  # before the first task: its row names a live worker
        heartbeat.start()
        if not no_schedule:
            Scheduler(getattr(settings, "WORKER_SCHEDULE", ())).start()
        pause = 1
        while True:
            started = time.monotonic()
            try:
                # As on a command line: db_worker checks its options there.
                call_command(
                    "db_worker",
                    f"--backend={WORKER_BACKEND}",
                    "--queue-name=*",
                    f"--interval={interval}",
                    "--no-reload",
                    f"--worker-id={worker_id}",
                    *(["--batch"] if batch else []),
                    verbosity=options.get("verbosity", 1),
                )
                return  # a clean stop (SIGTERM while idle exits from db_worker)
            except (OperationalError, InterfaceError) as exc:
                logger.warning(
                    "Worker lost the database (%s); starting again in %ss",
                    type(exc).__name__,
                    pause,
                )
                connections.close_all()
                if time.monotonic() - started > 60:
                    pause = 1  # it had been working: a new outage
                time.sleep(pause)
                pause = min(pause * 2, 30)
