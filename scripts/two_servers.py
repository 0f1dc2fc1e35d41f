"""Two app servers, one PostgreSQL, one Redis: nothing lives in one server.

Starts two gunicorn processes (production settings) on two loopback ports
sharing a database and a Redis database of their own, then checks that:
- a page cached by both servers, published anew (by a separate process of
  the deployment, as the admin's publish button does: production requires
  two-factor logins, which a script cannot do), reads fresh from both
  servers within one second: the purge travels only through Redis;
- consultation requests sent to each server are each stored exactly once.
Run by `make test-servers` (and so by .ci/run). Exit status 0 when all pass.
"""

import os
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(__file__))
import servers  # noqa: E402

DB_NAME = "check_two_servers"
REDIS_DB = 12
PORTS = (18741, 18742)


def django(env, code):
    return servers.django_output(env, code)


def main():
    print("Preparing one database and one Redis for two app servers...", flush=True)
    env, workdir = servers.prepare(DB_NAME, REDIS_DB, PAGE_CACHE_LOCAL_MS=250)
    failures = []
    started = []
    try:
        started = [servers.Server(env, port, workdir) for port in PORTS]
        a, b = PORTS
        # Both servers have the about page cached.
        for port in PORTS:
            for _ in range(2):
                status, headers, _ = servers.request(port, "/about/")
                assert status == 200
        if servers.request(b, "/about/")[1].get("x-cache") != "HIT":
            failures.append("server B does not serve /about/ from the shared cache")

        # Publish a change (a new page title) from another process.
        label = f"About us {uuid.uuid4().hex[:8]}"
        changed_at = publish_through_django(env, label)
        deadline = changed_at + 1.0
        fresh_at = None
        while time.monotonic() < deadline + 0.5:
            status, headers, content = servers.request(b, "/about/")
            if label.encode() in content:
                fresh_at = time.monotonic()
                break
            time.sleep(0.05)
        if fresh_at is None or fresh_at > deadline:
            failures.append("server B did not show the published change within 1 s")
        else:
            print(f"  published change read fresh from B after {fresh_at - changed_at:.2f} s")
        if label.encode() not in servers.request(a, "/about/")[2]:
            failures.append("server A still shows the old page")

        # Consultation requests to each server, each stored once.
        markers = []
        for port in PORTS:
            marker = f"two-servers-{port}-{uuid.uuid4().hex[:6]}"
            send_consultation(port, marker)
            markers.append(marker)
        counts = django(
            env,
            "from forms_app.models import ConsultationSubmission as S\n"
            f"print(*[S.objects.filter(form_data__icontains=m).count() for m in {markers!r}])",
        ).split()
        if counts != ["1", "1"]:
            failures.append(f"consultation requests stored {counts} times, expected once each")
        else:
            print("  one consultation request through each server: each stored once")
    finally:
        for server in started:
            server.stop()
        servers.cleanup(workdir, DB_NAME)
    for failure in failures:
        print("FAIL:", failure)
    if failures:
        sys.exit(1)
    print("Two app servers: OK")


def publish_through_django(env, title):
    """Publish a new title of the about page from another process of the same
    deployment (the admin's publish action: save_revision().publish()), so the
    purge travels only through the shared Redis."""
    django(
        env,
        "from home.models import StandardPage\n"
        "page = StandardPage.objects.get(slug='about')\n"
        f"page.title = {title!r}\n"
        "page.save_revision().publish()\n",
    )
    return time.monotonic()


def send_consultation(port, marker):
    status, body = servers.send_consultation(port, marker)
    assert status == 303, f"consultation POST to {port} answered {status}: {body[:300]}"


if __name__ == "__main__":
    main()
