"""Tasks the worker tests enqueue for the real worker (manage.py run_worker)."""

import time
from pathlib import Path

from django_tasks import task

from core.tasks import WORKER_BACKEND


@task(backend=WORKER_BACKEND)
def hold(flag_path):
    """Runs while the file ``flag_path`` exists (a minute at most)."""
    flag = Path(flag_path)
    started = flag.with_suffix(".started")
    started.write_text(str(time.time()))
    deadline = time.monotonic() + 60
    while flag.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return "done"
