"""A production-settings site served by real gunicorn, for tests about the server.

``ProductionSite`` is a PostgreSQL database of its own (named after the test
database, so checkouts sharing a server never meet), migrated and filled
with the demo content, plus collected static files and a media folder.
``site.start(**env)`` starts gunicorn on it with ``clinic_site/gunicorn.py``
exactly as the Dockerfile does (only PORT and what a test names differ) and
keeps everything the server writes to stdout/stderr in a file the test reads.

Built on scripts/servers.py (make bench, make test-servers), loaded by path
because scripts/ is not a package.
"""

import http.client
import importlib.util
import json
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path

from tests.servers import free_port

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("scripts_servers", ROOT / "scripts" / "servers.py")
scripts_servers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scripts_servers)


class ProductionSite:
    def __init__(self):
        from django.conf import settings

        from tests import database_template

        # Named after this process's test database (per pytest-xdist worker),
        # so two workers or two checkouts never share it.
        _base, name = database_template.test_database_names()
        self.db_name = f"{name}_gunicorn"
        import tempfile

        self.workdir = Path(tempfile.mkdtemp(prefix=f"{self.db_name}-"))
        # A copy of the migrated test template (tests/database_template.py):
        # production settings install the same models (the demo app has
        # none), so the migrate below finds nothing left to apply.
        db = settings.DATABASES["default"]
        database_template.create_from_template(self.db_name, database_template.template_for(db), db)
        self.env = scripts_servers.environment(
            self.db_name,
            13,
            self.workdir,
            # What a real deployment logs (INFO), so tests see the access log.
            LOG_LEVEL="INFO",
            GUNICORN_LOG_LEVEL="info",
            WEB_CONCURRENCY="1",
            # The production default: HSTS for a year.
            SECURE_HSTS_SECONDS="31536000",
            TASKS_BACKEND="database",
        )
        # The real Redis when it answers (CI has one), as in production: a
        # change made by another process reaches the server through it.
        from clinic_site.settings.test import _redis_answers

        if _redis_answers(self.env["REDIS_URL"]):
            # Keys of this run only (never a flush: checkouts share the Redis).
            self.env["CACHE_KEY_PREFIX"] = f"{self.db_name}-{uuid.uuid4().hex[:8]}"
            self.has_redis = True
        else:
            self.env.pop("REDIS_URL")
            self.has_redis = False
        self.env.pop("PORT", None)
        self.env.pop("GUNICORN_BIND", None)
        # migrate (checking) and collectstatic (about 20 s) side by side.
        with ThreadPoolExecutor(2) as pool:
            migrated = pool.submit(
                scripts_servers.manage, self.env, "migrate", "--no-input", "-v", "0"
            )
            collected = pool.submit(
                scripts_servers.manage, self.env, "collectstatic", "--no-input", "-v", "0"
            )
            migrated.result()
            collected.result()
        scripts_servers.load_demo(self.env)

    def django(self, code, **extra_env):
        """Run Python in the project with these settings; what it printed."""
        return scripts_servers.django_output({**self.env, **extra_env}, code)

    def start(self, bind=True, **extra_env):
        return GunicornServer(self, bind=bind, **extra_env)

    def cleanup(self):
        scripts_servers.cleanup(self.workdir, self.db_name)


class GunicornServer:
    """gunicorn -c python:clinic_site.gunicorn clinic_site.wsgi, as in the Dockerfile.

    ``bind=True`` passes GUNICORN_BIND=127.0.0.1:<port>; ``bind=False`` only
    PORT, so the configuration file's own default address is used.
    """

    def __init__(self, site, bind=True, **extra_env):
        self.site = site
        self.port = free_port()
        self.log_path = site.workdir / f"gunicorn-{self.port}.log"
        env = {**site.env, "PORT": str(self.port), **{k: str(v) for k, v in extra_env.items()}}
        if bind:
            env.setdefault("GUNICORN_BIND", f"127.0.0.1:{self.port}")
        self.env = env
        self._log = open(self.log_path, "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(  # noqa: S603 - our own gunicorn and config
            [
                str(scripts_servers.BIN / "gunicorn"),
                "-c",
                "python:clinic_site.gunicorn",
                "clinic_site.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.log_path.read_text()}")

    def request(self, method, path, body=None, headers=None):
        """(status, headers as (name, value) list, body) of one request."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            headers = {"Host": "127.0.0.1", **(headers or {})}
            if body is not None:
                body = body.encode() if isinstance(body, str) else body
                headers["Content-Length"] = str(len(body))
            for name, value in headers.items():
                conn.putheader(name, value)
            conn.endheaders(body)
            response = conn.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            conn.close()

    def django(self, code):
        """Python in another process of the same deployment (as manage.py shell)."""
        return self.site.django(code)

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def log_text(self):
        self._log.flush()
        time.sleep(0.3)  # the worker writes its lines after answering
        return self.log_path.read_text(errors="replace")

    def json_lines(self):
        lines = []
        for line in self.log_text().splitlines():
            try:
                lines.append(json.loads(line))
            except ValueError:
                continue
        return lines

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()


def header_values(headers, name):
    return [value for key, value in headers if key.lower() == name.lower()]


def cookies(headers):
    """{name: Morsel} of every Set-Cookie header."""
    jar = SimpleCookie()
    for value in header_values(headers, "Set-Cookie"):
        jar.load(value)
    return jar
