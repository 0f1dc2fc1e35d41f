"""Other kinds of intake in the intake workspace, beside consultation requests.

The consultation requests' workspace (forms_app.workspace) lists, searches,
exports and purges requests; other apps whose rows the intake team works
(booking: the bookings) sit beside forms_app in the layers and may not be
imported by it, nor import it. They meet here: such an app registers a
source at start-up (``register_intake_source``) and the workspace asks every
source for its rows, shown as rows of their own kind ("Booking") in the
same list, the same export file and the same retention run.

A source has:

- ``kind``: what its rows are, e.g. "Booking".
- ``rows(user, query="", clinic_key=None, assigned=None, limit=50)``: a list
  of ``IntakeRow`` for the list: those matching the search ``query`` (name,
  email, phone digits or reference), of the clinic whose translation key is
  ``clinic_key``, assigned to the user id ``assigned`` ("" for nobody); with
  no query, the coming ones. It logs that ``user`` saw them.
- ``export_rows(user, query="", clinic_key=None, assigned=None)``: the same
  rows without a limit, for the export file; it logs each row exported.
- ``purge(cutoff, dry_run)``: deletes what it holds about people from before
  ``cutoff`` (an aware datetime: the requests' retention period), logging
  each deletion; returns how many rows (would have) gone.

Sources must not raise for ordinary input; the workspace shows what they return.
"""

import datetime
from dataclasses import dataclass

_sources = []


@dataclass(frozen=True)
class IntakeRow:
    kind: str  # "Booking"
    reference: str  # "RM-ABC234"
    name: str
    phone: str
    email: str
    contact: str  # the preferred contact language or method, in words
    received: datetime.datetime  # when it came in (aware)
    appointment: str  # "Thu 26 Nov 2026, 10:00 PST" (the clinic's time), or ""
    clinic: str
    language: str  # the language of the page it came from, in words
    status: str  # in words, e.g. "Confirmed"
    outcome: str  # in words, "" when none is recorded
    assigned_to: str  # the assignee's name, "" for nobody
    url: str  # its page in the admin
    actions: tuple = ()  # ((label, url), ...): e.g. record an outcome


def register_intake_source(source):
    """Register ``source`` (see the module's documentation) once per process."""
    if all(type(known) is not type(source) for known in _sources):
        _sources.append(source)


def intake_sources():
    return list(_sources)
