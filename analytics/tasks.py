"""The visit figures' scheduled work (see core.tasks and WORKER_SCHEDULE)."""

from django_tasks import task

from core.tasks import WORKER_BACKEND


@task(backend=WORKER_BACKEND)
def roll_up_visits():
    """The day's hits into daily rows; finished days' hits and salts deleted."""
    from .rollup import roll_up

    roll_up()
