"""The "Intake coordinators" group: the only non-superusers who see requests.

It gets admin access and the consultation-request permissions (view, change
status and notes, delete, export), and it decides where requests are
announced: ``change_alert_routing`` (home.routing), with permission to edit
and publish the pages that hold those addresses (each clinic's location page,
through the locations index, and the consultation page). Marketing editors
are not in it, so they can edit the form page but never see a request nor
change where requests go.

Idempotent, so the data migrations, the demo content and tests that flushed
the database (transactional browser tests) all use this one definition.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

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


def ensure_intake_coordinators_group(apps=global_apps):
    """Create the group and give it its permissions when missing; return the group.

    `apps` is the migration's historical registry inside a migration.
    """
    # Model permissions are normally created after all migrations ran (and
    # are gone after a flush until then); create them so the group gets them.
    app_config = apps.get_app_config("forms_app")
    if apps is global_apps:
        create_permissions(app_config, apps=apps, verbosity=0)
    else:  # a migration's app stub has no models module: pretend it has one
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    permissions = list(
        Permission.objects.filter(content_type__app_label="forms_app", codename__in=CODENAMES)
    ) + list(
        Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    group.permissions.add(*permissions)

    Page = apps.get_model("wagtailcore", "Page")
    for app_label, model in ROUTING_PAGE_TYPES:
        for page in Page.objects.filter(
            content_type__app_label=app_label, content_type__model=model
        ):
            grant_routing_page_permissions(page, apps=apps, group=group)
    return group


def grant_routing_page_permissions(page, apps=global_apps, group=None):
    """Let the group edit and publish ``page`` (and the pages below it)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
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
