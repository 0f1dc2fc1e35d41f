"""make test-chaos: the site's parts fail the way they do in production,
against production-settings gunicorn, the real worker (manage.py run_worker),
PostgreSQL, a Redis, and an SMTP server that hangs (tests/servers.py).

1. Redis down (nothing listens), then Redis hanging (accepts, never
   answers): /, /blog/, an article, /locations/portland/, the form and the
   admin sign-in page answer 200; a request is stored once; /healthz says
   the cache is degraded. Latency of each request printed.
2. The mail server hangs: the form's POST answers at once; when the server
   answers again, both emails of each request go out once.
3. A database drill: 200 requests from 4 visitors at a time while the app's
   PostgreSQL connections are terminated once a second for 12 s; then the
   worker sends everything. Counts: requests confirmed, refused (503, the
   visitor is told to call), lost, duplicated, duplicate emails.

4. The database is unreachable: an English and a Spanish visitor each get
   the 503 page in their own language (<html lang>, the words, the link
   home, the crisis line), with the clinic's phone from the last snapshot
   in Redis.

Prints the figures; exit status 1 when something a visitor or the intake
team would notice went wrong (a 500, a lost or duplicated request or
email, a POST slower than 2 s with the mail server hanging).
"""

import os
import re
import statistics
import sys
import threading
import time
import uuid
from collections import Counter

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import servers  # noqa: E402

from tests.servers import HangingListener, SMTPServer, free_port  # noqa: E402

DB_NAME = "check_chaos"
REDIS_DB = 11
PORT = 18751
PAGES = [
    "/",
    "/blog/",
    "/blog/how-does-ketamine-help-depression/",
    "/locations/portland/",
    "/request-a-consultation/",
    "/admin/login/",
    "/es/",
    "/es/solicitar-una-consulta/",
]
failures = []
SUBMISSION_COUNT = (
    "from forms_app.models import ConsultationSubmission as S\nprint(S.objects.count())"
)


def check(condition, message):
    if not condition:
        failures.append(message)
        print("  FAIL:", message, flush=True)
    return condition


def timed_get(port, path):
    started = time.perf_counter()
    status, headers, body = servers.request(port, path)
    return status, (time.perf_counter() - started) * 1000, headers, body


def stored(env, marker_prefix):
    """{marker: times stored} of the requests whose answer carries a marker."""
    out = servers.django_output(
        env,
        "import re\n"
        "from forms_app.models import ConsultationSubmission as S\n"
        "for s in S.objects.all():\n"
        "    for value in s.form_data.values():\n"
        f"        m = re.search(r'{marker_prefix}-\\d+', str(value))\n"
        "        if m: print(m[0])\n",
    )
    return Counter(out.split())


UNSENT = """
from forms_app.models import ConsultationSubmission as S
for s in S.objects.exclude(notification_status="sent"):
    print("  unsent:", s.pk, s.notification_status, s.notification_attempts,
          s.staff_claimed_at, s.staff_notified_at, s.visitor_claimed_at, s.visitor_notified_at,
          s.notification_last_error)
"""


def cache_outage(env, workdir, label, redis_url):
    print(f"\n{label}", flush=True)
    server = servers.Server({**env, "REDIS_URL": redis_url}, PORT, workdir)
    try:
        latencies = []
        for _ in range(2):
            for path in PAGES:
                status, ms, _h, _b = timed_get(PORT, path)
                latencies.append(ms)
                check(status == 200, f"{label}: {path} answered {status}")
        marker = f"cache-{uuid.uuid4().hex[:6]}"
        started = time.perf_counter()
        status, _ = servers.send_consultation(PORT, f"{marker}-1", f"{marker}@example.test")
        post_ms = (time.perf_counter() - started) * 1000
        check(status == 303, f"{label}: the form's POST answered {status}")
        check(stored(env, marker) == {f"{marker}-1": 1}, f"{label}: request not stored once")
        status, _ms, _h, body = timed_get(PORT, "/healthz")
        check(status == 200 and b"degraded" in body, f"{label}: /healthz said {status} {body}")
        print(
            f"  pages: {len(latencies)} x 200, p50 {statistics.median(latencies):.0f} ms, "
            f"max {max(latencies):.0f} ms; form GET+POST {post_ms:.0f} ms, stored once; "
            f"/healthz: {body.decode().strip()}",
            flush=True,
        )
    finally:
        server.stop()


def wait_for(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return predicate()


def emails_by_request(smtp):
    """Counter of (kind, request reference) of the emails received."""
    counts = Counter()
    for _from, to, message in smtp.messages:
        body = message.get_payload(decode=True).decode("utf-8", "replace")
        reference = re.search(r"Reference: #(\d+)", body)
        if reference:
            counts[("alert", reference[1])] += 1
        else:
            counts[("confirmation", to[0])] += 1
    return counts


def hanging_mail(env, workdir):
    print("\nThe mail server hangs, then answers again", flush=True)
    smtp_port = free_port()
    mail_env = {**env, "EMAIL_PORT": smtp_port}
    server = servers.Server(mail_env, PORT, workdir)
    worker = servers.Worker(mail_env, workdir)
    try:
        marker = f"mail-{uuid.uuid4().hex[:6]}"
        with SMTPServer(port=smtp_port, hang=True) as hanging:
            posts = []
            for n in range(5):
                data, cookie = servers.consultation_form(
                    PORT, f"{marker}-{n}", f"v{n}@example.test"
                )
                started = time.perf_counter()
                status, _ = servers.post_consultation(PORT, data, cookie)
                posts.append((time.perf_counter() - started) * 1000)
                check(status == 303, f"mail hanging: POST answered {status}")
            time.sleep(3)  # the worker tries, and times out
            tried = hanging.connections
        check(max(posts) < 2000, f"mail hanging: a POST took {max(posts):.0f} ms")
        print(
            f"  5 requests: POST p50 {statistics.median(posts):.0f} ms, max {max(posts):.0f} ms "
            f"(the worker tried the hanging server {tried} times)",
            flush=True,
        )
        # Every request stored so far (those of the cache outages too) is
        # owed its two emails.
        expected = 2 * int(servers.django_output(env, SUBMISSION_COUNT))
        with SMTPServer(port=smtp_port) as smtp:
            # The worker retries 30 s after a failure: wait for all of them.
            started = time.monotonic()
            done = wait_for(lambda: len(smtp.messages) >= expected, 90)
            took = time.monotonic() - started
            time.sleep(3)  # anything more would be a duplicate
            counts = emails_by_request(smtp)
        check(done, f"mail answering again: {len(smtp.messages)} of {expected} emails arrived")
        check(
            all(n == 1 for n in counts.values()) and len(counts) == expected,
            f"mail answering again: emails {dict(counts)}",
        )
        check(stored(env, marker) == Counter({f"{marker}-{n}": 1 for n in range(5)}), "stored")
        print(
            f"  mail server back: {len(smtp.messages)} of {expected} emails after {took:.0f} s, "
            f"duplicates: {sum(n - 1 for n in counts.values())}",
            flush=True,
        )
    finally:
        worker.stop()
        server.stop()


def database_drill(env, workdir, total=200, visitors=4, seconds=12):
    print(
        f"\nDatabase drill: {total} requests, {visitors} at a time, app connections "
        f"terminated every second for {seconds} s",
        flush=True,
    )
    smtp_port = free_port()
    drill_env = {**env, "EMAIL_PORT": smtp_port}
    with SMTPServer(port=smtp_port) as smtp:
        server = servers.Server(drill_env, PORT, workdir)
        worker = servers.Worker(drill_env, workdir)
        marker = f"drill-{uuid.uuid4().hex[:6]}"
        outcomes = Counter()
        confirmed, refused = set(), set()
        lock = threading.Lock()
        queue = list(range(total))
        stop = threading.Event()

        # Paced so that the requests last as long as the terminations.
        pause = seconds * visitors / total

        def visitor():
            while True:
                with lock:
                    if not queue:
                        return
                    n = queue.pop()
                began = time.monotonic()
                name = f"{marker}-{n}"
                try:
                    data, cookie = servers.consultation_form(PORT, name, f"d{n}@example.test")
                    status, _ = servers.post_consultation(PORT, data, cookie)
                except Exception as exc:  # noqa: BLE001 - counted, not raised
                    status = type(exc).__name__
                with lock:
                    outcomes[status] += 1
                    (confirmed if status == 303 else refused).add(name)
                time.sleep(max(0.0, pause - (time.monotonic() - began)))

        def terminator():
            end = time.monotonic() + seconds
            while time.monotonic() < end and not stop.is_set():
                servers.terminate_connections(DB_NAME)
                outcomes["terminations"] += 1
                time.sleep(1)

        try:
            killer = threading.Thread(target=terminator)
            threads = [threading.Thread(target=visitor) for _ in range(visitors)]
            killer.start()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            stop.set()
            killer.join()
            counts = stored(env, marker)
            expected_emails = 2 * len(counts)
            lost = sorted(confirmed - set(counts))
            duplicated = sorted(name for name, n in counts.items() if n > 1)
            stored_refused = sorted(set(counts) & refused)
            # Lost tasks are found by the sweep, every minute.
            waited = time.monotonic()
            wait_for(lambda: len(smtp.messages) >= expected_emails, 180)
            waited = time.monotonic() - waited
            time.sleep(3)
            emails = emails_by_request(smtp)
            if len(smtp.messages) < expected_emails:
                print(servers.django_output(env, UNSENT), flush=True)
        finally:
            worker.stop()
            server.stop()
    duplicate_emails = sum(n - 1 for n in emails.values())
    print(
        f"  answers: {dict(outcomes)}\n"
        f"  confirmed {len(confirmed)}, refused {len(refused)} (told to call or send again), "
        f"stored {len(counts)}; lost {len(lost)}, duplicated {len(duplicated)}, "
        f"refused but stored {len(stored_refused)}\n"
        f"  emails {len(smtp.messages)} of {expected_emails} ({waited:.0f} s after the drill), "
        f"duplicates {duplicate_emails}",
        flush=True,
    )
    check(not lost, f"drill: confirmed but not stored: {lost[:5]}")
    check(not duplicated, f"drill: stored twice: {duplicated[:5]}")
    check(outcomes.get(500, 0) == 0, "drill: a visitor got a 500")
    check(len(smtp.messages) == expected_emails, "drill: not every email was sent")
    check(duplicate_emails == 0, f"drill: {duplicate_emails} duplicate emails")


def database_unreachable(env, workdir):
    label = "Database unreachable"
    print(f"\n{label}", flush=True)
    server = servers.Server(env, PORT, workdir)  # the pages remember the chrome in Redis
    try:
        check(timed_get(PORT, "/")[0] == 200, f"{label}: / did not answer 200 before")
    finally:
        server.stop()
    dead = servers.database_url(DB_NAME, port=free_port())  # nothing listens there
    server = servers.Server({**env, "DATABASE_URL": dead}, PORT, workdir, (200, 503))
    try:
        for path, lang, words, home, crisis in [
            ("/blog/", "en", "Please try again in a moment", 'href="/"', "988"),
            ("/es/", "es", "Vuelva a intentarlo en un momento", 'href="/es/"', "en español"),
        ]:
            status, ms, _h, body = timed_get(PORT, path)
            text = body.decode()
            check(status == 503, f"{label}: {path} answered {status}")
            check(f'<html lang="{lang}">' in text, f"{label}: {path} not marked lang={lang}")
            check(words in text, f"{label}: {path} does not say {words!r}")
            check(home in text, f"{label}: {path} does not link its home page")
            check('href="tel:' in text, f"{label}: {path} shows no phone to call")
            check(crisis in text, f"{label}: {path} lacks its crisis line ({crisis!r})")
            print(f"  {path}: {status} in {ms:.0f} ms, lang={lang}, {words!r}", flush=True)
    finally:
        server.stop()


def main():
    print("Preparing a database with the demo content...", flush=True)
    env, workdir = servers.prepare(
        DB_NAME,
        REDIS_DB,
        PAGE_CACHE_LOCAL_MS=250,
        TASKS_BACKEND="database",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_TIMEOUT=2,
        DATABASE_CONN_MAX_AGE=60,
    )
    try:
        cache_outage(env, workdir, "Redis down", f"redis://127.0.0.1:{free_port()}/0")
        with HangingListener() as listener:
            cache_outage(env, workdir, "Redis hanging", f"redis://127.0.0.1:{listener.port}/0")
        hanging_mail(env, workdir)
        database_drill(env, workdir)
        database_unreachable(env, workdir)
    finally:
        servers.cleanup(workdir, DB_NAME)
    if failures:
        print(f"\nChaos: {len(failures)} failure(s)")
        sys.exit(1)
    print("\nChaos: OK")


if __name__ == "__main__":
    main()
