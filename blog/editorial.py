"""The editorial set-up: groups, their permissions and the "Medical review" workflow.

Idempotent: creates what is missing, never removes or changes what an
administrator has set. Run by ``manage.py setup_editorial_workflow``, by
``load_demo_content`` and when a blog index page without a workflow of its
own is published (so a new blog section is never without its review).

- "Marketing editors": admin access; add, edit and publish pages on the whole
  site (but see blog.permissions: on the blog, publishing needs
  ``blog.publish_articles``, so they submit articles for review instead);
  images, documents, people, topics, clinic settings, the site text in each
  language (add: a new language's copy), menus, SEO settings and redirects;
  the visit reports. Nothing about forms or their submissions.
- "Medical reviewers": admin access; edit and publish the blog section,
  ``blog.publish_articles`` (approving the review publishes the article).
- "Medical review" workflow: one group approval task for the Medical reviewers,
  assigned to every blog index page.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

MARKETING_EDITORS = "Marketing editors"
MEDICAL_REVIEWERS = "Medical reviewers"
WORKFLOW_NAME = "Medical review"
TASK_NAME = "Approval by a medical reviewer"

MARKETING_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
REVIEWER_PAGE_PERMISSIONS = ("change", "publish", "lock", "unlock")

MARKETING_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "blog.add_person",
    "people.change_person",
    "blog.delete_person",
    "blog.add_topic",
    "blog.change_topic",
    "blog.delete_topic",
    "core.change_sitesettings",
    "core.add_sitetext",
    "core.change_sitetext",
    "core.change_navigationsettings",
    "wagtailseo.change_seosettings",
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
    "wagtailsearchpromotions.delete_searchpromotion",
    # Reports › Visits (the analytics app).
    "analytics.view_visit_reports",
)
REVIEWER_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "blog.publish_articles",
    "blog.view_person",
    "blog.view_topic",
)
MARKETING_COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)
REVIEWER_COLLECTION_PERMISSIONS = (
    "wagtailimages.choose_image",
    "wagtaildocs.choose_document",
)


def _permission(dotted):
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def _page_permission(action):
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(Page), codename=f"{action}_page"
    )


def _group(name, changes):
    group, created = Group.objects.get_or_create(name=name)
    if created:
        changes.append(f"group {name!r}")
    return group


def _grant_model_permissions(group, names, changes):
    existing = set(group.permissions.values_list("pk", flat=True))
    for name in names:
        permission = _permission(name)
        if permission is not None and permission.pk not in existing:
            group.permissions.add(permission)
            changes.append(f"{group.name}: {name}")


def _grant_collection_permissions(group, names, changes):
    root = Collection.get_first_root_node()
    if root is None:
        return
    for name in names:
        permission = _permission(name)
        if permission is None:
            continue
        _obj, created = GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )
        if created:
            changes.append(f"{group.name}: {name} on all collections")


def _grant_page_permissions(group, page, actions, changes):
    for action in actions:
        _obj, created = GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_page_permission(action)
        )
        if created:
            changes.append(f"{group.name}: {action} on {page.url_path}")


def _workflow(reviewers, changes):
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        changes.append(f"workflow {WORKFLOW_NAME!r}")
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True)
            task.groups.add(reviewers)
            changes.append(f"task {TASK_NAME!r} for {reviewers.name!r}")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def ensure_editorial_setup():
    """Create the missing groups, permissions and workflow. Returns what it did."""
    from .models import BlogIndexPage

    changes = []
    editors = _group(MARKETING_EDITORS, changes)
    reviewers = _group(MEDICAL_REVIEWERS, changes)

    _grant_model_permissions(editors, MARKETING_MODEL_PERMISSIONS, changes)
    _grant_model_permissions(reviewers, REVIEWER_MODEL_PERMISSIONS, changes)
    _grant_collection_permissions(editors, MARKETING_COLLECTION_PERMISSIONS, changes)
    _grant_collection_permissions(reviewers, REVIEWER_COLLECTION_PERMISSIONS, changes)

    # Marketing editors: every site's home page (inherited by all its pages).
    for root_page in Page.objects.filter(sites_rooted_here__isnull=False).distinct():
        _grant_page_permissions(editors, root_page, MARKETING_PAGE_PERMISSIONS, changes)

    workflow = _workflow(reviewers, changes)
    for index in BlogIndexPage.objects.all():
        _grant_page_permissions(reviewers, index, REVIEWER_PAGE_PERMISSIONS, changes)
        if not WorkflowPage.objects.filter(page=index).exists():
            WorkflowPage.objects.create(page=index, workflow=workflow)
            changes.append(f"workflow {WORKFLOW_NAME!r} on {index.url_path}")
    return changes
