"""Admin log entries for many rows at once (listing views, exports,
retention deletions), in one query: Wagtail's ModelLogEntry, the same rows
its own log_action writes, sharing the active log context's UUID."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.log_actions import get_active_log_context
from wagtail.models import ModelLogEntry


def log_many(objects, action, user, data=None):
    """One admin log entry per object of ``objects`` (of one model)."""
    objects = list(objects)
    if not objects:
        return
    content_type = ContentType.objects.get_for_model(type(objects[0]))
    context = get_active_log_context()
    shared_uuid = context.uuid or uuid.uuid4()
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                label=str(obj),
                action=action,
                data=data or {},
                timestamp=now,
                uuid=shared_uuid,
                user=user if user is not None and user.is_authenticated else None,
                object_id=str(obj.pk),
            )
            for obj in objects
        ],
        batch_size=500,
    )
