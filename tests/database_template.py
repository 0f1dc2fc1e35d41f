"""The test database, migrated once and copied for every test process.

The template holds what migrations leave plus the site's home page in place
of Wagtail's welcome page (``HOME_PAGE`` below), which nearly every test
starts from.

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
    digest.update((ROOT / "demo" / "content" / "home.py").read_bytes())  # HOME_PAGE
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


def _manage_into(name, settings_dict, *args):
    """`manage.py <args>` on the database `name`, with the test settings."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "clinic_site.settings.test"
        ),
        "DATABASE_URL": _url(name, settings_dict),
        # Nothing of the home page's publishing goes to a shared cache.
        "TESTS_USE_REDIS": "0",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {args[0]} into {name} failed:\n{result.stderr[-4000:]}")


# The site's home page in place of Wagtail's welcome page, as every test's
# ``site`` fixture wants it (deleting the welcome page and publishing the
# home page is about 180 queries: 0.2 to 0.4 s in each of 450 tests).
HOME_PAGE = "from demo.content.home import ensure_home_page; ensure_home_page()"


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
                # Dated like a template, so another checkout's clean-up
                # (_drop_unused) leaves it alone while it is being built.
                conn.execute(f"COMMENT ON DATABASE \"{building}\" IS '{int(time.time())}'")
                _manage_into(building, settings_dict, "migrate", "--no-input", "-v", "0")
                _manage_into(building, settings_dict, "shell", "-c", HOME_PAGE)
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


SQLITE_PREFIX = "clinic-site-sqlite-"


def sqlite_template():
    """A SQLite file with every migration applied, as `make run` makes on a
    fresh clone (development settings), built once per schema digest.

    The make-run test copies it instead of migrating again: 40 s of
    Django rendering model states on SQLite, the same code path each time
    the schema is unchanged. Built (under a lock) by `manage.py migrate` on
    an empty file, so a migration that breaks a fresh SQLite database fails
    here on the first run after it changes. Kept beside the lock files in the
    temporary folder; another schema's file goes after a day unused."""
    folder = Path(tempfile.gettempdir())
    path = folder / f"{SQLITE_PREFIX}{schema_digest()}.sqlite3"
    with open(folder / f"{path.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            building = path.with_suffix(".building")
            building.unlink(missing_ok=True)
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "clinic_site.settings.dev",
                "DATABASE_URL": f"sqlite:///{building}",
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
                raise RuntimeError(
                    f"migrate on a fresh SQLite file failed:\n{result.stderr[-4000:]}"
                )
            building.rename(path)  # only once complete
        path.touch()
        for other in folder.glob(f"{SQLITE_PREFIX}*.sqlite3"):
            if other != path and time.time() - other.stat().st_mtime > KEEP_UNUSED_HOURS * 3600:
                other.unlink(missing_ok=True)
    return path
