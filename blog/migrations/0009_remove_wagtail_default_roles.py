"""Wagtail's starter roles leave the admin: the "Editors" and "Moderators"
groups and the "Moderators approval" workflow that Wagtail's own migrations
create. The clinic's roles replace them (Marketing editors, Medical
reviewers and the "Medical review" workflow: blog.editorial; Intake
coordinators: forms_app.groups), and without this every page's action menu
offers "Submit to Moderators approval", which nobody at the clinic reviews.

Kept where something still needs them: a group with members stays (its
people keep their access until an administrator moves them into a clinic
role); a workflow or task that has ever run is disabled and unassigned
rather than deleted, so its history stays readable.

Written without the application's code, as migrations must be.
"""

from django.conf import settings
from django.db import migrations

DEFAULT_GROUPS = ("Editors", "Moderators")
DEFAULT_WORKFLOW = "Moderators approval"


def remove_default_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW):
        WorkflowPage.objects.filter(workflow=workflow).delete()
        task_ids = list(
            WorkflowTask.objects.filter(workflow=workflow).values_list("task_id", flat=True)
        )
        if WorkflowState.objects.filter(workflow=workflow).exists():
            Workflow.objects.filter(pk=workflow.pk).update(active=False)
        else:
            WorkflowTask.objects.filter(workflow=workflow).delete()
            workflow.delete()
        for task in Task.objects.filter(pk__in=task_ids, name=DEFAULT_WORKFLOW):
            if TaskState.objects.filter(task=task).exists() or WorkflowTask.objects.filter(
                task=task
            ).exists():
                Task.objects.filter(pk=task.pk).update(active=False)
            else:
                task.delete()

    for group in Group.objects.filter(name__in=DEFAULT_GROUPS):
        if not User.objects.filter(groups=group).exists():
            group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("blog", "0008_review_fields_set_by_reviews"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(remove_default_roles, migrations.RunPython.noop)]
