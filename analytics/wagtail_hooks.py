"""Reports › Visits in the admin, for the marketing team, and each page's
views of the last 30 days in its editor's header menu."""

import datetime

from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from . import reports
from .admin_views import VisitReportView, can_view_reports


@hooks.register("register_admin_urls")
def register_visit_report_urls():
    return [path("reports/visits/", VisitReportView.as_view(), name="analytics_visits")]


class VisitReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_visit_report_menu_item():
    return VisitReportMenuItem(
        "Visits",
        reverse("analytics_visits"),
        name="visits",
        icon_name="view",
        order=100,
    )


@hooks.register("register_page_header_buttons")
def page_views_button(page, user, view_name, next_url=None):
    """In the page editor (Wagtail offers no hook for its side panels): one
    read of the page's daily rows."""
    if view_name != "edit" or not page.pk or not can_view_reports(user):
        return
    end = timezone.localdate()
    figures = reports.page_views(page.pk, end - datetime.timedelta(days=29), end)
    label = (
        f"Last 30 days: {figures.views} view{'s' if figures.views != 1 else ''}, "
        f"{figures.conversions} request{'s' if figures.conversions != 1 else ''} from visits "
        "that started here"
    )
    yield Button(label, reverse("analytics_visits"), icon_name="view", priority=90)
