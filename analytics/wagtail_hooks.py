"""Reports › Visits in the admin, for the marketing team."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

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
