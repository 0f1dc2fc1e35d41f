"""`make run`: the site on this machine as production runs it, in one command.

1. migrate the SQLite file, load the demo content, make sure an
   administrator exists and point the default Site at the address served
   (so admin links in emails, canonical and hreflang links follow PORT);
   what they say goes to the log file (all of it on the terminal with
   VERBOSE=1);
2. start the worker (`manage.py run_worker`: scheduled publishing, emails,
   reminders, the digest) beside the development server, with tasks in the
   database as in production;
3. once the server answers, end with a short summary: the site, the admin,
   the administrator's username and (the first time) password, the log.

Ctrl-C stops both. Settings come from the environment: HOST, PORT,
SITE_URL (default http://HOST:PORT), VERBOSE, ADMIN_USERNAME/ADMIN_PASSWORD,
RUN_LOG and LOCAL_CACHE_DIR (where the log and the shared cache go).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG = Path(os.environ.get("RUN_LOG") or ROOT / "make-run.log")
CACHE_DIR = Path(os.environ.get("LOCAL_CACHE_DIR") or ROOT / ".make-run-cache")


def browse_host(host):
    """Where a browser on this machine reaches a server bound to ``host``."""
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104


def environment(host, port):
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "clinic_site.settings.dev")
    # Tasks wait in the database for the worker, as in production.
    env.setdefault("TASKS_BACKEND", "database")
    env["SITE_URL"] = env.get("SITE_URL") or f"http://{browse_host(host)}:{port}"
    # One cache for the server and the worker (see LOCAL_CACHE_DIR).
    env.setdefault("LOCAL_CACHE_DIR", str(CACHE_DIR))
    env.setdefault("DJANGO_RUNSERVER_HIDE_WARNING", "true")
    env["PYTHONUNBUFFERED"] = "1"
    return env


class Runner:
    def __init__(self, env, verbose):
        self.env = env
        self.verbose = verbose
        self.log = open(LOG, "w", encoding="utf-8")  # noqa: SIM115 - open for the whole run

    def output(self):
        return None if self.verbose else self.log

    def manage(self, *args):
        """Run a management command; its output to the log. Stop on failure."""
        self.log.write(f"$ manage.py {' '.join(args)}\n")
        self.log.flush()
        result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        self.log.write(result.stdout)
        self.log.flush()
        if self.verbose:
            sys.stdout.write(result.stdout)
        if result.returncode:
            if not self.verbose:
                sys.stdout.write("\n".join(result.stdout.splitlines()[-20:]) + "\n")
            sys.exit(f"manage.py {args[0]} failed (the whole output: {LOG.name}).")
        return result.stdout

    def start(self, *args, **kwargs):
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, **kwargs
        )


def admin_lines(output):
    """The username and password ensure_admin printed, or how to find them."""
    fields = dict(
        line.strip().split(": ", 1)
        for line in output.splitlines()
        if line.startswith("  ") and ": " in line
    )
    if "username" in fields:
        return fields["username"], fields.get("password", "")
    return "", ""


def wait_for(host, port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with socket.create_connection((host, int(port)), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def stop(process):
    """Stop ``process`` and its process group (runserver's reloader child)."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def main():
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    verbose = os.environ.get("VERBOSE", "") not in ("", "0")
    env = environment(host, port)
    shutil.rmtree(CACHE_DIR, ignore_errors=True)  # nothing from an older run
    runner = Runner(env, verbose)
    runner.manage("migrate", "--no-input")
    runner.manage("load_demo_content")
    username, password = admin_lines(runner.manage("ensure_admin"))
    runner.manage("ensure_site")

    worker = server = None
    try:
        # Each in its own process group, stopped by this script (Ctrl-C or
        # SIGTERM): the server's autoreloader child goes with it, and no
        # second traceback reaches the terminal.
        worker = runner.start(
            "run_worker",
            stdout=runner.output(),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        # (The checks ran with migrate; Django's development-server warning
        # is this script's job to say, once, in the README.)
        server = runner.start(
            "runserver", f"{host}:{port}", "--skip-checks", start_new_session=True
        )
        if not wait_for(browse_host(host), port, server):
            sys.exit(f"The development server did not start (see above and {LOG.name}).")
        site = env["SITE_URL"]
        if username and password:
            account = f"user {username}, password {password} (shown this once)"
        elif username:
            account = f"user {username}, password from ADMIN_PASSWORD"
        else:
            account = "your administrator account (ADMIN_USERNAME/ADMIN_PASSWORD on a fresh db)"
        print(  # noqa: T201 - the summary is this script's purpose
            f"\nSite:   {site}/\n"
            f"Admin:  {site}/admin/  {account}\n"
            f"Worker: running (scheduled publishing, emails, reminders); log: {LOG.name}\n"
            "Ctrl-C stops the server and the worker.",
            flush=True,
        )
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop(server)
        stop(worker)
        runner.log.close()


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stops both, as Ctrl-C
    main()
