"""Only intake coordinators (and administrators) change where requests are announced.

Adds the ``change_alert_routing`` permission and gives it to the "Intake
coordinators" group, with permission to edit and publish the existing pages
that hold the addresses (the clinics, through the locations index, and
the consultation page). Marketing editors lose nothing but the sight of
those fields. Self-contained: no application module is imported here.
"""

from django.db import migrations

GROUP_NAME = "Intake coordinators"
# The pages whose fields route requests, as (app label, model), and what the
# group may do with them (and, for the index, the clinics below it).
ROUTING_PAGE_TYPES = [("locations", "locationindexpage"), ("forms_app", "consultationpage")]
ROUTING_PAGE_ACTIONS = ["change", "publish"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="forms_app", model="consultationsubmission"
    )
    routing, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_alert_routing",
        defaults={"name": "Can change where consultation requests are announced"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(routing)
    page_permissions = [
        permission
        for action in ROUTING_PAGE_ACTIONS
        if (
            permission := Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=f"{action}_page"
            ).first()
        )
        is not None
    ]
    for app_label, model in ROUTING_PAGE_TYPES:
        for page in Page.objects.filter(
            content_type__app_label=app_label, content_type__model=model
        ):
            for permission in page_permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=page.pk, permission=permission
                )


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0003_email_claims"),
        ("locations", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="consultationsubmission",
            options={
                "ordering": ["-submit_time", "-id"],
                "permissions": [
                    ("export_consultationsubmission", "Can export consultation requests"),
                    (
                        "change_alert_routing",
                        "Can change where consultation requests are announced",
                    ),
                ],
                "verbose_name": "consultation request",
                "verbose_name_plural": "consultation requests",
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
