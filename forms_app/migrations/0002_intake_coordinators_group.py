"""Create the "Intake coordinators" group: the only non-superusers who see requests.

It gets admin access and the consultation-request permissions (view, change
status and notes, delete, export), nothing else. Marketing editors are not
in it, so they can edit the form page but never see a request.
"""

from django.db import migrations

from forms_app.groups import GROUP_NAME, ensure_intake_coordinators_group


def create_group(apps, schema_editor):
    ensure_intake_coordinators_group(apps)


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
