"""The demo content, loaded by its command once per test session and put back
from a copy of the rows it stored for the other tests that ask for it.

``load_demo_content`` makes about 1,850 queries (pages published with
revisions, workflow, permissions, images): 2.5 to 3 s per test that wants the
demo site. When a test starts from the database exactly as migrations left
it (same rows in every table: checked with one query), the rows the first
run of the command left are copied back instead (PostgreSQL COPY) inside the
test's transaction, which rolls them back like any other change. The ids are
the first run's: sequences only move forward, so nothing a test creates
afterwards collides with them. Files the command stored are kept too and
saved again when missing (a test that changes STORAGES gets a new, empty
in-memory storage), and the snapshot that pages served without the database use is rebuilt as the
command's signals would have. Any other starting state runs the command.

The browser tests' live server needs committed rows (transactional tests,
whose flush puts the migrated rows back: restore_migrated_state): the copy
is put back there too, committed, in place of the command
(load_demo_content_after_flush).
"""

import os

from django.core.management import call_command
from django.db import connection, transaction

_migrated = {}  # "fingerprint" and "tables" of the freshly migrated database
_migrated_rows = {}  # table -> its rows as COPY text, in the migrated database
_copy = {}  # table -> its rows as COPY text, after the first run of the command
_files = {}  # name -> content of each file the command stored


def _tables():
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def _fingerprint(tables):
    """One hash of every row of every table, and which tables have rows."""
    qn = connection.ops.quote_name
    parts = " UNION ALL ".join(
        f"SELECT {i} AS n, count(*) AS rows, "
        f"md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM {qn(t)} x"
        for i, t in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT n, rows, h FROM ({parts}) s ORDER BY n")
        rows = cursor.fetchall()
    return tuple(h for _n, _rows, h in rows), {tables[n] for n, count, _h in rows if count}


def remember_migrated_state():
    tables = _tables()
    fingerprint, nonempty = _fingerprint(tables)
    _migrated.update(tables=tables, fingerprint=fingerprint, nonempty=nonempty)
    _migrated_rows.clear()
    _migrated_rows.update(_copy_out(sorted(nonempty)))
    _copy.clear()
    _files.clear()


def can_restore_migrated_state(database):
    from django.db import DEFAULT_DB_ALIAS

    return bool(_migrated) and database == DEFAULT_DB_ALIAS


def restore_migrated_state():
    """The database as the template left it, committed: the suite's flush
    after a transactional test (tests/support/management/commands/flush.py),
    so that the next tests start where every test starts."""
    from django.contrib.contenttypes.models import ContentType

    qn = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        tables = _migrated["tables"]
        cursor.execute("SELECT " + ", ".join(f"EXISTS (SELECT 1 FROM {qn(t)})" for t in tables))
        filled = {t for t, has_rows in zip(tables, cursor.fetchone(), strict=True) if has_rows}
        emptied = sorted(filled | set(_migrated_rows))
        if emptied:
            _empty(cursor, emptied)
        for table, data in _migrated_rows.items():
            with cursor.copy(f"COPY {qn(table)} FROM STDIN") as copy:
                copy.write(data)
    ContentType.objects.clear_cache()


def _run_command():
    with open(os.devnull, "w") as devnull:
        call_command("load_demo_content", stdout=devnull)


def load_demo_content():
    tables = _migrated.get("tables")
    if not tables or _fingerprint(tables)[0] != _migrated["fingerprint"]:
        _run_command()  # not the migrated database: the command decides
        return
    if not _copy:
        _run_command()
        _render_every_page()
        _keep_copy(tables)
        return
    _put_back()


def load_demo_content_after_flush():
    """The same for a transactional test (the live server's): the database
    is the template's (the suite's flush puts it back after each
    transactional test). The copy is put back (and committed) when there is
    one and nothing else was stored since (rows in a table migrations leave
    empty: a fixture's user, say, which the put-back would wipe); else the
    command runs, and leaves its copy when it ran on the migrated state."""
    if _copy and not _rows_added():
        _put_back()
    else:
        load_demo_content()


def _rows_added():
    """Whether a table that migrations leave empty has rows now."""
    qn = connection.ops.quote_name
    empty = [t for t in _migrated["tables"] if t not in _migrated["nonempty"]]
    if not empty:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + " OR ".join(f"EXISTS (SELECT 1 FROM {qn(t)})" for t in empty))
        return cursor.fetchone()[0]


def _render_every_page():
    """Each live page rendered once, so the copy holds the image renditions
    its pictures need (about 60 rows and files in AVIF, WebP and JPEG):
    without them each test's first page made them again, 1 to 4 s of
    encoding per test."""
    from django.core.cache import cache
    from django.test import Client, override_settings
    from wagtail.models import Page

    client = Client()
    # Rendered, not stored: a test that switched the page cache on would
    # otherwise find its first request already a hit (the demo is loaded for
    # whichever test asks first).
    with override_settings(PAGE_CACHE_ENABLED=False):
        for page in Page.objects.live().filter(depth__gt=1).specific():
            url = page.get_url()
            if url:
                client.get(url)
    # Nor any fragment or kept route: the first test to load the demo starts
    # from the same empty cache as every later one.
    cache.clear()


def _copy_out(tables):
    qn = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            with cursor.copy(f"COPY {qn(table)} TO STDOUT") as copy:
                rows[table] = b"".join(bytes(block) for block in copy)
    return rows


def _keep_copy(tables):
    _copy.update(_copy_out(tables))
    _files.clear()
    _files.update(_stored_files())


def _stored_files(folder=""):
    from django.core.files.storage import default_storage

    folders, names = default_storage.listdir(folder)
    found = {}
    for name in names:
        path = f"{folder}/{name}" if folder else name
        with default_storage.open(path) as stored:
            found[path] = stored.read()
    for sub in folders:
        found.update(_stored_files(f"{folder}/{sub}" if folder else sub))
    return found


def _put_back_files():
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    for name, content in _files.items():
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))


def _empty(cursor, tables):
    """Delete every row of ``tables``, inside the caller's transaction.

    DELETE, not TRUNCATE: these tables hold a few hundred rows, and TRUNCATE
    gives each table (its indexes, its TOAST table) new files on disk, which
    took 1 to 2 s for the demo's tables; DELETE takes a few milliseconds.
    Django's foreign keys are deferred, so the order does not matter; a
    table that another table's non-deferrable key points to would still be
    refused here, loudly."""
    qn = connection.ops.quote_name
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for table in tables:
        cursor.execute(f"DELETE FROM {qn(table)}")


def _put_back(emptied=()):
    qn = connection.ops.quote_name
    # One transaction, so the foreign keys (deferred) are checked once all
    # rows are back, also in a transactional test's autocommit.
    with transaction.atomic(), connection.cursor() as cursor:
        emptied = sorted(
            set(emptied) | _migrated["nonempty"] | {t for t, data in _copy.items() if data}
        )
        _empty(cursor, emptied)
        for table, data in _copy.items():
            if data:
                with cursor.copy(f"COPY {qn(table)} FROM STDIN") as copy:
                    copy.write(data)
    _put_back_files()
    from core.outage import refresh_snapshot

    refresh_snapshot()
