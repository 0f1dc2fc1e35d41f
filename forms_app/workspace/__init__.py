"""The intake team's workspace in the Wagtail admin, in parts; the viewset
that ties them together is forms_app.viewsets (which describes the whole).

- ``listing``: the list of requests: filters, columns, search, header counts.
- ``export``: the list as CSV or XLSX.
- ``detail``: one request: its inspect and edit views.
- ``outcome``: recording an outcome after a call, and logging assignments.
- ``columns``: what every part shows of a request (contact answers, age,
  follow-up time).
- ``audit``: one admin log entry per request, written in one query.
"""
