"""Who may change where consultation requests are announced, and the trace it leaves.

A marketing editor who could change a clinic's notification address (or the
form's intake address) could read every new request's alert, or silence
intake altogether. Only intake coordinators and administrators see and
change those fields; every change is in the page's history.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from blog.editorial import MARKETING_EDITORS, ensure_editorial_setup
from forms_app.alert_routing import LOG_ACTION
from forms_app.groups import GROUP_NAME as INTAKE_COORDINATORS
from forms_app.groups import ensure_intake_coordinators_group

from .conftest import valid_data

pytestmark = pytest.mark.django_db

ATTACKER = "collector@attacker.test"


def staff(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.test", password="x" * 12
    )
    if group_name == INTAKE_COORDINATORS:
        ensure_intake_coordinators_group()  # as its data migration made it
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def marketing(django_user_model, consultation_page):
    """A member of the real "Marketing editors" group (blog.editorial)."""
    ensure_editorial_setup()
    return staff(django_user_model, "marketing", MARKETING_EDITORS)


@pytest.fixture
def coordinator(django_user_model, consultation_page):
    """A member of the real "Intake coordinators" group (forms_app.groups)."""
    return staff(django_user_model, "intake", INTAKE_COORDINATORS)


def edit_form(client, page, url=None):
    """(the edit form's HTML, what the browser would post back unchanged)."""
    response = client.get(url or reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    for box in BeautifulSoup(html, "html.parser").select("input[type=checkbox][checked]"):
        data[box["name"]] = box.get("value", "on")
    if hasattr(page, "services"):  # StreamFields are built by the admin's JavaScript
        data.update(
            nested_form_data(
                {
                    "services": streamfield([("service", b.value) for b in page.services]),
                    "body": streamfield([]),
                    "gallery": streamfield([]),
                }
            )
        )
    return html, data


def publish(client, page, data, url=None):
    data["action-publish"] = "action-publish"
    response = client.post(url or reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def field_names(html):
    form = BeautifulSoup(html, "html.parser").select_one("#page-edit-form")
    return {element.get("name") for element in form.select("input, textarea, select")}


def routing_log(page):
    return PageLogEntry.objects.filter(page=page, action=LOG_ACTION).order_by("timestamp", "id")


def alert_recipients(consultation_page, post_form, clinic):
    mail.outbox.clear()
    post_form(consultation_page, valid_data(consultation_page, preferred_clinic_location=clinic))
    staff_alert = mail.outbox[0]
    assert "new consultation request" in staff_alert.body.lower()
    return staff_alert.to


def test_marketing_editor_cannot_see_or_change_a_clinics_alert_address(
    marketing, clinics, consultation_page, post_form
):
    _user, client = marketing
    portland = clinics["portland"]
    logged_before = routing_log(portland).count()

    html, data = edit_form(client, portland)
    assert "notification_email" not in field_names(html)
    assert "portland-intake@example.test" not in html
    # The rest of the page is theirs to edit; a forged address is ignored.
    data["phone"] = "(503) 555-0111"
    data["notification_email"] = ATTACKER
    publish(client, portland, data)

    portland.refresh_from_db()
    assert portland.phone == "(503) 555-0111"
    assert portland.notification_email == "portland-intake@example.test"
    assert alert_recipients(consultation_page, post_form, "portland") == [
        "portland-intake@example.test"
    ]
    assert routing_log(portland).count() == logged_before


def test_marketing_editor_cannot_see_or_change_the_forms_addresses(
    marketing, consultation_page, post_form
):
    _user, client = marketing
    html, data = edit_form(client, consultation_page)
    assert {"to_address", "from_address"}.isdisjoint(field_names(html))
    assert "default-intake@example.test" not in html
    data["subject"] = "A request arrived"
    data["to_address"] = ATTACKER
    data["from_address"] = ATTACKER
    publish(client, consultation_page, data)

    consultation_page.refresh_from_db()
    assert consultation_page.subject == "A request arrived"
    assert consultation_page.to_address == "default-intake@example.test"
    assert consultation_page.from_address == "no-reply@example.test"
    # Hood River has no address of its own: the form's intake address is used.
    assert alert_recipients(consultation_page, post_form, "hood-river") == [
        "default-intake@example.test"
    ]
    confirmation = mail.outbox[1]
    assert confirmation.from_email == "no-reply@example.test"


def test_reverting_to_an_old_revision_does_not_bring_an_old_address_back(
    marketing, admin_client, clinics, consultation_page, post_form
):
    """The revision a marketing editor reverts to had another address: the
    current one stays."""
    portland = clinics["portland"]
    old_revision = portland.save_revision()
    old_revision.publish()
    _html, data = edit_form(admin_client, portland)
    data["notification_email"] = "portland-new@example.test"
    publish(admin_client, portland, data)

    _user, client = marketing
    revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[portland.pk, old_revision.pk])
    html, data = edit_form(client, portland, url=revert_url)
    assert "portland-intake@example.test" not in html
    publish(client, portland, data, url=revert_url)

    portland.refresh_from_db()
    assert portland.notification_email == "portland-new@example.test"
    assert alert_recipients(consultation_page, post_form, "portland") == [
        "portland-new@example.test"
    ]


def test_intake_coordinator_changes_a_clinics_address_and_the_history_shows_it(
    coordinator, clinics, consultation_page, post_form
):
    user, client = coordinator
    portland = clinics["portland"]
    html, data = edit_form(client, portland)
    assert "notification_email" in field_names(html)
    data["notification_email"] = "portland-frontdesk@example.test"
    publish(client, portland, data)

    portland.refresh_from_db()
    assert portland.notification_email == "portland-frontdesk@example.test"
    assert alert_recipients(consultation_page, post_form, "portland") == [
        "portland-frontdesk@example.test"
    ]

    entry = routing_log(portland).last()
    assert entry.user == user
    assert entry.data["old"] == "portland-intake@example.test"
    assert entry.data["new"] == "portland-frontdesk@example.test"
    history = client.get(reverse("wagtailadmin_pages:history", args=[portland.pk]))
    assert history.status_code == 200
    text = BeautifulSoup(history.content, "html.parser").get_text(" ", strip=True)
    assert (
        "Changed where consultation requests are announced: notification email from "
        "portland-intake@example.test to portland-frontdesk@example.test"
    ) in text


def test_intake_coordinator_changes_the_forms_intake_address(
    coordinator, consultation_page, post_form
):
    user, client = coordinator
    html, data = edit_form(client, consultation_page)
    assert {"to_address", "from_address"} <= field_names(html)
    data["to_address"] = "intake-team@example.test, manager@example.test"
    publish(client, consultation_page, data)

    assert alert_recipients(consultation_page, post_form, "hood-river") == [
        "intake-team@example.test",
        "manager@example.test",
    ]
    entry = routing_log(consultation_page).last()
    assert (entry.user, entry.data["old"], entry.data["new"]) == (
        user,
        "default-intake@example.test",
        "intake-team@example.test, manager@example.test",
    )


def test_a_draft_change_is_logged_when_it_is_published(coordinator, clinics):
    """A saved draft does not reroute anything yet; publishing it does, and is logged."""
    _user, client = coordinator
    portland = clinics["portland"]
    logged_before = routing_log(portland).count()
    _html, data = edit_form(client, portland)
    data["notification_email"] = "portland-draft@example.test"
    assert client.post(reverse("wagtailadmin_pages:edit", args=[portland.pk]), data).status_code
    portland.refresh_from_db()
    assert portland.notification_email == "portland-intake@example.test"
    assert routing_log(portland).count() == logged_before

    portland.get_latest_revision().publish()
    portland.refresh_from_db()
    assert portland.notification_email == "portland-draft@example.test"
    assert routing_log(portland).last().data["new"] == "portland-draft@example.test"


def test_the_demo_sites_clinics_are_routed_by_intake_coordinators_only(
    demo_site, django_user_model
):
    """On the demo content (as `make run` builds it), with the real groups."""
    from locations.models import LocationPage

    ensure_editorial_setup()
    portland = LocationPage.objects.get(slug="portland", locale__language_code="en")
    edit_url = reverse("wagtailadmin_pages:edit", args=[portland.pk])
    _user, editor = staff(django_user_model, "marketing", MARKETING_EDITORS)
    _user, intake = staff(django_user_model, "intake", INTAKE_COORDINATORS)
    assert "notification_email" not in field_names(editor.get(edit_url).content.decode())
    assert "notification_email" in field_names(intake.get(edit_url).content.decode())
