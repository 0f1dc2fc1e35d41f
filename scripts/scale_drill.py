"""The parts of make test-scale (scripts/scale.py) that break things: a
Redis of its own to restart, the backup round trip through the bucket and
the load-and-fault drill through the proxy."""

import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import tarfile
import threading
import time
import types
import uuid
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

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


def appointment_types(port):
    """The ids of the appointment types the booking page offers."""
    status, _headers, html = servers.request(port, "/book/")
    if status != 200:
        raise RuntimeError(f"the booking page answered {status}")
    return [kind.decode() for kind in re.findall(rb'name="type" value="(\d+)"', html)]


def book_a_time(port, kind, name, email):
    """A visitor's booking: the type's first day with free times (its page),
    one of its first three times (so that two visitors often want the same
    one), the form posted with its CSRF token. (status, Location or body)."""
    status, headers, html = servers.request(port, f"/book/?type={kind}")
    if status != 200:
        return status, b""
    times = re.findall(rb'name="time" value="([^"]+)"', html)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not times:
        return "no free time shown", b""
    if not token:
        return "no CSRF token", b""
    day = re.search(rb'name="day" value="([^"]+)"', html)
    jar = SimpleCookie()
    jar.load(headers.get("set-cookie", ""))
    data = {
        "csrfmiddlewaretoken": token[1].decode(),
        "type": kind,
        "day": day[1].decode() if day else "",
        "time": random.choice(times[:3]).decode(),  # noqa: S311 - not a secret
        "name": name,
        "email": email,
        "phone": "",
        "contact_language": "en",
        "consent": "on",
        "hp_website": "",
    }
    status, headers, body = servers.request(
        port,
        "/book/",
        "POST",
        urlencode(data),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v.value}" for k, v in jar.items()),
            "Origin": f"http://127.0.0.1:{port}",
            "Referer": f"http://127.0.0.1:{port}/book/?type={kind}",
        },
    )
    return status, headers.get("location") or body


BOOKINGS_STORED = """
import json
from booking.models import Booking
stored = [
    {{"name": b.name, "reference": b.reference, "status": b.status,
      "emails": int(bool(b.email)) + int(bool(b.clinic.notification_email))}}
    for b in Booking.objects.filter(name__contains={marker!r}).select_related("clinic")
]
# Never two confirmed bookings of one staff member at overlapping times
# (their busy times, buffers included), drill or not.
overlaps, last = [], {{}}
for b in Booking.objects.filter(status="confirmed").order_by("staff_id", "busy_start"):
    previous = last.get(b.staff_id)
    if previous is not None and b.busy_start < previous.busy_end:
        overlaps.append([previous.reference, b.reference])
    if previous is None or b.busy_end > previous.busy_end:
        last[b.staff_id] = b
print(json.dumps({{"stored": stored, "overlaps": overlaps}}))
"""


def booking_figures(env, marker):
    out = servers.django_output(env, BOOKINGS_STORED.format(marker=marker))
    return json.loads(out.splitlines()[-1])


def split_emails(smtp):
    """(the consultation emails, the booking emails) the mail server got,
    told apart by their Message-ID (booking.emails, forms_app.notifications)."""
    booking, consultation = [], []
    for item in smtp.messages:
        message_id = item[2]["Message-ID"] or ""
        (booking if message_id.startswith("<booking-") else consultation).append(item)
    return consultation, booking


def drill(env, workdir, apps, redis, smtp, proxy_port, db_name, seconds=20, posts=60, bookings=30):
    print(
        f"\nDrill through the proxy for about {seconds} s: page views, {posts} requests "
        f"and {bookings} bookings while Redis restarts, an app server is killed and "
        "started again, and PostgreSQL connections are cut",
        flush=True,
    )
    fails = []
    lock = threading.Lock()
    views, answers, faults = Counter(), Counter(), []
    confirmed, refused = set(), set()
    marker = f"scale-{uuid.uuid4().hex[:6]}"
    queue = list(range(posts))
    kinds = appointment_types(proxy_port)
    booking_answers, booked, not_booked = Counter(), set(), set()
    booking_queue = list(range(bookings))
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

    booking_pause = seconds * 2 / bookings

    def booker():
        while True:
            with lock:
                if not booking_queue:
                    return
                n = booking_queue.pop()
            start = time.monotonic()
            name = f"Ada {marker}-b{n}"
            try:
                # The types in turn: each gets bookers at the same times.
                kind = kinds[n % len(kinds)]
                status, answer = book_a_time(proxy_port, kind, name, f"b{n}@example.test")
                if status == 409:
                    status = "409 time taken"
                elif status == 303 and "/booking/" not in answer:
                    status = f"303 to {answer}"
            except Exception as exc:  # noqa: BLE001 - counted
                status = type(exc).__name__
            with lock:
                booking_answers[status] += 1
                (booked if status == 303 else not_booked).add(name)
            time.sleep(max(0.0, booking_pause - (time.monotonic() - start)))

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
    threads += [threading.Thread(target=booker) for _ in range(2)]
    threads += [threading.Thread(target=viewer) for _ in range(2)]
    planners = [
        threading.Thread(target=plan)
        for plan in (restart_redis, kill_and_restart_app, cut_database)
    ]
    for thread in planners + threads:
        thread.start()
    for thread in threads[:4] + planners:
        thread.join()
    done.set()
    for thread in threads[4:]:
        thread.join()
    took = time.monotonic() - began
    for line in sorted(faults):
        print("  " + line, flush=True)

    stored = chaos.stored(env, marker)
    lost = sorted(confirmed - set(stored))
    duplicated = sorted(name for name, n in stored.items() if n > 1)
    figures = booking_figures(env, marker)
    bookings_stored = Counter(row["name"] for row in figures["stored"])
    bookings_lost = sorted(booked - set(bookings_stored))
    bookings_duplicated = sorted(name for name, n in bookings_stored.items() if n > 1)
    # Each booking stored owes its visitor's confirmation and its clinic's
    # alert (one of each: the drill neither moves nor cancels).
    booking_expected = sum(row["emails"] for row in figures["stored"])
    expected = 2 * len(stored)
    waited = time.monotonic()
    chaos.wait_for(
        lambda: len(smtp.messages) >= expected + booking_expected,
        90,
    )
    waited = time.monotonic() - waited
    time.sleep(2)  # anything more would be a duplicate
    consultation_mail, booking_mail = split_emails(smtp)
    emails = chaos.emails_by_request(types.SimpleNamespace(messages=consultation_mail))
    duplicate_emails = sum(n - 1 for n in emails.values())
    booking_ids = Counter(message["Message-ID"] for _f, _t, message in booking_mail)
    duplicate_booking_emails = sum(n - 1 for n in booking_ids.values())
    served = sum(n for status, n in views.items() if status == 200)
    view_errors = {status: n for status, n in views.items() if status != 200}

    print(
        f"  page views: {sum(views.values())} in {took:.0f} s, served {served}, "
        f"errors {sum(view_errors.values())} {view_errors or ''}\n"
        f"  requests: {posts} sent, confirmed {len(confirmed)}, refused {len(refused)} "
        f"{dict(answers)}; stored {len(stored)}, lost {len(lost)}, "
        f"duplicated {len(duplicated)}\n"
        f"  emails: {len(consultation_mail)} of {expected} "
        f"({waited:.0f} s after the drill), duplicates {duplicate_emails}\n"
        f"  bookings: {bookings} sent, confirmed {len(booked)}, refused {len(not_booked)} "
        f"{dict(booking_answers)}; stored {len(bookings_stored)}, lost {len(bookings_lost)}, "
        f"duplicated {len(bookings_duplicated)}; overlapping bookings of one staff member "
        f"{len(figures['overlaps'])}\n"
        f"  booking emails: {len(booking_mail)} of {booking_expected} "
        f"(confirmations and clinic alerts), duplicates {duplicate_booking_emails}",
        flush=True,
    )
    if lost:
        fails.append(f"drill: confirmed but not stored: {lost[:5]}")
    if duplicated:
        fails.append(f"drill: stored twice: {duplicated[:5]}")
    if views.get("500 app") or views.get("500 proxy") or answers.get(500):
        fails.append("drill: a visitor got a 500")
    if len(consultation_mail) != expected:
        fails.append(f"drill: {len(consultation_mail)} of {expected} emails sent")
    if bookings_lost:
        fails.append(f"drill: bookings confirmed but not stored: {bookings_lost[:5]}")
    if bookings_duplicated:
        fails.append(f"drill: bookings stored twice: {bookings_duplicated[:5]}")
    if figures["overlaps"]:
        fails.append(f"drill: double bookings: {figures['overlaps'][:5]}")
    if not booked:
        fails.append("drill: no booking was confirmed")
    if booking_answers.get(500):
        fails.append("drill: a visitor booking got a 500")
    if len(booking_mail) != booking_expected:
        fails.append(f"drill: {len(booking_mail)} of {booking_expected} booking emails sent")
    if duplicate_booking_emails:
        fails.append(f"drill: {duplicate_booking_emails} duplicate booking emails")
    if duplicate_emails:
        fails.append(f"drill: {duplicate_emails} duplicate emails")
    if served < 0.95 * sum(views.values()):
        fails.append(f"drill: only {served} of {sum(views.values())} page views served")
    for failure in fails:
        print("  FAIL:", failure, flush=True)
    return fails
