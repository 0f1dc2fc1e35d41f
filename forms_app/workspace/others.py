"""The other kinds of intake beside the requests (core.intake_sources; the
bookings, registered by the booking app): their rows under the list of
requests, filtered by the same search, clinic and assignee; their rows in the
same export file. The filters only requests have (status, language, overdue,
received) leave them out: a list filtered so shows requests only."""

from core.intake_sources import intake_sources

REQUEST_ONLY_FILTERS = ("status", "language", "overdue", "submit_time")


def source_filters(view):
    """The keyword arguments of a source's rows() for the list's search and
    filters, or None when a filter only requests have is set."""
    data = {}
    if view.filters is not None and view.filters.is_valid():
        data = view.filters.form.cleaned_data
    for name in REQUEST_ONLY_FILTERS:
        value = data.get(name)
        if value and (not hasattr(value, "start") or value.start or value.stop):
            return None
    from .listing import ASSIGNED_TO_ME, UNASSIGNED

    location = data.get("location")
    assigned = data.get("assigned") or None
    if assigned == ASSIGNED_TO_ME:
        assigned = view.request.user.pk
    elif assigned == UNASSIGNED:
        assigned = ""
    elif assigned is not None:
        assigned = int(assigned)
    return {
        "query": view.search_query if view.is_searching else "",
        "clinic_key": location.translation_key if location else None,
        "assigned": assigned,
    }


def other_rows(view):
    """[{"kind", "rows"}] per source with rows to show (each logs them as seen)."""
    arguments = source_filters(view)
    if arguments is None:
        return []
    groups = []
    for source in intake_sources():
        rows = source.rows(view.request.user, **arguments)
        if rows:
            groups.append({"kind": source.kind, "rows": rows})
    return groups


def other_export_rows(view, export_format):
    arguments = source_filters(view)
    if arguments is None:
        return []
    return [
        row
        for source in intake_sources()
        for row in source.export_rows(view.request.user, export_format=export_format, **arguments)
    ]
