"""The roll-up (daily rows, then the day's hits forgotten) and conversions:
a consultation request attributed to the page its visit started on."""

import datetime

import pytest
from django.test import Client

from analytics.models import DailySalt, DailyStat, Hit
from analytics.rollup import roll_up
from forms_app.forms import HONEYPOT_FIELD
from forms_app.models import ConsultationSubmission
from tests.factories.home import StandardPageFactory
from tests.forms_app.conftest import valid_data

from .conftest import ADDRESS, BROWSER, beacon

pytestmark = pytest.mark.django_db

CAMPAIGN = "?utm_source=newsletter&utm_medium=email&utm_campaign=spring"


def figures(dimension, key=""):
    row = DailyStat.objects.get(dimension=dimension, key=key)
    return row.views, row.visitors, row.visits, row.conversions


def test_the_roll_up_counts_caps_and_forgets(clinic_clock, time_machine, home_page, settings):
    about = StandardPageFactory(parent=home_page, title="About us", slug="about")
    settings.ANALYTICS_MAX_VIEWS_PER_PAGE = 10
    reader = Client(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=ADDRESS)
    other = Client(HTTP_USER_AGENT=BROWSER + " Other", REMOTE_ADDR="198.51.100.9")
    beacon(reader, about, "/about/" + CAMPAIGN)
    for _ in range(11):  # reloads: one reader adds at most 10 views of a page a day
        beacon(reader, about, "/about/", referrer="http://testserver/about/")
    beacon(other, about, "/es/about/", referrer="https://www.google.com/")
    roll_up()
    roll_up()  # twice, or late: the same figures
    assert figures("total") == (11, 2, 2, 0)
    assert figures("page", str(about.pk)) == (11, 2, 2, 0)
    assert figures("language", "en") == (10, 1, 1, 0)
    assert figures("language", "es") == (1, 1, 1, 0)
    assert figures("referrer", "google.com") == (1, 1, 1, 0)
    assert figures("campaign", "newsletter / email / spring") == (1, 1, 1, 0)
    assert Hit.objects.count() == 13  # today's hits stay until the day is over

    time_machine.move_to(clinic_clock + datetime.timedelta(days=1))
    roll_up()
    assert not Hit.objects.exists()
    assert not DailySalt.objects.exists()
    assert figures("total") == (11, 2, 2, 0)

    settings.ANALYTICS_RETENTION_DAYS = 30
    time_machine.move_to(clinic_clock + datetime.timedelta(days=31))
    roll_up()
    assert not DailyStat.objects.exists()


def test_a_request_is_attributed_to_the_page_its_visit_started_on(
    visitor, consultation_page, home_page, settings, django_capture_on_commit_callbacks, admin_user
):
    settings.CONSULTATION_MIN_SECONDS = 0
    about = StandardPageFactory(parent=home_page, title="About us", slug="about")
    beacon(visitor, about, "/about/" + CAMPAIGN, referrer="https://mail.example.net/")
    form_url = consultation_page.url
    beacon(visitor, consultation_page, form_url, referrer="http://testserver/about/")
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(form_url, valid_data(consultation_page))
    assert response.status_code == 303
    request = ConsultationSubmission.objects.get()
    assert (request.landing_page, request.referrer, request.campaign) == (
        "/about/",
        "mail.example.net",
        "newsletter / email / spring",
    )
    # The intake team sees it on the request's page.
    coordinator = Client()
    coordinator.force_login(admin_user)
    html = coordinator.get(f"/admin/consultation-requests/inspect/{request.pk}/").content.decode()
    for text in ("Visit started on", "/about/", "mail.example.net", "newsletter / email / spring"):
        assert text in html, text
    # Spam is not a conversion.
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(form_url, valid_data(consultation_page, **{HONEYPOT_FIELD: "x"}))
    assert ConsultationSubmission.objects.count() == 2

    roll_up()
    assert figures("page", str(about.pk)) == (1, 1, 1, 1)
    assert figures("page", str(consultation_page.pk))[3] == 0
    assert figures("campaign", "newsletter / email / spring")[3] == 1
    assert figures("referrer", "mail.example.net")[3] == 1
    assert figures("total") == (2, 1, 1, 1)


def test_a_request_without_a_counted_visit_is_still_stored_and_counted(
    client, consultation_page, settings, django_capture_on_commit_callbacks
):
    """Do Not Track, no JavaScript, a blocked beacon: the request is stored as
    ever, with no landing page, and counts for the whole site."""
    settings.CONSULTATION_MIN_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(consultation_page.url, valid_data(consultation_page), HTTP_DNT="1")
    assert response.status_code == 303
    assert ConsultationSubmission.objects.get().landing_page == ""
    roll_up()
    assert figures("total") == (0, 0, 0, 1)
