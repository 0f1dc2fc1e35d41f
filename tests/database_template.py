"""The test database, migrated once and copied for every test process.

Running the project's 280 migrations takes 30 to 60 s (Django renders the
model states again and again), and with pytest-xdist each worker would pay
it. Instead the migrations run once into a template database named by a
digest of everything that decides its schema (every
migration file, the locked requirements, the installed apps); each worker's
database is then a PostgreSQL copy of it (CREATE DATABASE ... TEMPLATE, about
a second). The template is kept for the next run while nothing that decides
the schema changes: a changed migration or dependency gives a new digest, a
new template, and another schema's template is dropped after a day unused.

`make test` on a fresh machine builds the template in its first minute
(the workers wait for it, then copy it). The production-settings server's
database (tests/production_server.py) starts as a copy too.
"""

import fcntl
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_database_names():
    """(base, name): the test database name from the settings, and this
    process's own (pytest-xdist's workers add _gw0, _gw1 to it)."""
    from django.conf import settings

    name = settings.DATABASES["default"]["TEST"]["NAME"]
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    base = name.removesuffix(f"_{worker}") if worker else name
    return base, name


def schema_digest():
    from django.conf import settings

    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    digest.update((ROOT / "requirements" / "dev.txt").read_bytes())
    # Data migrations read these (the locales, the default language).
    digest.update(repr((settings.INSTALLED_APPS, settings.LANGUAGE_CODE)).encode())
    digest.update(repr(getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None)).encode())
    return digest.hexdigest()[:12]


def _admin_connection(settings_dict):
    """A connection to the server's maintenance database, outside Django's."""
    import psycopg

    params = {
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True)


def _exists(conn, name):
    return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()


def _migrate_into(name, settings_dict):
    """`manage.py migrate` into the database `name`, with the test settings."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "clinic_site.settings.test"
        ),
        "DATABASE_URL": _url(name, settings_dict),
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"migrate into {name} failed:\n{result.stderr[-4000:]}")


def _url(name, s):
    from urllib.parse import quote

    auth = quote(s.get("USER") or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{auth}{'@' if auth else ''}{host}:{port}/{name}"


TEMPLATE_PREFIX = "test_clinic_site_tpl_"
KEEP_UNUSED_HOURS = 24


def template_for(settings_dict):
    """The migrated template for this schema, built if missing.

    Named by the schema's digest alone, so checkouts with the same
    migrations share it (it is only ever copied, never opened). Another
    schema's template is dropped once unused for a day."""
    template = f"{TEMPLATE_PREFIX}{schema_digest()}"
    lock_path = Path(tempfile.gettempdir()) / f"{template}.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one process builds it, the others wait
        with _admin_connection(settings_dict) as conn:
            if not _exists(conn, template):
                building = f"{template}_building"
                conn.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{building}"')
                # Marked as in use from the start: another checkout's run
                # drops every template without a recent mark, this one too
                # while it is being migrated.
                conn.execute(f"COMMENT ON DATABASE \"{building}\" IS '{int(time.time())}'")
                _migrate_into(building, settings_dict)
                # Renamed only once complete: a run stopped half-way leaves
                # no template that looks migrated.
                conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
            # When it was last used: the database's comment.
            conn.execute(f"COMMENT ON DATABASE \"{template}\" IS '{int(time.time())}'")
            _drop_unused(conn, template)
    return template


def _drop_unused(conn, current):
    rows = conn.execute(
        "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database "
        "WHERE datname LIKE %s AND datname <> %s",
        [TEMPLATE_PREFIX.replace("_", "\\_") + "%", current],
    ).fetchall()
    for name, comment in rows:
        used = int(comment) if comment and comment.isdigit() else 0
        if time.time() - used > KEEP_UNUSED_HOURS * 3600:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_from_template(name, template, settings_dict):
    with _admin_connection(settings_dict) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def drop(name, settings_dict):
    with _admin_connection(settings_dict) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
