"""Admin log entries for many requests at once (listing views, exports,
retention deletions)."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.log_actions import get_active_log_context
from wagtail.models import ModelLogEntry

from ..models import ConsultationSubmission


def log_many(submissions, action, user, data=None):
    """One admin log entry per submission, written in one query."""
    if not submissions:
        return
    content_type = ContentType.objects.get_for_model(ConsultationSubmission)
    context = get_active_log_context()
    shared_uuid = context.uuid or uuid.uuid4()
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                label=str(submission),
                action=action,
                data=data or {},
                timestamp=now,
                uuid=shared_uuid,
                user=user if user is not None and user.is_authenticated else None,
                object_id=str(submission.pk),
            )
            for submission in submissions
        ],
        batch_size=500,
    )
