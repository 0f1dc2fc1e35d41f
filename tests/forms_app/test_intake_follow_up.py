"""Working a request: when it is due (business days by the clinic's hours),
overdue, outcomes with notes, assignment, the dashboard counts and the
export's columns."""

import csv
import datetime
import io
import re
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from forms_app import intake
from forms_app.models import ConsultationSubmission
from locations.hours import Schedule, business_day_end
from tests.factories.forms_app import ConsultationSubmissionFactory
from tests.factories.locations import OpeningHoursExceptionFactory, OpeningHoursFactory
from tests.forms_app.test_admin import clinic_counts, intake_user, login, make_user, marketing_user

# Due times depend on the day and hour: a fixed Wednesday morning.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clinic_clock")]
__all__ = ["intake_user", "marketing_user"]  # fixtures shared with test_admin

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
NINE_TO_FIVE = [(datetime.time(9), datetime.time(17))]
# Monday to Thursday 9-5, Friday 9-1, closed at the weekend.
WEEK = [NINE_TO_FIVE] * 4 + [[(datetime.time(9), datetime.time(13))], [], []]


def at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PACIFIC)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Monday 2 November 2026, mid-morning: by Tuesday's closing.
        (at(2026, 11, 2, 10), at(2026, 11, 3, 17)),
        # Monday before opening: still Tuesday (Monday is the day it arrived).
        (at(2026, 11, 2, 7), at(2026, 11, 3, 17)),
        # Thursday: Friday closes at 1 PM.
        (at(2026, 11, 5, 16), at(2026, 11, 6, 13)),
        # Friday evening and Saturday: the weekend does not count.
        (at(2026, 11, 6, 18), at(2026, 11, 9, 17)),
        (at(2026, 11, 7, 12), at(2026, 11, 9, 17)),
    ],
)
def test_a_request_is_due_at_the_close_of_the_next_open_day(received, due):
    schedule = Schedule(time_zone="America/Los_Angeles", weekly=[list(d) for d in WEEK])
    assert business_day_end(schedule, received) == due
    # Two business days after Friday evening: Tuesday.
    if received == at(2026, 11, 6, 18):
        assert business_day_end(schedule, received, 2) == at(2026, 11, 10, 17)


def test_holidays_in_the_clinics_hours_are_skipped(clinics):
    portland = clinics["portland"]
    for weekday in range(5):
        OpeningHoursFactory(page=portland, weekday=weekday)
    # Thanksgiving (Thursday 26 November 2026) closed.
    OpeningHoursExceptionFactory(page=portland, date=datetime.date(2026, 11, 26), closed=True)
    portland.refresh_from_db()
    assert intake.due_after(portland, at(2026, 11, 25, 11)) == at(2026, 11, 27, 17)
    # No clinic, or a clinic without hours: Monday to Friday, 9 to 5.
    assert intake.due_after(None, at(2026, 11, 27, 18)) == at(2026, 11, 30, 17)
    assert intake.due_after(clinics["hood-river"], at(2026, 11, 27, 18)) == at(2026, 11, 30, 17)


def test_a_stored_request_gets_its_first_follow_up_time(consultation_page, clinics):
    new = ConsultationSubmissionFactory(page=consultation_page, location=clinics["portland"])
    assert new.follow_up_due == intake.due_after(clinics["portland"], new.submit_time)
    assert new.follow_up_due > timezone.now()
    spam = ConsultationSubmissionFactory(page=consultation_page, status="spam")
    assert spam.follow_up_due is None


def make_old(submission, days):
    """As if the request had arrived `days` ago and was never touched."""
    received = timezone.now() - datetime.timedelta(days=days)
    ConsultationSubmission.objects.filter(pk=submission.pk).update(
        submit_time=received, follow_up_due=intake.due_after(submission.location, received)
    )
    submission.refresh_from_db()
    return submission


@pytest.fixture
def waiting(consultation_page, clinics):
    """An overdue new request in Portland, a fresh one in Hood River, one
    contacted whose follow-up passed, and a booked one (nothing due)."""
    portland, hood = clinics["portland"], clinics["hood-river"]
    make = ConsultationSubmissionFactory
    return {
        "overdue": make_old(
            make(page=consultation_page, location=portland, form_data={"full_name": "Old Ann"}),
            days=6,
        ),
        "fresh": make(
            page=consultation_page,
            location=hood,
            location_name="Hood River",
            form_data={"full_name": "Fresh Fay"},
        ),
        "callback": make_old(
            make(
                page=consultation_page,
                location=portland,
                status="contacted",
                form_data={"full_name": "Call Back Cy"},
            ),
            days=6,
        ),
        "booked": make_old(
            make(
                page=consultation_page,
                location=portland,
                status="scheduled",
                form_data={"full_name": "Booked Bo"},
            ),
            days=6,
        ),
    }


def html_text(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser").get_text(" ", strip=True)


def names_listed(client, query=""):
    html = client.get("/admin/consultation-requests/" + query).content.decode()
    return {name for name in ["Old Ann", "Fresh Fay", "Call Back Cy", "Booked Bo"] if name in html}


def test_overdue_requests_are_filtered_and_counted(intake_user, marketing_user, waiting):
    client = login(intake_user)
    assert names_listed(client, "?overdue=true") == {"Old Ann", "Call Back Cy"}
    assert names_listed(client, "?overdue=") == {
        "Old Ann",
        "Fresh Fay",
        "Call Back Cy",
        "Booked Bo",
    }
    listing = client.get("/admin/consultation-requests/").content.decode()
    assert "Overdue, " in listing
    assert clinic_counts(listing)["Portland"]["Overdue"] == "2"
    dashboard = client.get("/admin/").content.decode()
    assert "2 requests overdue" in dashboard
    assert "2 new consultation requests" in dashboard
    assert clinic_counts(dashboard) == {
        "Hood River": {"New": "1", "Overdue": "0", "Needs review": "0", "Spam": "0"},
        "Portland": {"New": "1", "Overdue": "2", "Needs review": "0", "Spam": "0"},
    }
    # Counts only: no name on the dashboard, and nothing for marketing editors.
    assert "Old Ann" not in dashboard
    other = login(marketing_user).get("/admin/").content.decode()
    assert "overdue" not in other and "Consultation requests by clinic" not in other


def test_recording_left_voicemail_from_the_request_view(intake_user, waiting, clinics):
    for weekday in range(7):
        OpeningHoursFactory(page=clinics["portland"], weekday=weekday)
    request = waiting["overdue"]
    client = login(intake_user)
    inspect = client.get(f"/admin/consultation-requests/inspect/{request.pk}/").content.decode()
    url = f"/admin/consultation-requests/outcome/{request.pk}/"
    assert f'href="{url}"' in inspect and "Record outcome" in inspect
    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert "Old Ann" in html and "Left voicemail" in html
    # Unassigned: the form offers it to whoever is calling.
    assert re.search(rf'<option value="{intake_user.pk}" selected>intake</option>', html)

    response = client.post(
        url,
        {
            "outcome": "voicemail",
            "note": "No answer at 10, <b>msg</b>",
            "assigned_to": intake_user.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/consultation-requests/inspect/{request.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Recorded 'Left voicemail' for Consultation request" in html_text(page)
    request.refresh_from_db()
    assert request.status == "voicemail"
    # Open every day here: due at tomorrow's closing, and no longer overdue.
    tomorrow = timezone.localtime(timezone.now(), PACIFIC).date() + datetime.timedelta(days=1)
    assert request.follow_up_due == datetime.datetime.combine(
        tomorrow, datetime.time(17), tzinfo=PACIFIC
    )
    assert request.assigned_to == intake_user
    assert names_listed(client, "?overdue=true") == {"Call Back Cy"}

    assert "Recorded &#x27;Left voicemail&#x27;: No answer at 10, &lt;b&gt;msg&lt;/b&gt;" in page
    assert "<b>msg</b>" not in page
    history = client.get(f"/admin/consultation-requests/history/{request.pk}/").content.decode()
    assert "No answer at 10" in history and "Assigned to" in history
    entry = ModelLogEntry.objects.get(action="forms_app.outcome")
    assert entry.user == intake_user and entry.object_id == str(request.pk)
    assert entry.data["from"] == "new" and entry.data["to"] == "voicemail"


def test_booked_clears_the_follow_up_and_a_chosen_time_wins(intake_user, waiting):
    client = login(intake_user)
    booked = waiting["fresh"]
    client.post(f"/admin/consultation-requests/outcome/{booked.pk}/", {"outcome": "booked"})
    booked.refresh_from_db()
    assert (booked.status, booked.follow_up_due) == ("scheduled", None)
    assert booked.get_status_display() == "Booked"

    chosen = timezone.localtime() + datetime.timedelta(days=3)
    other = waiting["callback"]
    client.post(
        f"/admin/consultation-requests/outcome/{other.pk}/",
        {"outcome": "contacted", "follow_up_due": chosen.strftime("%Y-%m-%d %H:%M")},
    )
    other.refresh_from_db()
    assert other.follow_up_due == chosen.replace(second=0, microsecond=0)


def test_outcome_from_the_list_returns_to_the_list(intake_user, waiting):
    client = login(intake_user)
    listing = client.get("/admin/consultation-requests/?overdue=true").content.decode()
    request = waiting["overdue"]
    link = (
        f"/admin/consultation-requests/outcome/{request.pk}/"
        "?next=%2Fadmin%2Fconsultation-requests%2F%3Foverdue%3Dtrue"
    )
    assert link in listing.replace("&amp;", "&")
    form = client.get(link).content.decode()
    assert 'name="next" value="/admin/consultation-requests/?overdue=true"' in form
    response = client.post(
        link, {"outcome": "duplicate", "next": "/admin/consultation-requests/?overdue=true"}
    )
    assert response["Location"] == "/admin/consultation-requests/?overdue=true"
    # Another host is never a place to go back to.
    response = client.post(
        f"/admin/consultation-requests/outcome/{request.pk}/",
        {"outcome": "not_a_fit", "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/admin/consultation-requests/inspect/{request.pk}/"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "This field is required"),
        ({"outcome": "<script>x</script>"}, "Select a valid choice"),
        ({"outcome": "contacted", "note": "n" * 2001}, "at most 2000 characters"),
        ({"outcome": "contacted", "follow_up_due": "2020-01-01 09:00"}, "from now on"),
        ({"outcome": "contacted", "follow_up_due": "soon"}, "Enter a valid date/time"),
    ],
)
def test_bad_outcomes_change_nothing(intake_user, waiting, data, message):
    request = waiting["overdue"]
    response = login(intake_user).post(f"/admin/consultation-requests/outcome/{request.pk}/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "<script>x</script>" not in response.content.decode()
    request.refresh_from_db()
    assert request.status == "new"
    assert not ModelLogEntry.objects.filter(action="forms_app.outcome").exists()


def test_only_coordinators_can_be_assigned_and_filtered(
    intake_user, marketing_user, waiting, django_user_model
):
    colleague = make_user(
        django_user_model,
        "colleague",
        Group.objects.get(name="Intake coordinators"),
        first_name="Cam",
        last_name="Colleague",
    )
    client = login(intake_user)
    request = waiting["fresh"]
    url = f"/admin/consultation-requests/outcome/{request.pk}/"
    response = client.post(url, {"outcome": "contacted", "assigned_to": marketing_user.pk})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    client.post(url, {"outcome": "contacted", "assigned_to": colleague.pk})
    request.refresh_from_db()
    assert request.assigned_to == colleague
    assert ModelLogEntry.objects.get(action="forms_app.assign").data == {"to": "Cam Colleague"}

    client.post(
        f"/admin/consultation-requests/outcome/{waiting['overdue'].pk}/",
        {"outcome": "voicemail", "assigned_to": intake_user.pk},
    )
    assert names_listed(client, "?assigned=me") == {"Old Ann"}
    assert names_listed(client, f"?assigned={colleague.pk}") == {"Fresh Fay"}
    assert names_listed(client, "?assigned=nobody") == {"Call Back Cy", "Booked Bo"}
    listing = client.get("/admin/consultation-requests/").content.decode()
    assert "Cam Colleague" in listing
    for query in ["?assigned=999999", "?assigned=<b>", f"?assigned={marketing_user.pk}"]:
        assert client.get("/admin/consultation-requests/" + query).status_code == 200


def test_marketing_editors_and_viewers_cannot_record_outcomes(
    marketing_user, waiting, django_user_model
):
    from django.contrib.auth.models import Permission

    url = f"/admin/consultation-requests/outcome/{waiting['fresh'].pk}/"
    for method in ("get", "post"):
        response = getattr(login(marketing_user), method)(url, {"outcome": "booked"})
        assert response.status_code in (302, 403)
    viewers = Group.objects.create(name="Request viewers")
    viewers.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_consultationsubmission"),
    )
    viewer = make_user(django_user_model, "viewer", viewers)
    client = login(viewer)
    inspect = client.get(f"/admin/consultation-requests/inspect/{waiting['fresh'].pk}/")
    assert inspect.status_code == 200 and "Record outcome" not in inspect.content.decode()
    assert client.post(url, {"outcome": "booked"}).status_code in (302, 403)
    waiting["fresh"].refresh_from_db()
    assert waiting["fresh"].status == "new"


def test_edit_view_assigns_and_logs(intake_user, waiting):
    request = waiting["fresh"]
    client = login(intake_user)
    response = client.post(
        f"/admin/consultation-requests/edit/{request.pk}/",
        {"status": "new", "assigned_to": intake_user.pk, "internal_notes": ""},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.assigned_to == intake_user
    assert ModelLogEntry.objects.filter(action="forms_app.assign", object_id=str(request.pk))


def test_export_columns_follow_the_list(intake_user, waiting):
    client = login(intake_user)
    client.post(
        f"/admin/consultation-requests/outcome/{waiting['overdue'].pk}/",
        {"outcome": "voicemail", "assigned_to": intake_user.pk},
    )
    response = client.get("/admin/consultation-requests/?export=csv&assigned=me")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:11] == [
        "Reference",
        "Name",
        "Phone",
        "Preferred contact",
        "Received (America/Los_Angeles)",
        "Clinic",
        "Language",
        "Status",
        "Assigned to",
        "Follow-up due (America/Los_Angeles)",
        "Emails",
    ]
    assert "Full name" not in rows[0]  # shown once, as "Name"
    assert len(rows) == 2  # the filter applies
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Name"] == "Old Ann" and row["Status"] == "Left voicemail"
    assert row["Assigned to"] == "intake"
    assert row["Follow-up due (America/Los_Angeles)"]


def test_list_queries_stay_constant_with_assignees(
    intake_user, consultation_page, clinics, django_user_model
):
    group = Group.objects.get(name="Intake coordinators")
    client = login(intake_user)
    client.get("/admin/consultation-requests/")

    def count_for(total):
        ConsultationSubmission.objects.all().delete()
        for index in range(total):
            ConsultationSubmissionFactory(
                page=consultation_page,
                location=clinics["portland"],
                assigned_to=make_user(django_user_model, f"c{total}-{index}", group),
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/consultation-requests/").status_code == 200
        return len(queries)

    assert count_for(3) == count_for(15)
