"""The intake list's search gives the same answers on SQLite (what `make
run` serves from) as on PostgreSQL (production, the rest of the suite):
phone digits whatever the formatting, names, emails, references.

The same search runs on the test database and on an in-memory SQLite
database holding the same requests (its own connection, one table)."""

import pytest
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

from forms_app.models import ConsultationSubmission
from forms_app.workspace.listing import SubmissionIndexView

pytestmark = pytest.mark.django_db

SQLITE = "intake_search_sqlite"
PEOPLE = {
    "zoe": ("Zoë Caller", "zoe@example.test", "(503) 555-0199"),
    "sam": ("Sam Ringer", "sam@example.test", "541.555.0123"),
    "kim": ("Kim Writer", "kim@example.test", ""),
    "jo": ("Jo Li", "jo@example.test", "+1 971 555 0144"),
}
SEARCHES = [
    ("zoë", {"zoe"}),
    ("RINGER", {"sam"}),
    ("kim@example", {"kim"}),
    ("5035550199", {"zoe"}),
    ("503-555-0199", {"zoe"}),
    ("(541) 555", {"sam"}),
    ("971 555 0144", {"jo"}),
    ("555", {"zoe", "sam", "jo"}),
    ("nobody", set()),
]


@pytest.fixture
def sqlite_alias(db):
    """An in-memory SQLite database under its own alias, for this test only
    (opened after the test's PostgreSQL transaction: Django's test case
    guards only the databases it knows of)."""
    settings_dict = connections.configure_settings(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
    )["default"]
    connections[SQLITE] = SQLiteWrapper(settings_dict, alias=SQLITE)
    yield SQLITE
    connections[SQLITE].close()
    del connections[SQLITE]


@pytest.fixture
def both_databases(consultation_page, sqlite_alias):
    """{alias: {key: pk}}: the same requests on each database."""
    stored = {}
    # The requests' table alone (its pages, clinics and users are not
    # there: foreign keys off, every reference left empty).
    sqlite = connections[SQLITE]
    with sqlite.schema_editor(collect_sql=True, atomic=False) as editor:
        editor.create_model(ConsultationSubmission)
    with sqlite.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")
        for statement in editor.collected_sql:
            cursor.execute(statement)
    for alias in ("default", SQLITE):
        stored[alias] = {}
        for key, (name, email, phone) in PEOPLE.items():
            submission = ConsultationSubmission(
                page_id=consultation_page.pk if alias == "default" else None,
                form_data={"full_name": name, "email": email, "phone": phone},
                consent_given=True,
            )
            submission.save(using=alias)
            stored[alias][key] = submission.pk
    return stored


def search(alias, query):
    view = SubmissionIndexView()
    view.search_query = query
    view.is_searching = True
    return set(
        view.search_queryset(ConsultationSubmission.objects.using(alias)).values_list(
            "pk", flat=True
        )
    )


@pytest.mark.parametrize(("query", "found"), SEARCHES)
def test_search_answers_alike_on_sqlite_and_postgresql(both_databases, query, found):
    for alias, pks in both_databases.items():
        expected = {pks[key] for key in found}
        assert search(alias, query) == expected, (alias, query)


def test_search_by_reference_on_sqlite(both_databases):
    sam = both_databases[SQLITE]["sam"]
    assert search(SQLITE, f"#{sam}") >= {sam}
