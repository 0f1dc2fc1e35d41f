"""The blog's background work (see core.tasks)."""

from django_tasks import task

from core.tasks import WORKER_BACKEND


@task(backend=WORKER_BACKEND)
def send_review_reminders():
    """Scheduled hourly: reminders of medical reviews coming due or overdue."""
    from .reminders import send_review_reminders as send

    return send()
