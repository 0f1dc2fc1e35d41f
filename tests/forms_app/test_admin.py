"""The intake workspace: who sees requests, status and notes, export, the log."""

import csv
import io
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import GroupPagePermission, ModelLogEntry

from forms_app.models import ConsultationSubmission
from tests.factories.forms_app import ConsultationSubmissionFactory

pytestmark = pytest.mark.django_db

SECRET = "Distinctive-Answer-7731"


def make_user(django_user_model, username, *groups, **extra):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.test", password="x" * 12, **extra
    )
    for group in groups:
        user.groups.add(group)
    return user


@pytest.fixture
def intake_user(django_user_model):
    return make_user(django_user_model, "intake", Group.objects.get(name="Intake coordinators"))


@pytest.fixture
def marketing_user(django_user_model, consultation_page):
    """Like the blog's "Marketing editors": admin access, may edit the form page."""
    group = Group.objects.create(name="Marketing editors (test)")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ["add_page", "change_page", "publish_page"]:
        GroupPagePermission.objects.create(
            group=group,
            page=consultation_page.get_parent(),
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    return make_user(django_user_model, "marketing", group)


@pytest.fixture
def submission(consultation_page, clinics):
    return ConsultationSubmissionFactory(
        page=consultation_page,
        location=clinics["portland"],
        location_name="Portland",
        form_data={
            "full_name": SECRET,
            "email": "ada@example.test",
            "how_can_we_help": "Line one\nLine <b>two</b>",
        },
    )


def login(user):
    client = Client()
    client.force_login(user)
    return client


def workspace_urls(submission):
    pk = submission.pk
    base = "/admin/consultation-requests/"
    return {
        "listing": base,
        "listing results": base + "results/",
        "single request": f"{base}inspect/{pk}/",
        "edit": f"{base}edit/{pk}/",
        "delete": f"{base}delete/{pk}/",
        "history": f"{base}history/{pk}/",
        "export csv": base + "?export=csv",
        "export xlsx": base + "?export=xlsx",
    }


def wagtail_form_urls(page, submission):
    return {
        "wagtail listing": f"/admin/forms/submissions/{page.pk}/",
        "wagtail export csv": f"/admin/forms/submissions/{page.pk}/?export=csv",
        "wagtail export xlsx": f"/admin/forms/submissions/{page.pk}/?export=xlsx",
        "wagtail delete": (
            f"/admin/forms/submissions/{page.pk}/delete/?selected-submissions={submission.pk}"
        ),
    }


def assert_refused(response, name):
    assert response.status_code in (302, 403), (name, response.status_code)
    if response.status_code == 302:
        assert "/admin/consultation-requests/" not in response["Location"], name
    assert SECRET not in response.content.decode(errors="replace"), name


# --- permissions -----------------------------------------------------------------


def test_marketing_editors_can_edit_the_page_but_see_no_request(
    marketing_user, consultation_page, submission
):
    client = login(marketing_user)
    edit = client.get(f"/admin/pages/{consultation_page.pk}/edit/")
    assert edit.status_code == 200
    assert SECRET not in edit.content.decode()
    for name, url in {
        **workspace_urls(submission),
        **wagtail_form_urls(consultation_page, submission),
    }.items():
        assert_refused(client.get(url), name)
    # Deleting by POST is refused too, and nothing is deleted.
    assert_refused(client.post(f"/admin/consultation-requests/delete/{submission.pk}/"), "delete")
    assert_refused(
        client.post(
            f"/admin/forms/submissions/{consultation_page.pk}/delete/"
            f"?selected-submissions={submission.pk}"
        ),
        "wagtail delete",
    )
    assert ConsultationSubmission.objects.filter(pk=submission.pk).exists()
    # The menu does not offer the workspace; Wagtail's forms list doesn't list the page.
    dashboard = client.get("/admin/").content.decode()
    assert "/admin/consultation-requests/" not in dashboard
    forms_index = client.get("/admin/forms/")
    assert consultation_page.title not in forms_index.content.decode()


def test_users_without_a_group_are_refused(django_user_model, submission, consultation_page):
    user = make_user(django_user_model, "plain")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = login(user)
    for name, url in {
        **workspace_urls(submission),
        **wagtail_form_urls(consultation_page, submission),
    }.items():
        assert_refused(client.get(url), name)


def test_anonymous_visitors_are_sent_to_the_login(client, submission):
    for name, url in workspace_urls(submission).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert "/admin/login/" in response["Location"], name


@pytest.mark.parametrize("who", ["intake", "superuser"])
def test_intake_coordinators_and_superusers_see_everything(
    who, intake_user, admin_user, submission, consultation_page
):
    client = login(intake_user if who == "intake" else admin_user)
    urls = workspace_urls(submission)
    for name in ["listing", "listing results", "single request", "edit", "history", "delete"]:
        response = client.get(urls[name])
        assert response.status_code == 200, name
    assert SECRET in client.get(urls["single request"]).content.decode()
    for name in ["export csv", "export xlsx"]:
        response = client.get(urls[name])
        assert response.status_code == 200, name
        assert "attachment" in response["Content-Disposition"], name
    # Wagtail's generic listing sends intake staff to the workspace.
    response = client.get(f"/admin/forms/submissions/{consultation_page.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/consultation-requests/"
    # Nobody creates requests in the admin.
    assert client.get("/admin/consultation-requests/new/").status_code == 404
    assert "/admin/consultation-requests/new/" not in client.get(urls["listing"]).content.decode()
    # Wagtail's generic delete view is closed for this page type, for everyone.
    assert client.get(
        wagtail_form_urls(consultation_page, submission)["wagtail delete"]
    ).status_code in (302, 403)


def test_export_needs_the_export_permission(django_user_model, submission):
    group = Group.objects.create(name="Readers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_consultationsubmission"),
    )
    client = login(make_user(django_user_model, "reader", group))
    assert client.get("/admin/consultation-requests/").status_code == 200
    assert "export=csv" not in client.get("/admin/consultation-requests/").content.decode()
    assert_refused(client.get("/admin/consultation-requests/?export=csv"), "csv")
    assert_refused(client.get("/admin/consultation-requests/?export=xlsx"), "xlsx")


def test_intake_group_has_exactly_the_request_permissions(consultation_page, clinics):
    group = Group.objects.get(name="Intake coordinators")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {c for c in codenames if c.endswith("consultationsubmission")} == {
        "view_consultationsubmission",
        "change_consultationsubmission",
        "delete_consultationsubmission",
        "export_consultationsubmission",
    }
    assert "access_admin" in codenames
    # Nothing else that matters but where requests are announced and the
    # bookings they handle beside requests (booking.groups): no other snippet
    # or user permissions. (Wagtail's own migrations add "choose" permissions
    # to every admin group.)
    bookings = {
        "view_booking",
        "cancel_booking",
        "export_booking",
        *(
            f"{action}_{model}"
            for action in ("add", "change", "delete", "view")
            for model in ("appointmenttype", "staffmember")
        ),
    }
    assert {c for c in codenames if not c.startswith("choose_")} - {"access_admin"} == {
        c for c in codenames if c.endswith("consultationsubmission")
    } | {"change_alert_routing"} | bookings
    # Pages: only those that hold the addresses (the clinics through their index).
    assert set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "page__title", "permission__codename"
        )
    ) == {
        (page.title, codename)
        for page in (consultation_page, clinics["portland"].get_parent())
        for codename in ("change_page", "publish_page")
    }


# --- the listing -----------------------------------------------------------------


def clinic_counts(html):
    """{clinic: {column heading: count}} of the counts table on a page."""
    table = (
        BeautifulSoup(html, "html.parser")
        .find("caption", string="Consultation requests by clinic")
        .parent
    )
    headings = [th.get_text(strip=True) for th in table.thead.find_all("th")][1:]
    return {
        row.th.get_text(strip=True): dict(
            zip(headings, [td.get_text(strip=True) for td in row.find_all("td")], strict=True)
        )
        for row in table.tbody.find_all("tr")
    }


def test_listing_filters_and_new_counts(intake_user, consultation_page, clinics):
    import datetime

    from django.utils import timezone

    portland, hood = clinics["portland"], clinics["hood-river"]
    a = ConsultationSubmissionFactory(
        page=consultation_page, location=portland, location_name="Portland"
    )
    b = ConsultationSubmissionFactory(
        page=consultation_page, location=portland, location_name="Portland", status="contacted"
    )
    c = ConsultationSubmissionFactory(
        page=consultation_page, location=hood, location_name="Hood River"
    )
    old = ConsultationSubmissionFactory(
        page=consultation_page, location=hood, location_name="Hood River"
    )
    ConsultationSubmission.objects.filter(pk=old.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=40)
    )
    client = login(intake_user)

    def listed(query=""):
        html = client.get("/admin/consultation-requests/" + query).content.decode()
        shown = {
            s.pk for s in [a, b, c, old] if f"/admin/consultation-requests/inspect/{s.pk}/" in html
        }
        return shown, html

    everything, html = listed()
    assert everything == {a.pk, b.pk, c.pk, old.pk}
    assert "3 new requests" in html
    assert clinic_counts(html) == {
        "Portland": {"New": "1", "Overdue": "0", "Needs review": "0", "Spam": "0"},
        "Hood River": {"New": "2", "Overdue": "0", "Needs review": "0", "Spam": "0"},
    }
    assert listed("?status=new")[0] == {a.pk, c.pk, old.pk}
    assert listed("?status=contacted")[0] == {b.pk}
    assert listed(f"?location={hood.pk}")[0] == {c.pk, old.pk}
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert listed(f"?submit_time_from={since}")[0] == {a.pk, b.pk, c.pk}
    # Bad filter values never give a 500.
    for query in [
        "?status=<script>",
        "?location=abc",
        "?submit_time_from=yesterday",
        "?ordering=evil",
    ]:
        response = client.get("/admin/consultation-requests/" + query)
        assert response.status_code == 200, query
        assert "<script>alert(31)" not in response.content.decode(), query
    # The listing shows no answers.
    assert "ada@example.test" not in html


@pytest.fixture
def callers(consultation_page, clinics):
    """Three requests with the demo form's answers, formatted as visitors type them."""

    def make(name, email, phone, method):
        return ConsultationSubmissionFactory(
            page=consultation_page,
            location=clinics["portland"],
            location_name="Portland",
            form_data={
                "full_name": name,
                "email": email,
                "phone": phone,
                "preferred_clinic_location": "portland",
                "preferred_contact_method": method,
                "how_can_we_help": "Private details " + SECRET,
            },
        )

    return {
        "zoe": make("Zoë Caller", "zoe@example.test", "(503) 555-0199", "Text message"),
        "sam": make("Sam Ringer", "sam@example.test", "541.555.0123", "Phone call"),
        "kim": make("Kim Writer", "kim@example.test", "", "Email"),
    }


def test_listing_shows_whom_to_call_and_is_logged(intake_user, callers):
    response = login(intake_user).get("/admin/consultation-requests/")
    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index('<table class="listing"') :]
    headings = [
        re.sub(r"<[^>]+>|\s+", " ", th).strip()
        for th in re.findall(r"<th\b[^>]*>(.*?)</th>", table[: table.index("</thead>")], re.S)
    ]
    assert headings[1:] == [
        "Name",
        "Phone",
        "Preferred contact",
        "Received",
        "Clinic",
        "Language",
        "Status",
        "Assigned to",
        "Follow-up due",
    ]
    assert "Zoë Caller" in html and "(503) 555-0199" in html and "Text message" in html
    assert "Sam Ringer" in html and "541.555.0123" in html and "Phone call" in html
    # Still no free-text answers on the list.
    assert SECRET not in html
    assert 'name="q"' in html  # the search box
    entries = ModelLogEntry.objects.filter(action="forms_app.view")
    assert {e.object_id for e in entries} == {str(s.pk) for s in callers.values()}
    assert {e.user_id for e in entries} == {intake_user.pk}


@pytest.mark.parametrize(
    "query, found",
    [
        ("zoë", {"zoe"}),
        ("RINGER", {"sam"}),
        ("kim@example", {"kim"}),
        ("5035550199", {"zoe"}),
        ("503-555-0199", {"zoe"}),
        ("(541) 555", {"sam"}),
        ("555", {"zoe", "sam"}),
        ("nobody", set()),
        ("Private details", set()),  # free text is not searched
    ],
)
def test_search_by_name_email_or_phone(intake_user, callers, query, found):
    response = login(intake_user).get("/admin/consultation-requests/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    shown = {
        key for key, s in callers.items() if f"/admin/consultation-requests/inspect/{s.pk}/" in html
    }
    assert shown == found


def test_no_filter_shows_as_active_until_one_filters(intake_user, callers):
    client = login(intake_user)
    html = client.get("/admin/consultation-requests/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select("[data-w-active-filter-id]") == []
    assert "Overdue:" not in soup.get_text()
    html = client.get("/admin/consultation-requests/", {"overdue": "on"}).content.decode()
    chips = BeautifulSoup(html, "html.parser").select("[data-w-active-filter-id]")
    assert [chip["data-w-active-filter-id"] for chip in chips] == ["id_overdue"]


def test_request_page_links_phone_and_email(intake_user, callers):
    html = (
        login(intake_user)
        .get(f"/admin/consultation-requests/inspect/{callers['zoe'].pk}/")
        .content.decode()
    )
    links = {a["href"]: a.get_text() for a in BeautifulSoup(html, "html.parser").select("main a")}
    assert links["tel:+15035550199"] == "(503) 555-0199"
    assert links["mailto:zoe@example.test"] == "zoe@example.test"


def test_search_by_reference(intake_user, callers):
    client = login(intake_user)
    sam = callers["sam"]
    for query in [str(sam.pk), f"#{sam.pk}"]:
        html = client.get("/admin/consultation-requests/results/", {"q": query}).content.decode()
        assert f"/admin/consultation-requests/inspect/{sam.pk}/" in html, query
        assert f"/admin/consultation-requests/inspect/{callers['kim'].pk}/" not in html, query


def test_search_applies_to_the_export(intake_user, callers):
    response = login(intake_user).get("/admin/consultation-requests/?q=ringer&export=csv")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert [row["Name"] for row in rows] == ["Sam Ringer"]


def test_listing_query_count_does_not_grow_with_requests(
    intake_user, consultation_page, clinics, django_assert_num_queries
):
    client = login(intake_user)
    client.get("/admin/consultation-requests/")  # warm per-process caches

    def count_for(total):
        ConsultationSubmission.objects.all().delete()
        ConsultationSubmissionFactory.create_batch(
            total,
            page=consultation_page,
            location=clinics["portland"],
            form_data={"full_name": "Ada Example", "phone": "503 555 0100"},
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/consultation-requests/").status_code == 200
        return len(queries)

    few = count_for(3)
    assert count_for(20) == few
    ConsultationSubmission.objects.all().delete()
    ConsultationSubmissionFactory.create_batch(
        7, page=consultation_page, form_data={"full_name": "Ada Example"}
    )
    with django_assert_num_queries(few):
        client.get("/admin/consultation-requests/")


def test_dashboard_shows_new_request_count_to_intake_only(intake_user, marketing_user, submission):
    assert "1 new consultation request" in login(intake_user).get("/admin/").content.decode()
    assert "new consultation request" not in login(marketing_user).get("/admin/").content.decode()


# --- single request, status and notes --------------------------------------------


def test_inspect_shows_answers_escaped_and_is_logged(intake_user, submission, consultation_page):
    ConsultationSubmission.objects.filter(pk=submission.pk).update(
        form_data={**submission.form_data, "full_name": '<script>alert("x")</script>' + SECRET}
    )
    client = login(intake_user)
    response = client.get(f"/admin/consultation-requests/inspect/{submission.pk}/")
    html = response.content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" + SECRET in html
    assert '<script>alert("x")</script>' not in html
    assert "Line one<br>Line &lt;b&gt;two&lt;/b&gt;" in html
    assert "Full name" in html  # the editor's label
    entry = ModelLogEntry.objects.get(action="forms_app.view")
    assert entry.user == intake_user
    assert entry.object_id == str(submission.pk)
    assert entry.label == f"Consultation request #{submission.pk}"


def test_status_change_and_notes_are_saved_and_logged(intake_user, submission):
    client = login(intake_user)
    response = client.post(
        f"/admin/consultation-requests/edit/{submission.pk}/",
        {"status": "contacted", "internal_notes": "Left a voicemail <b>Tuesday</b>."},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "contacted"
    assert submission.internal_notes == "Left a voicemail <b>Tuesday</b>."
    change = ModelLogEntry.objects.get(action="forms_app.status_change")
    assert change.user == intake_user
    assert change.data == {"from": "new", "to": "contacted"}
    assert ModelLogEntry.objects.filter(
        action="wagtail.edit", object_id=str(submission.pk)
    ).exists()

    # Notes only: an edit, no status change.
    client.post(
        f"/admin/consultation-requests/edit/{submission.pk}/",
        {"status": "contacted", "internal_notes": "Called back."},
    )
    assert ModelLogEntry.objects.filter(action="forms_app.status_change").count() == 1
    # A forged status is refused.
    response = client.post(
        f"/admin/consultation-requests/edit/{submission.pk}/",
        {"status": "hacked", "internal_notes": ""},
    )
    assert response.status_code == 200
    submission.refresh_from_db()
    assert submission.status == "contacted"
    # The history shows who did what.
    history = client.get(f"/admin/consultation-requests/history/{submission.pk}/").content.decode()
    assert "Changed the status from &#x27;New&#x27; to &#x27;Contacted&#x27;" in history
    # The notes are escaped when shown.
    inspect = client.get(f"/admin/consultation-requests/inspect/{submission.pk}/").content.decode()
    assert "Called back." in inspect


def test_edit_form_changes_only_status_and_notes(intake_user, submission):
    client = login(intake_user)
    client.post(
        f"/admin/consultation-requests/edit/{submission.pk}/",
        {
            "status": "scheduled",
            "internal_notes": "",
            "form_data": '{"full_name": "Changed"}',
            "location_name": "Elsewhere",
            "consent_given": "",
        },
    )
    submission.refresh_from_db()
    assert submission.status == "scheduled"
    assert submission.form_data["full_name"] == SECRET
    assert submission.location_name == "Portland"
    assert submission.consent_given is True


def test_delete_is_logged(intake_user, submission):
    pk = submission.pk
    response = login(intake_user).post(f"/admin/consultation-requests/delete/{pk}/")
    assert response.status_code == 302
    assert not ConsultationSubmission.objects.filter(pk=pk).exists()
    entry = ModelLogEntry.objects.get(action="wagtail.delete", object_id=str(pk))
    assert entry.user == intake_user
    assert entry.label == f"Consultation request #{pk}"


# --- export ----------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.test","click")', "+1+1", "-2+3", "@SUM(A1:A2)"]


@pytest.fixture
def formula_submissions(consultation_page, clinics):
    rows = []
    for formula in FORMULAS:
        rows.append(
            ConsultationSubmissionFactory(
                page=consultation_page,
                location=clinics["portland"],
                location_name="Portland",
                status="contacted",
                internal_notes=formula,
                form_data={
                    "full_name": formula,
                    "email": "ada@example.test",
                    "how_can_we_help": "<script>alert(1)</script>",
                },
            )
        )
    return rows


def test_csv_export_includes_status_location_and_neutralises_formulas(
    intake_user, formula_submissions
):
    response = login(intake_user).get("/admin/consultation-requests/?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == len(FORMULAS)
    for row in rows:
        assert row["Status"] == "Contacted"
        assert row["Clinic"] == "Portland"
        assert row["Email"] == "ada@example.test"
        assert row["How can we help?"] == "<script>alert(1)</script>"  # text, not markup
        assert row["Name"].startswith("'")
        assert row["Internal notes"].startswith("'")
    assert {row["Name"] for row in rows} == {"'" + f for f in FORMULAS}
    # Every exported request is logged.
    entries = ModelLogEntry.objects.filter(action="forms_app.export")
    assert {e.object_id for e in entries} == {str(s.pk) for s in formula_submissions}
    assert {e.user_id for e in entries} == {intake_user.pk}
    assert {e.data["format"] for e in entries} == {"csv"}


def test_xlsx_export_neutralises_formulas(intake_user, formula_submissions):
    from openpyxl import load_workbook

    response = login(intake_user).get("/admin/consultation-requests/?export=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert {"Status", "Clinic", "Name", "Internal notes"} <= set(header)
    name_col = header.index("Name")
    values = []
    for row in sheet.iter_rows(min_row=2):
        cell = row[name_col]
        assert cell.data_type == "s"  # a string, never a formula
        values.append(cell.value)
    assert sorted(values) == sorted("'" + f for f in FORMULAS)
    assert ModelLogEntry.objects.filter(action="forms_app.export", data__format="xlsx").count() == 4


def test_export_respects_filters(intake_user, consultation_page, clinics):
    ConsultationSubmissionFactory(
        page=consultation_page, status="new", form_data={"full_name": "A"}
    )
    ConsultationSubmissionFactory(
        page=consultation_page, status="closed", form_data={"full_name": "B"}
    )
    response = login(intake_user).get("/admin/consultation-requests/?status=closed&export=csv")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert [row["Name"] for row in rows] == ["B"]


def test_export_times_are_local_clinic_times(intake_user, submission, settings):
    from django.utils import timezone

    response = login(intake_user).get("/admin/consultation-requests/?export=csv")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    local = timezone.localtime(submission.submit_time).strftime("%Y-%m-%d %H:%M:%S")
    assert rows[0][f"Received ({settings.TIME_ZONE})"] == local


def test_csv_export_opens_in_excel_and_is_named_for_the_clinic(
    intake_user, consultation_page, clinics
):
    from django.utils import timezone

    ConsultationSubmissionFactory(
        page=consultation_page,
        location=clinics["portland"],
        location_name="Portland",
        form_data={"full_name": "Zoë Example", "email": "zoe@example.test"},
    )
    ConsultationSubmissionFactory(
        page=consultation_page,
        location=clinics["hood-river"],
        location_name="Hood River",
        form_data={"full_name": "Other Person"},
    )
    client = login(intake_user)
    today = timezone.localdate().isoformat()

    response = client.get(
        f"/admin/consultation-requests/?location={clinics['portland'].pk}&export=csv"
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    assert "Zoë Example".encode() in content
    assert b"Other Person" not in content
    assert response["Content-Disposition"] == (
        f'attachment; filename="consultation-requests-portland-{today}.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row["Name"] for row in rows] == ["Zoë Example"]
    assert list(rows[0])[0] == "Reference"

    xlsx = client.get("/admin/consultation-requests/?export=xlsx")
    assert xlsx.status_code == 200
    assert f'filename="consultation-requests-all-{today}.xlsx"' in xlsx["Content-Disposition"]
    # Still logged per request exported.
    assert ModelLogEntry.objects.filter(action="forms_app.export", data__format="csv").count() == 1
    assert ModelLogEntry.objects.filter(action="forms_app.export", data__format="xlsx").count() == 2


def test_deleting_the_form_page_keeps_the_requests(admin_user, consultation_page, submission):
    response = login(admin_user).post(f"/admin/pages/{consultation_page.pk}/delete/")
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.page_id is None
    # Still readable in the workspace.
    html = login(admin_user).get(f"/admin/consultation-requests/inspect/{submission.pk}/")
    assert SECRET in html.content.decode()


def test_editors_admin_operations_on_the_form_page_work(admin_user, consultation_page, home_page):
    """Explorer, edit, search and unpublish of the form page (one per site: no copy)."""
    client = login(admin_user)
    assert client.get(f"/admin/pages/{home_page.pk}/").status_code == 200
    assert client.get(f"/admin/pages/{consultation_page.pk}/edit/").status_code == 200
    assert client.get("/admin/pages/search/?q=consultation").status_code == 200
    assert client.get(f"/admin/pages/{consultation_page.pk}/copy/").status_code in (200, 302)
    unpublish = client.post(f"/admin/pages/{consultation_page.pk}/unpublish/")
    assert unpublish.status_code == 302
    consultation_page.refresh_from_db()
    assert consultation_page.live is False


def test_editor_publishes_field_changes_through_the_admin(admin_user, consultation_page):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    page = consultation_page.specific
    fields = list(page.form_fields.all())
    rows = [
        {
            "id": f.pk,
            "label": f.label,
            "field_type": f.field_type,
            "required": "on" if f.required else "",
            "choices": f.choices,
            "default_value": f.default_value,
            "help_text": f.help_text,
            "autocomplete": f.autocomplete,
            "ORDER": i,
        }
        for i, f in enumerate(fields)
    ]
    rows.append({"label": "Best time to call", "field_type": "singleline", "ORDER": len(rows)})
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text("<p>Updated intro.</p>"),
            "form_fields": inline_formset(rows, initial=len(fields)),
            "consent_text": "I agree to be called.",
            "privacy_page": page.privacy_page_id,
            "submit_label": "Send",
            "thank_you_text": rich_text("<p>Thanks.</p>"),
            "to_address": "intake@example.test",
            "from_address": "",
            "subject": "New request",
            "confirmation_subject": "Received",
            "confirmation_text": "We received your request.",
            "action-publish": "publish",
        }
    )
    response = login(admin_user).post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    html = Client().get(page.url).content.decode()
    assert 'name="best_time_to_call"' in html
    assert "I agree to be called." in html
    assert "Updated intro." in html


def test_admin_form_refuses_reserved_names_and_missing_address(admin_user, consultation_page):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    page = consultation_page.specific
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text(""),
            "form_fields": inline_formset(
                [
                    {"label": "Consent to contact", "field_type": "checkbox", "ORDER": 0},
                    {"label": "Clinic", "field_type": "clinic_location", "ORDER": 1},
                    {"label": "Second clinic", "field_type": "clinic_location", "ORDER": 2},
                ]
            ),
            "consent_text": "I agree.",
            "submit_label": "Send",
            "thank_you_text": rich_text(""),
            "to_address": "",
            "confirmation_subject": "Received",
            "confirmation_text": "We received your request.",
            "action-publish": "publish",
        }
    )
    response = login(admin_user).post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This label is used by the form itself" in html
    assert "only one clinic location field" in html
    assert "Enter at least one address" in html


def test_the_real_marketing_editors_group_sees_no_request(
    django_user_model, consultation_page, submission
):
    """The blog's editorial set-up: its "Marketing editors" edit every page, not requests."""
    from django.core.management import call_command

    call_command("setup_editorial_workflow", stdout=io.StringIO())
    editor = make_user(django_user_model, "editor", Group.objects.get(name="Marketing editors"))
    client = login(editor)
    assert client.get(f"/admin/pages/{consultation_page.pk}/edit/").status_code == 200
    for name, url in {
        **workspace_urls(submission),
        **wagtail_form_urls(consultation_page, submission),
    }.items():
        assert_refused(client.get(url), name)
