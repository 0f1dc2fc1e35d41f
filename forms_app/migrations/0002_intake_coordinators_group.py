"""Create the "Intake coordinators" group: the only non-superusers who see requests.

It gets admin access and the consultation-request permissions (view, change
status and notes, delete, export), nothing else. Marketing editors are not
in it, so they can edit the form page but never see a request.

Self-contained, as a migration must be: the permissions are created here
(Django creates them only after every migration has run), never through the
application's own modules (forms_app.groups does the same for the demo and
the tests, with today's models).
"""

from django.db import migrations

GROUP_NAME = "Intake coordinators"
PERMISSIONS = [
    ("view_consultationsubmission", "Can view consultation request"),
    ("change_consultationsubmission", "Can change consultation request"),
    ("delete_consultationsubmission", "Can delete consultation request"),
    ("export_consultationsubmission", "Can export consultation requests"),
]


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="forms_app", model="consultationsubmission"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in PERMISSIONS
    ]
    permissions += list(
        Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
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
