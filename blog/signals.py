"""A published blog index always has its medical review workflow."""

import logging

logger = logging.getLogger(__name__)


def ensure_review_workflow(sender, instance, **kwargs):
    from .editorial import ensure_editorial_setup

    for change in ensure_editorial_setup():
        logger.info("Editorial set-up: %s", change)
