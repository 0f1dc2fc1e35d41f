"""Start production-settings app servers on loopback for scripted checks.

Used by scripts/bench.py (make bench) and scripts/two_servers.py (CI): a
PostgreSQL database and a Redis database of their own, migrated and filled
with the demo content, static files collected, then gunicorn processes bound
to 127.0.0.1 only.
"""

import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/postgres")
REDIS_BASE = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/0")


def database_url(name):
    parts = urlsplit(PG_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


def redis_url(db):
    parts = urlsplit(REDIS_BASE)
    return urlunsplit(parts._replace(path=f"/{db}"))


def recreate_database(name):
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


def environment(db_name, redis_db, workdir, **extra):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "clinic_site.settings.production",
            "SECRET_KEY": "local-loopback-check-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": database_url(db_name),
            "REDIS_URL": redis_url(redis_db),
            "CACHE_KEY_PREFIX": f"check-{db_name}",
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "CONSULTATION_RATE_LIMIT": "off",
            "CONSULTATION_MIN_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
            "GUNICORN_LOG_LEVEL": "warning",
            "WEB_CONCURRENCY": "2",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(env, *args):
    subprocess.run(  # noqa: S603 - our own interpreter and script
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(db_name, redis_db, **extra):
    """A fresh database with the demo content, static files collected."""
    workdir = Path(tempfile.mkdtemp(prefix=f"{db_name}-"))
    recreate_database(db_name)
    env = environment(db_name, redis_db, workdir, **extra)
    flush_redis(env["REDIS_URL"])
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_demo_content")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    return env, workdir


class Server:
    def __init__(self, env, port, workdir):
        self.port = port
        self.log = open(workdir / f"gunicorn-{port}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "-c",
                "python:clinic_site.gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "clinic_site.wsgi",
            ],
            cwd=ROOT,
            env={**env, "PORT": str(port)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if request(port, "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn on port {port} did not start; see {self.log.name}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


def request(port, path, method="GET", body=None, headers=None, conn=None):
    """(status, headers dict, body) of one request to 127.0.0.1:port."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    finally:
        if own:
            conn.close()


def cleanup(workdir, db_name):
    shutil.rmtree(workdir, ignore_errors=True)
    try:
        import psycopg

        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    except Exception:  # noqa: BLE001, S110 - best effort
        pass
