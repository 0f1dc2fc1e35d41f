"""The "Intake coordinators" group: the only non-superusers who see requests.

It gets admin access and the consultation-request permissions (view, change
status and notes, delete, export), nothing else. Marketing editors are not
in it, so they can edit the form page but never see a request.

Idempotent, so the data migration, the demo content and tests that flushed
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
]


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
    return group
