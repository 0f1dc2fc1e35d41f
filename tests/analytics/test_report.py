"""Reports › Visits: what the marketing team sees, exports, and who is refused."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group

from analytics.models import DailyStat
from blog.editorial import MARKETING_EDITORS, ensure_editorial_setup
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db

URL = "/admin/reports/visits/"


def user_in(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username=username, password="x" * 16)  # noqa: S106
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def figures(clinic_clock, home_page):
    """Daily rows as the roll-up leaves them: a landing page with a request,
    a referring site whose name looks like a spreadsheet formula, a campaign."""
    about = StandardPageFactory(parent=home_page, title="About us", slug="about")
    today = clinic_clock.date()
    yesterday = today - datetime.timedelta(days=1)
    rows = [
        ("total", "", None, 40, 12, 10, 2),
        ("page", str(about.pk), about, 30, 10, 8, 2),
        ("language", "es", None, 12, 4, 3, 1),
        ("referrer", "=cmd.example", None, 5, 5, 5, 0),
        ("campaign", "newsletter / email / spring", None, 6, 6, 6, 1),
    ]
    DailyStat.objects.bulk_create(
        DailyStat(
            day=day,
            dimension=dimension,
            key=key,
            page=page,
            views=views,
            visitors=visitors,
            visits=visits,
            conversions=conversions,
        )
        for day in (today, yesterday)
        for dimension, key, page, views, visitors, visits, conversions in rows
    )
    # The period before (for the comparison): half the views.
    DailyStat.objects.create(
        day=today - datetime.timedelta(days=40), dimension="total", key="", views=40, visits=20
    )
    return about


def test_marketing_sees_the_figures_and_exports_them(
    client, django_user_model, figures, django_assert_max_num_queries
):
    ensure_editorial_setup()
    client.force_login(user_in(django_user_model, "marketing", MARKETING_EDITORS))
    assert "/admin/reports/visits/" in client.get("/admin/").content.decode()
    with django_assert_max_num_queries(30):
        response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Requests per landing page",
        "About us",
        "/about/",
        "Español",
        "=cmd.example",
        "newsletter / email / spring",
        "Views per day",
    ):
        assert text in html, text
    assert ">80<" in html  # views over the last 30 days
    assert "(+100 %)" in html  # against the 30 days before
    assert ">25.0<" in html  # 4 requests from 16 visits that started on About us

    response = client.get(URL, {"start": "2026-11-24", "end": "2026-11-25", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0][:3] == ["Section", "Name", "Views"]
    assert ["Day", "2026-11-25", "40", "12", "10", "2", "20.0"] in rows
    assert ["Page", "About us (/about/)", "60", "20", "16", "4", "25.0"] in rows
    assert ["Referring site", "'=cmd.example", "10", "10", "10", "0", "0.0"] in rows


def test_the_page_editor_shows_the_pages_views_of_30_days(admin_client, figures):
    html = admin_client.get(f"/admin/pages/{figures.pk}/edit/").content.decode()
    assert "Last 30 days: 60 views, 4 requests from visits that started here" in html


def test_a_bad_date_range_says_so(admin_client, figures):
    response = admin_client.get(URL, {"start": "2026-11-25", "end": "2026-11-01"})
    assert response.status_code == 200
    assert "The first day must come before the last." in response.content.decode()
    response = admin_client.get(URL, {"start": "yesterday", "end": "2026-13-45"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


def test_other_staff_do_not_see_the_visits(client, django_user_model, figures):
    client.force_login(user_in(django_user_model, "intake", "Intake coordinators"))
    assert client.get(URL).status_code in (302, 403)
    assert "/admin/reports/visits/" not in client.get("/admin/").content.decode()
