"""The editor's form of a clinic page (LocationPage.base_form_class)."""

from wagtail.admin.forms import WagtailAdminPageForm

from core.restricted_fields import RestrictedFieldsFormMixin

from .opening_hours import WEEKDAYS


def format_date(value):
    return f"{value:%B} {value.day}, {value.year}"


class LocationPageForm(RestrictedFieldsFormMixin, WagtailAdminPageForm):
    """Checks across fields and across the opening-hours rows of one page."""

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None) and not self._errors.get(
            "latitude" if latitude is None else "longitude"
        ):
            missing = "latitude" if latitude is None else "longitude"
            self.add_error(missing, "Enter both latitude and longitude, or neither.")

        hours = self.formsets.get("opening_hours")
        if hours is not None:
            self._check_overlaps(hours, key="weekday", label=dict(WEEKDAYS).get)
        exceptions = self.formsets.get("hours_exceptions")
        if exceptions is not None:
            self._check_overlaps(exceptions, key="date", label=format_date)
        return cleaned

    def _check_overlaps(self, formset, key, label):
        """Per day: no overlapping ranges, and 'closed' not mixed with ranges."""
        seen = {}
        for form in formset.forms:
            if form.errors:  # also runs the row's own checks
                continue
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get(key) is None:
                continue
            day = data[key]
            for other in seen.get(day, []):
                other_data = other.cleaned_data
                if data.get("closed") and other_data.get("closed"):
                    form.add_error("closed", f"{label(day)} is already marked closed.")
                    break
                if data.get("closed") or other_data.get("closed"):
                    form.add_error(
                        "closed",
                        f"{label(day)} is marked closed and also has opening times: "
                        "keep one or the other.",
                    )
                    break
                if data["opens"] < other_data["closes"] and other_data["opens"] < data["closes"]:
                    form.add_error(
                        "opens",
                        f"These hours overlap other hours on {label(day)}: "
                        "combine them into one range.",
                    )
                    break
            seen.setdefault(day, []).append(form)
