"""Give the "Intake coordinators" group the bookings (view, cancel) and the
booking setup (appointment types, staff and their weekly hours: add,
change, delete), as they keep availability. Marketing editors get none.

Self-contained, as a migration must be: the permissions are created here
(Django creates them only after every migration has run); booking.groups
does the same for the demo and the tests.
"""

from django.db import migrations

GROUP_NAME = "Intake coordinators"
PERMISSIONS = {
    "booking": [
        ("view_booking", "Can view booking"),
        ("cancel_booking", "Can cancel bookings"),
    ],
    "appointmenttype": [
        ("add_appointmenttype", "Can add appointment type"),
        ("change_appointmenttype", "Can change appointment type"),
        ("delete_appointmenttype", "Can delete appointment type"),
        ("view_appointmenttype", "Can view appointment type"),
    ],
    "staffmember": [
        ("add_staffmember", "Can add staff member"),
        ("change_staffmember", "Can change staff member"),
        ("delete_staffmember", "Can delete staff member"),
        ("view_staffmember", "Can view staff member"),
    ],
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for model, permissions in PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="booking", model=model)
        for codename, name in permissions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="booking")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0002_no_double_booking"),
        ("forms_app", "0002_intake_coordinators_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
