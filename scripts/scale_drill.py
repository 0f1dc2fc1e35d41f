"""The parts of make test-scale (scripts/scale.py) that break things: a
Redis of its own to restart, the backup round trip through the bucket and
the load-and-fault drill through the proxy."""

import contextlib
import os
import shutil
import signal
import subprocess
import tarfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import chaos
import s3_server
import servers

# Pages every visitor sees alike (stored by the proxy), the Spanish home
# page among them.
PAGES = ["/", "/blog/", "/about/", "/locations/portland/", "/es/"]


class RedisServer:
    """redis-server on a loopback port of its own (a cache only: nothing
    persisted), so that restarting it disturbs nobody else."""

    def __init__(self, port):
        self.port = port
        self.proc = None
        self.start()

    def start(self):
        # Debian's redis-server, the one .ci/run starts.
        self.proc = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port, socket_timeout=0.5)
        for _ in range(50):
            try:
                client.ping()
                return
            except redis.RedisError:
                time.sleep(0.1)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def restart(self, down_seconds=1.0):
        self.stop()
        time.sleep(down_seconds)
        self.start()


def kill_hard(server):
    """SIGKILL a gunicorn master and its workers, as a crashed machine does."""
    master = server.proc.pid
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                children.append(int(entry.name))
    for pid in [master, *children]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    server.proc.wait()
    server.log.close()


def backups(env, s3, workdir, doc):
    """backup_site takes the bucket along; restore_site puts a lost object back."""
    print("\nBackups include the bucket", flush=True)
    fails = []
    directory = workdir / "backups"
    servers.manage(env, "backup_site", "--directory", str(directory))
    archive = sorted(directory.glob("clinic-backup-*.tar.gz"))[-1]
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    media = [name for name in names if name.startswith("media") and "." in name.split("/")[-1]]
    if f"media/{doc['name']}" not in names:
        fails.append(f"the backup lacks the private document ({len(media)} media files)")
    if not any(name.startswith("media/original_images/") for name in names):
        fails.append("the backup lacks the original images")
    client = s3.client()
    client.delete_object(Bucket=s3_server.PRIVATE_BUCKET, Key=doc["name"])
    restore_db = "check_scale_restore"
    servers.recreate_database(restore_db)
    try:
        servers.manage(
            {**env, "DATABASE_URL": servers.database_url(restore_db)},
            "restore_site",
            str(archive),
        )
        body = client.get_object(Bucket=s3_server.PRIVATE_BUCKET, Key=doc["name"])["Body"].read()
        if body != b"%PDF-1.4 private letter":
            fails.append("restore_site did not put the document back in the bucket")
    except Exception as exc:  # noqa: BLE001 - reported as a failure
        fails.append(f"restore: {exc}")
    finally:
        servers.cleanup(Path("/nonexistent"), restore_db)
    print(
        f"  archive: {len(media)} media files from the bucket; a deleted document "
        f"{'restored' if not fails else 'NOT restored'} into the bucket",
        flush=True,
    )
    for failure in fails:
        print("  FAIL:", failure, flush=True)
    return fails


def drill(env, workdir, apps, redis, smtp, proxy_port, db_name, seconds=20, posts=60):
    print(
        f"\nDrill through the proxy for about {seconds} s: page views and {posts} requests "
        "while Redis restarts, an app server is killed and started again, and "
        "PostgreSQL connections are cut",
        flush=True,
    )
    fails = []
    lock = threading.Lock()
    views, answers, faults = Counter(), Counter(), []
    confirmed, refused = set(), set()
    marker = f"scale-{uuid.uuid4().hex[:6]}"
    queue = list(range(posts))
    done = threading.Event()
    began = time.monotonic()

    def viewer():
        while not done.is_set():
            for path in PAGES:
                try:
                    status, _headers, body = servers.request(proxy_port, path)
                    if status >= 500:  # who answered: Varnish, or the app's outage page
                        status = f"{status} {'proxy' if b'Varnish' in body else 'app'}"
                except Exception as exc:  # noqa: BLE001 - counted
                    status = type(exc).__name__
                with lock:
                    views[status] += 1
                time.sleep(0.02)

    pause = seconds * 2 / posts

    def poster():
        while True:
            with lock:
                if not queue:
                    return
                n = queue.pop()
            start = time.monotonic()
            name = f"{marker}-{n}"
            try:
                data, cookie = servers.consultation_form(proxy_port, name, f"s{n}@example.test")
                status, _ = servers.post_consultation(proxy_port, data, cookie)
            except Exception as exc:  # noqa: BLE001 - counted
                status = type(exc).__name__
            with lock:
                answers[status] += 1
                (confirmed if status == 303 else refused).add(name)
            time.sleep(max(0.0, pause - (time.monotonic() - start)))

    def at(second):
        time.sleep(max(0.0, began + second - time.monotonic()))

    def restart_redis():
        at(3)
        redis.restart()
        faults.append(f"{time.monotonic() - began:4.1f} s Redis restarted (emptied)")

    def kill_and_restart_app():
        at(6)
        kill_hard(apps[0])
        faults.append(f"{time.monotonic() - began:4.1f} s app server 1 killed (SIGKILL)")
        at(9)
        try:
            apps[0] = servers.Server(env, apps[0].port, workdir)
        except RuntimeError as exc:
            fails.append(f"drill: the killed app server did not start again: {exc}")
        faults.append(f"{time.monotonic() - began:4.1f} s app server 1 serving again")

    def cut_database():
        for second in (12, 13, 14, 15):
            at(second)
            servers.terminate_connections(db_name)
        faults.append(f"{time.monotonic() - began:4.1f} s PostgreSQL connections cut 4 times")

    threads = [threading.Thread(target=poster) for _ in range(2)]
    threads += [threading.Thread(target=viewer) for _ in range(2)]
    planners = [
        threading.Thread(target=plan)
        for plan in (restart_redis, kill_and_restart_app, cut_database)
    ]
    for thread in planners + threads:
        thread.start()
    for thread in threads[:2] + planners:
        thread.join()
    done.set()
    for thread in threads[2:]:
        thread.join()
    took = time.monotonic() - began
    for line in sorted(faults):
        print("  " + line, flush=True)

    stored = chaos.stored(env, marker)
    lost = sorted(confirmed - set(stored))
    duplicated = sorted(name for name, n in stored.items() if n > 1)
    expected = 2 * len(stored)
    waited = time.monotonic()
    chaos.wait_for(lambda: len(smtp.messages) >= expected, 90)
    waited = time.monotonic() - waited
    time.sleep(2)  # anything more would be a duplicate
    emails = chaos.emails_by_request(smtp)
    duplicate_emails = sum(n - 1 for n in emails.values())
    served = sum(n for status, n in views.items() if status == 200)
    view_errors = {status: n for status, n in views.items() if status != 200}

    print(
        f"  page views: {sum(views.values())} in {took:.0f} s, served {served}, "
        f"errors {sum(view_errors.values())} {view_errors or ''}\n"
        f"  requests: {posts} sent, confirmed {len(confirmed)}, refused {len(refused)} "
        f"{dict(answers)}; stored {len(stored)}, lost {len(lost)}, "
        f"duplicated {len(duplicated)}\n"
        f"  emails: {len(smtp.messages)} of {expected} "
        f"({waited:.0f} s after the drill), duplicates {duplicate_emails}",
        flush=True,
    )
    if lost:
        fails.append(f"drill: confirmed but not stored: {lost[:5]}")
    if duplicated:
        fails.append(f"drill: stored twice: {duplicated[:5]}")
    if views.get("500 app") or views.get("500 proxy") or answers.get(500):
        fails.append("drill: a visitor got a 500")
    if len(smtp.messages) != expected:
        fails.append(f"drill: {len(smtp.messages)} of {expected} emails sent")
    if duplicate_emails:
        fails.append(f"drill: {duplicate_emails} duplicate emails")
    if served < 0.95 * sum(views.values()):
        fails.append(f"drill: only {served} of {sum(views.values())} page views served")
    for failure in fails:
        print("  FAIL:", failure, flush=True)
    return fails
