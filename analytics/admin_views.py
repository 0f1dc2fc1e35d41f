"""Reports › Visits: the marketing team's figures, and their CSV export.

Only people with "Can view the visit reports" (the Marketing editors group,
and superusers) get in. Everything is read from the daily rows
(analytics.reports): a handful of grouped queries whatever the range.
"""

import csv
import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import reports

PERMISSION = "analytics.view_visit_reports"
MAX_DAYS = 3 * 366
TOP = 20
PRESETS = (7, 30, 90, 365)
CSV_HEADINGS = (
    "Section",
    "Name",
    "Views",
    "Visitors",
    "Visits",
    "Requests",
    "Requests per 100 visits",
)


def can_view_reports(user):
    return user.is_active and user.has_perm(PERMISSION)


class RangeForm(forms.Form):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError("The first day must come before the last.")
            if (end - start).days >= MAX_DAYS:
                raise forms.ValidationError("Choose a range of at most three years.")
        return cleaned


def default_range(days=30):
    end = timezone.localdate()
    return end - datetime.timedelta(days=days - 1), end


def chart(rows, width=720, height=160):
    """Bars of views per day, as plain numbers for the template's SVG."""
    top = max((row.views for row in rows), default=0) or 1
    step = width / max(len(rows), 1)
    bars = []
    for index, row in enumerate(rows):
        bar_height = round(height * row.views / top, 1)
        bars.append(
            {
                "x": round(index * step, 1),
                "y": round(height - bar_height, 1),
                "width": max(round(step * 0.8, 1), 1),
                "height": bar_height,
                "row": row,
            }
        )
    return {"width": width, "height": height, "bars": bars, "top": top}


def _safe(value):
    """A spreadsheet cell that cannot be read as a formula (referrers and
    campaign names come from visitors' links)."""
    text = str(value if value is not None else "")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class VisitReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "analytics/admin/report.html"
    page_title = "Visits"
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": "", "label": "Reports"},
            {"url": "", "label": "Visits"},
        ]

    def date_range(self):
        preset = self.request.GET.get("days", "")
        if preset.isdigit() and int(preset) in PRESETS:
            start, end = default_range(int(preset))
            self.form = RangeForm(initial={"start": start, "end": end})
            return start, end
        if "start" in self.request.GET or "end" in self.request.GET:
            self.form = RangeForm(self.request.GET)
            if self.form.is_valid():
                return self.form.cleaned_data["start"], self.form.cleaned_data["end"]
            return default_range()
        start, end = default_range()
        self.form = RangeForm(initial={"start": start, "end": end})
        return start, end

    def get(self, request, *args, **kwargs):
        start, end = self.date_range()
        if request.GET.get("format") == "csv" and self.form.errors == {}:
            return self.csv_response(start, end)
        return super().get(request, *args, start=start, end=end, **kwargs)

    def get_context_data(self, start, end, **kwargs):
        context = super().get_context_data(**kwargs)
        before_start, before_end = reports.previous_period(start, end)
        current = reports.totals(start, end)
        previous = reports.totals(before_start, before_end)
        days = reports.by_day(start, end)
        query = {"start": start.isoformat(), "end": end.isoformat()}
        context.update(
            form=self.form,
            start=start,
            end=end,
            presets=PRESETS,
            previous_start=before_start,
            previous_end=before_end,
            totals=[
                {
                    "label": label,
                    "value": getattr(current, name),
                    "previous": getattr(previous, name),
                    "change": reports.change(getattr(current, name), getattr(previous, name)),
                }
                for name, label in (
                    ("views", "Views"),
                    ("visitors", "Visitors (daily, added up)"),
                    ("visits", "Visits"),
                    ("conversions", "Consultation requests"),
                )
            ],
            conversion_rate=current.rate,
            previous_rate=previous.rate,
            days=days,
            chart=chart(days),
            pages=reports.pages(start, end, TOP, self.request),
            articles=reports.pages(start, end, TOP, self.request, articles_only=True),
            landing_pages=reports.landing_pages(start, end, TOP, self.request),
            languages=reports.languages(start, end),
            referrers=reports.referrers(start, end, TOP),
            campaigns=reports.campaigns(start, end, TOP),
            csv_query={**query, "format": "csv"},
        )
        return context

    def csv_response(self, start, end):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="visits-{start}-{end}.csv"'
        response.write("\ufeff")  # Excel reads accents right with a byte-order mark
        writer = csv.writer(response)
        writer.writerow(CSV_HEADINGS)
        sections = (
            ("Day", reports.by_day(start, end)),
            ("Page", reports.pages(start, end, request=self.request)),
            ("Language", reports.languages(start, end)),
            ("Referring site", reports.referrers(start, end)),
            ("Campaign", reports.campaigns(start, end)),
        )
        for section, rows in sections:
            for row in rows:
                name = row.label.isoformat() if section == "Day" else row.label
                if section == "Page" and row.url:
                    name = f"{row.label} ({row.url})"
                writer.writerow(
                    [
                        section,
                        _safe(name),
                        row.views,
                        row.visitors,
                        row.visits,
                        row.conversions,
                        "" if row.rate is None else row.rate,
                    ]
                )
        return response
