"""A published blog index always has its medical review workflow."""

import logging

from wagtail.models import WorkflowPage

logger = logging.getLogger(__name__)


def ensure_review_workflow(sender, instance, **kwargs):
    """On publishing a blog index without a workflow of its own, run the editorial
    set-up (which assigns "Medical review" to it). Once assigned, an administrator's
    later changes to groups and workflows are left alone."""
    from .editorial import ensure_editorial_setup

    if WorkflowPage.objects.filter(page=instance).exists():
        return
    for change in ensure_editorial_setup():
        logger.info("Editorial set-up: %s", change)
