"""make bench-booking: what free times cost, and the booking page's cached hits.

Against production settings on loopback only, with the demo content (two
clinics and their appointment types) in a database and a Redis database of
its own:

1. In process: the free times of every active appointment type over its
   whole booking window (4 weeks in the demo), as the booking page computes
   them for a day's page (``Availability(kind).days()``): median and p90 ms
   over --renders computations and the SQL queries, first with the demo's
   bookings, then with 500 more bookings spread over the window. The query
   count must not grow with the bookings (exit 1 when it does).
2. Through gunicorn (2 workers): requests per second of the first step
   (/book/, a plain cached page) and of a day's page (cached, its times made
   again for every request: booking.views.fresh_day) beside a static file of
   the same size, in rotated rounds.

Bounded: a few seconds per measurement; nothing leaves 127.0.0.1.
"""

import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
import bench  # noqa: E402
import servers  # noqa: E402

DB_NAME = "bench_booking"
REDIS_DB = 12
PORT = 18733

IN_PROCESS = r"""
import datetime, json, statistics, sys, time
import django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from booking.availability import Availability
from booking.models import AppointmentType, Booking

renders = int(sys.argv[1])
kinds = list(AppointmentType.objects.filter(active=True, clinic__live=True,
    locale__language_code="en").select_related("clinic").order_by("clinic__path", "pk"))

def measure(label):
    rows = []
    for kind in kinds:
        with CaptureQueriesContext(connection) as ctx:
            days = Availability(kind).days()
        queries = len(ctx.captured_queries)
        times = []
        for _ in range(renders):
            start = time.perf_counter()
            Availability(kind).days()
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        rows.append({"bookings": label, "type": kind.name, "clinic": kind.clinic.title,
            "days": len(days), "slots": sum(len(s) for s in days.values()),
            "queries": queries, "median_ms": statistics.median(times),
            "p90_ms": times[int(len(times) * 0.9) - 1]})
    return rows

result = {"before": measure("demo"), "total_before": Booking.objects.count()}
# 500 more bookings (the staff's time ranges may not overlap: spread them).
made = 0
for kind in kinds:
    member = kind.staff.first()
    if member is None:
        continue
    start = datetime.datetime.now(datetime.timezone.utc).replace(minute=0, second=0,
        microsecond=0) + datetime.timedelta(days=2)
    step = datetime.timedelta(minutes=kind.duration_minutes + 60)
    for index in range(500 // len(kinds) + 1):
        begin = start + step * index
        end = begin + datetime.timedelta(minutes=kind.duration_minutes)
        Booking.objects.create(appointment_type=kind, staff=member, clinic=kind.clinic,
            start=begin, end=end, busy_start=begin, busy_end=end, name="Bench",
            email="bench@example.test", contact_language="en", language="en",
            consent_text="bench", consent_at=begin)
        made += 1
result["added"] = made
result["after"] = measure("demo + %d" % made)
first = kinds[0]
days = sorted(Availability(first).days())
result["day_url"] = "/book/?type=%d&day=%s" % (first.pk, days[0].isoformat()) if days else ""
# The free times as a cached page's hit reads them (booking.cached_times).
from booking.cached_times import free_days
cached = []
for kind in kinds:
    free_days(kind)
    times = []
    for _ in range(renders):
        start = time.perf_counter()
        free_days(kind)
        times.append((time.perf_counter() - start) * 1000)
    cached.append(statistics.median(times))
result["cached_ms"] = cached
# The pages' sizes, for static files of the same size.
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
result["sizes"] = [len(client.get(url).content) for url in ("/book/", result["day_url"])]
print(json.dumps(result))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--renders", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=1.5, help="per measurement and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    print("Preparing a database with the demo content...", flush=True)
    env, workdir = servers.prepare(
        DB_NAME, REDIS_DB, PAGE_CACHE_LOCAL_MS=250, GUNICORN_MAX_REQUESTS=0
    )
    try:
        out = subprocess.run(  # noqa: S603 - our own interpreter, inline code
            [sys.executable, "-c", IN_PROCESS, str(args.renders)],
            cwd=servers.ROOT,
            env={**env, "ACCESS_LOG": "0"},
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        result = json.loads(out)
        plan_pages = [
            ("/book/", "first step", result["sizes"][0]),
            (result["day_url"], "a day's page", result["sizes"][1]),
        ]
        statics = [
            bench.static_file_like(workdir, f"booking-{index}", size)
            for index, (_url, _label, size) in enumerate(plan_pages)
        ]
        server = servers.Server(env, PORT, workdir)
        try:
            rows = []
            for (url, label, _size), static in zip(plan_pages, statics, strict=True):
                status = servers.request(PORT, url)[0]  # stored in the page cache
                if status != 200:
                    server.log.flush()
                    log = (workdir / f"gunicorn-{PORT}.log").read_text()[-4000:]
                    raise SystemExit(f"{url} answered {status}; the server's log ends:\n{log}")
                plan = [("cached", PORT, url, None), ("static", PORT, static, None)]
                measured = bench.measure_rounds(plan, args.rounds, args.seconds, args.concurrency)
                rows.append((url, label, measured))
        finally:
            server.stop()
    finally:
        servers.cleanup(workdir, DB_NAME)

    print()
    print(
        f"Free times over each type's booking window, computed in process (production "
        f"settings, PostgreSQL), median of {args.renders}; the demo had "
        f"{result['total_before']} bookings, then {result['added']} more:"
    )
    head = (
        f"{'bookings':<16}{'clinic':<12}{'type':<40}{'days':>5}{'slots':>6}{'SQL':>5}"
        f"{'median':>9}{'p90':>8}"
    )
    print(head)
    print("-" * len(head))
    grew = False
    for before, after in zip(result["before"], result["after"], strict=True):
        grew |= after["queries"] != before["queries"]
        for row in (before, after):
            print(
                f"{row['bookings']:<16}{row['clinic'][:11]:<12}{row['type'][:39]:<40}"
                f"{row['days']:>5}{row['slots']:>6}{row['queries']:>5}"
                f"{row['median_ms']:>7.2f}ms{row['p90_ms']:>6.2f}ms"
            )
    print(
        "Read from their cache, as a cached day's page does between two changes: "
        + ", ".join(f"{ms:.2f} ms" for ms in result["cached_ms"])
        + " (median, per type above)"
    )
    print()
    print(
        f"Through gunicorn (2 workers, Redis page cache), {args.concurrency} client threads, "
        f"median of {args.rounds} rounds of {args.seconds:g} s:"
    )
    head = (
        f"{'page':<16}{'cached rps':>11}{'p50':>7}{'p99':>7} | {'static rps':>10} | "
        f"{'ratio':>6}  url"
    )
    print(head)
    print("-" * len(head))
    errors = 0
    for url, label, m in rows:
        cac, sta = m["cached"], m["static"]
        errors += cac[3] + sta[3]
        ratio = cac[0] / sta[0] if sta[0] else 0
        print(
            f"{label:<16}{cac[0]:>11.0f}{cac[1]:>7.1f}{cac[2]:>7.1f} | {sta[0]:>10.0f} | "
            f"{ratio:>6.0%}  {url}"
        )
    if grew:
        print("The queries of the free times grew with the bookings.")
    if errors:
        print(f"{errors} requests failed")
    if grew or errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
