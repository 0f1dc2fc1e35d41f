"""Start production-settings app servers on loopback for scripted checks.

Used by scripts/bench.py (make bench) and scripts/two_servers.py (CI): a
PostgreSQL database and a Redis database of their own, migrated and filled
with the demo content, static files collected, then gunicorn processes bound
to 127.0.0.1 only.
"""

import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/postgres")
REDIS_BASE = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/0")


def database_url(name, port=None):
    """PG_URL naming database ``name`` (and, given ``port``, that port)."""
    parts = urlsplit(PG_URL)
    if port is not None:
        host = parts.netloc.rpartition(":")[0] if parts.port else parts.netloc
        parts = parts._replace(netloc=f"{host}:{port}")
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
            "BOOKING_RATE_LIMIT": "off",
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


def load_demo(env):
    """The demo content into the database of ``env``: with the development
    settings, the only ones (with the tests') that install the demo app;
    everything else (database, Redis, media folder) as ``env`` says."""
    manage({**env, "DJANGO_SETTINGS_MODULE": "clinic_site.settings.dev"}, "load_demo_content")


def prepare(db_name, redis_db, **extra):
    """A fresh database with the demo content, static files collected."""
    workdir = Path(tempfile.mkdtemp(prefix=f"{db_name}-"))
    recreate_database(db_name)
    env = environment(db_name, redis_db, workdir, **extra)
    flush_redis(env["REDIS_URL"])
    manage(env, "migrate", "--no-input", "-v", "0")
    load_demo(env)
    manage(env, "collectstatic", "--no-input", "-v", "0")
    return env, workdir


class Server:
    def __init__(
        self,
        env,
        port,
        workdir,
        ready_statuses=(200,),
        app="clinic_site.wsgi",
        ready_path="/healthz",
        extra_args=(),
    ):
        """``ready_statuses``: what ``ready_path`` answers once it serves (503
        for a server whose database is down on purpose). ``app``: another
        WSGI application (e.g. make bench's bare static files)."""
        self.port = port
        self.log = open(workdir / f"gunicorn-{port}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "-c",
                "python:clinic_site.gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                *extra_args,
                app,
            ],
            cwd=ROOT,
            env={**{k: str(v) for k, v in env.items()}, "PORT": str(port)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        # Importing Django and Wagtail in each worker: seconds on an idle
        # machine, more on a busy one.
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if request(port, ready_path)[0] in ready_statuses:
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


class Worker:
    """manage.py run_worker (the docker-compose worker) with these settings."""

    def __init__(self, env, workdir):
        self.log = open(workdir / "worker.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(  # noqa: S603
            [str(BIN / "python"), "manage.py", "run_worker", "--interval", "0.2"],
            cwd=ROOT,
            env={k: str(v) for k, v in env.items()},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


def django_output(env, code):
    """Run Python in the project with these settings; what it printed."""
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env={k: str(v) for k, v in env.items()},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def terminate_connections(db_name):
    """What a PostgreSQL restart does to the app: its connections die."""
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [db_name],
        )


def consultation_form(port, marker, email="ada@example.test"):
    """(form data, cookie header) of the consultation form as a visitor fills
    it in: ``marker`` in the free-text answer, ``email`` as their address."""
    from http.cookies import SimpleCookie

    status, headers, html = request(port, "/request-a-consultation/")
    if status != 200:
        raise RuntimeError(f"the form answered {status}")
    jar = SimpleCookie()
    jar.load(headers.get("set-cookie", ""))
    html = html.decode()
    data = {}
    for tag in re.findall(r"<(?:input|textarea|select)\b[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        name = name[1]
        kind = (re.search(r'type="([^"]+)"', tag) or [None, "text"])[1]
        value = re.search(r'value="([^"]*)"', tag)
        if kind == "hidden":
            data[name] = value[1] if value else ""
        elif kind in ("radio", "checkbox"):
            data.setdefault(name, value[1] if value else "on")
        elif kind == "email":
            data[name] = email
        elif kind == "tel":
            data[name] = "503.555.0199"
        elif tag.startswith("<select"):
            data[name] = ""
        elif name not in data:
            data[name] = "Ada Example"
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        data[name] = re.findall(r'<option value="([^"]+)"', body)[0]
    for name in re.findall(r'<textarea[^>]*name="([^"]+)"', html):
        data[name] = f"Please call me. {marker}"
    data["hp_website"] = ""
    cookie = "; ".join(f"{k}={v.value}" for k, v in jar.items())
    return data, cookie


def post_consultation(port, data, cookie, timeout=10):
    """(status, Location or body) of the form's POST."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        status, headers, body = request(
            port,
            "/request-a-consultation/",
            "POST",
            urlencode(data),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Origin": f"http://127.0.0.1:{port}",
                "Referer": f"http://127.0.0.1:{port}/request-a-consultation/",
            },
            conn=conn,
        )
    finally:
        conn.close()
    return status, headers.get("location") or body


def send_consultation(port, marker, email="ada@example.test"):
    return post_consultation(port, *consultation_form(port, marker, email))


def cleanup(workdir, db_name):
    shutil.rmtree(workdir, ignore_errors=True)
    try:
        import psycopg

        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    except Exception:  # noqa: BLE001, S110 - best effort
        pass
