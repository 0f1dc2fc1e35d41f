"""The audit log's entries for a change of where requests are announced
move to the action name of the app that now owns the rule
("forms_app.alert_routing_change"; it was recorded as "home.alert_routing_change"),
so that every page's history keeps showing them in words."""

from django.db import migrations

OLD = "home.alert_routing_change"
NEW = "forms_app.alert_routing_change"


def rename(apps, old, new):
    for model in ("PageLogEntry", "ModelLogEntry"):
        apps.get_model("wagtailcore", model).objects.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    rename(apps, OLD, NEW)


def backwards(apps, schema_editor):
    rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0010_request_language"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
