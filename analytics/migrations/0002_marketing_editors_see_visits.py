"""The marketing team sees the visit reports: "Marketing editors" get the
permission (superusers have it anyway). Nobody else does.

Self-contained, as a migration must be: the permission is created here
(Django creates permissions only after every migration has run); the
group is the one blog.editorial sets up, created here if it is not there yet.
"""

from django.db import migrations

GROUP_NAME = "Marketing editors"
CODENAME = "view_visit_reports"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="analytics", model="dailystat")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=CODENAME,
        defaults={"name": "Can view the visit reports"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="analytics", codename=CODENAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
