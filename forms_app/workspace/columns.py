"""What the workspace shows of a request wherever it shows it (the list's
columns, the request's page, the outcome form, the export): the contact
answers, how long it has waited, when it is next due."""

import datetime

from django.utils import dateformat, timezone
from django.utils.timesince import timesince

from .. import intake

DATE_TIME = "F j, Y, g:i A T"
SHORT_DATE_TIME = "M j, g:i A"


def contact_keys():
    """The answer keys (clean names) holding name, email, phone and contact method.

    Fields are the editors' to define, so they are recognised by what they are
    (an email or phone field, the "name" autofill hint, a choice about
    contacting) rather than by their labels. Every form page's fields count:
    older requests may come from a page since deleted or changed.
    """
    from ..forms import PHONE
    from ..models import ConsultationFormField

    keys = {"name": [], "email": [], "phone": [], "contact_method": []}
    for (
        clean_name,
        label,
        field_type,
        autocomplete,
        choices,
    ) in ConsultationFormField.objects.order_by("page_id", "sort_order").values_list(
        "clean_name", "label", "field_type", "autocomplete", "choices"
    ):
        if not clean_name:
            continue
        if autocomplete == "name":
            role = "name"
        elif field_type == "email" or autocomplete == "email":
            role = "email"
        elif field_type == PHONE or autocomplete == "tel":
            role = "phone"
        elif field_type in ("radio", "dropdown") and (
            "contact" in label.lower() or "email" in choices.lower()
        ):
            role = "contact_method"
        else:
            continue
        if clean_name not in keys[role]:
            keys[role].append(clean_name)
    return keys


def first_answer(keys):
    """A column accessor: the first of these answers the request has."""

    def accessor(submission):
        for key in keys:
            value = submission.form_data.get(key)
            if value:
                return ", ".join(map(str, value)) if isinstance(value, list) else value
        return ""

    return accessor


def age(submission):
    """How long the request has waited, e.g. "2 days, 3 hours"."""
    if timezone.now() - submission.submit_time < datetime.timedelta(minutes=1):
        return "Under a minute"
    return timesince(submission.submit_time, depth=2)


def is_overdue(submission, now=None):
    return (
        submission.follow_up_due is not None
        and submission.status in intake.open_statuses()
        and submission.follow_up_due <= (now or timezone.now())
    )


def follow_up_text(submission):
    if submission.follow_up_due is None or submission.status not in intake.open_statuses():
        return ""
    when = local_time(submission.follow_up_due)
    return f"Overdue since {when}" if is_overdue(submission) else when


def short_follow_up_text(submission):
    """The list's shorter form ("Overdue, Dec 5, 9:00 AM"): the full date is on
    the request's page."""
    if submission.follow_up_due is None or submission.status not in intake.open_statuses():
        return ""
    when = dateformat.format(timezone.localtime(submission.follow_up_due), SHORT_DATE_TIME)
    return f"Overdue, {when}" if is_overdue(submission) else when


def local_time(value):
    return dateformat.format(timezone.localtime(value), DATE_TIME)
