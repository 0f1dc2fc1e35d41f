"""The "Intake coordinators" group: the only non-superusers who see requests.

It gets admin access and the consultation-request permissions (view, change
status and notes, delete, export), and it decides where requests are
announced: ``change_alert_routing`` (forms_app.alert_routing), with permission to edit
and publish the pages that hold those addresses (each clinic's location page,
through the locations index, and the consultation page). Marketing editors
are not in it, so they can edit the form page but never see a request nor
change where requests go.

Idempotent, so the demo content and tests that flushed the database
(transactional browser tests) can call it any time.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

GROUP_NAME = "Intake coordinators"
CODENAMES = [
    "view_consultationsubmission",
    "change_consultationsubmission",
    "delete_consultationsubmission",
    "export_consultationsubmission",
    "change_alert_routing",
]
# The pages whose fields route requests, as (app label, model): the group may
# edit and publish them (and, for the index, the clinics below it).
ROUTING_PAGE_TYPES = [("locations", "locationindexpage"), ("forms_app", "consultationpage")]
ROUTING_PAGE_ACTIONS = ["change", "publish"]


def ensure_intake_coordinators_group():
    """Create the group and give it its permissions when missing; return the group.

    For the demo content and tests (e.g. after a flush); the migrations that
    created it hold their own copy of these steps, as migrations must."""
    # Model permissions are normally created after all migrations ran (and
    # are gone after a flush until then); create them so the group gets them.
    create_permissions(apps.get_app_config("forms_app"), verbosity=0)
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    permissions = list(
        Permission.objects.filter(content_type__app_label="forms_app", codename__in=CODENAMES)
    ) + list(
        Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    group.permissions.add(*permissions)
    for app_label, model in ROUTING_PAGE_TYPES:
        for page in Page.objects.filter(
            content_type__app_label=app_label, content_type__model=model
        ):
            grant_routing_page_permissions(page, group=group)
    return group


def grant_routing_page_permissions(page, group=None):
    """Let the group edit and publish ``page`` (and the pages below it)."""
    group = group or Group.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return
    for action in ROUTING_PAGE_ACTIONS:
        permission = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=f"{action}_page"
        ).first()
        if permission is not None:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=page.pk, permission=permission
            )
