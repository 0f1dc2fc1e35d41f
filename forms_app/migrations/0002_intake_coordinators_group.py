"""Create the "Intake coordinators" group: the only non-superusers who see requests.

It gets admin access and the consultation-request permissions (view, change
status and notes, delete, export), nothing else. Marketing editors are not
in it, so they can edit the form page but never see a request.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Intake coordinators"
CODENAMES = [
    "view_consultationsubmission",
    "change_consultationsubmission",
    "delete_consultationsubmission",
    "export_consultationsubmission",
]


def create_group(apps, schema_editor):
    # Model permissions are normally created after all migrations ran; create
    # them now so that the group can be given them in this migration.
    app_config = apps.get_app_config("forms_app")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="forms_app", codename__in=CODENAMES
        )
    ) + list(
        Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    group.permissions.add(*permissions)


def remove_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
