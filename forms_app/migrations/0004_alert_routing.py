"""Only intake coordinators (and administrators) change where requests are announced.

Adds the ``change_alert_routing`` permission and gives it to the "Intake
coordinators" group, with permission to edit and publish the existing pages
that hold the addresses (see forms_app.groups). Marketing editors lose
nothing but the sight of those fields.
"""

from django.db import migrations

from forms_app.groups import ensure_intake_coordinators_group


def grant(apps, schema_editor):
    ensure_intake_coordinators_group(apps)


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
