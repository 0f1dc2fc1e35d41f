"""The booking permissions of the "Intake coordinators" group (migration
0003 gives them; this does it again for the demo and tests that flushed the
database). Idempotent."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

GROUP_NAME = "Intake coordinators"
CODENAMES = [
    "view_booking",
    "cancel_booking",
    "export_booking",
    *(
        f"{action}_{model}"
        for model in ("appointmenttype", "staffmember")
        for action in ("add", "change", "delete", "view")
    ),
]


def grant_booking_permissions():
    create_permissions(apps.get_app_config("booking"), verbosity=0)
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="booking", codename__in=CODENAMES)
    )
    return group
