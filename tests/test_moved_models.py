"""A database made before the settings moved to core and people got their
own app keeps every row, permission and audit-log entry after `migrate`."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("home", "0010_notice_pages"),
    ("blog", "0006_text_blocks_never_none"),
    ("locations", "0004_text_blocks_never_none"),
    ("forms_app", "0010_request_language"),
    ("core", None),
    ("people", None),
]


@pytest.mark.django_db(transaction=True)
def test_an_existing_database_keeps_its_settings_people_and_history():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state([node for node in BEFORE if node[1]]).apps
    ContentType = old.get_model("contenttypes", "ContentType")
    Group = old.get_model("auth", "Group")
    Permission = old.get_model("auth", "Permission")
    Site = old.get_model("wagtailcore", "Site")
    Page = old.get_model("wagtailcore", "Page")
    PageLogEntry = old.get_model("wagtailcore", "PageLogEntry")
    settings_type, _ = ContentType.objects.get_or_create(app_label="home", model="sitesettings")
    person_type, _ = ContentType.objects.get_or_create(app_label="blog", model="person")
    change_settings, _ = Permission.objects.get_or_create(
        content_type=settings_type, codename="change_sitesettings", defaults={"name": "x"}
    )
    editors = Group.objects.create(name="Editors of the old days")
    editors.permissions.add(change_settings)
    locale, _ = old.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="en")
    root = Page.objects.filter(depth=1).first() or Page.objects.create(
        title="Root",
        slug="root",
        path="0001",
        depth=1,
        numchild=0,
        url_path="/",
        locale=locale,
        content_type=ContentType.objects.get_or_create(app_label="wagtailcore", model="page")[0],
    )
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.create(
        hostname="localhost", port=80, root_page=root, is_default_site=True
    )
    old.get_model("home", "SiteSettings").objects.create(site=site, clinic_name="Old Clinic")
    old.get_model("blog", "Person").objects.create(name="Avery Lin", slug="avery-lin")
    PageLogEntry.objects.create(
        page=root,
        content_type=person_type,
        label="x",
        timestamp=timezone.now(),
        action="home.alert_routing_change",
        data={"field": "to_address", "old": "", "new": "a@example.test"},
    )

    call_command("migrate", verbosity=0)

    from django.contrib.auth.models import Group as LiveGroup
    from wagtail.models import PageLogEntry as LiveLog

    from core.models import SiteSettings
    from people.models import Person

    assert SiteSettings.objects.get().clinic_name == "Old Clinic"
    assert Person.objects.get().slug == "avery-lin"
    group = LiveGroup.objects.get(name="Editors of the old days")
    assert group.permissions.filter(
        content_type__app_label="core", codename="change_sitesettings"
    ).exists()
    assert LiveLog.objects.filter(action="forms_app.alert_routing_change").count() == 1
    assert not LiveLog.objects.filter(action="home.alert_routing_change").exists()
