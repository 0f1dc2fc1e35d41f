"""Give the "Intake coordinators" group the export of bookings, as they
have the export of consultation requests. Self-contained (see 0003)."""

from django.db import migrations

GROUP_NAME = "Intake coordinators"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    content_type, _ = ContentType.objects.get_or_create(app_label="booking", model="booking")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="export_booking",
        defaults={"name": "Can export bookings"},
    )
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="booking", codename="export_booking")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0005_booking_changes_reminders_feeds"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
