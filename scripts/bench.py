"""make bench: how fast each page type is served, cached and uncached, next
to a static file of the same size served by the same server in the same run.

Against production settings on loopback only: a PostgreSQL database and a
Redis database of its own with the demo content, gunicorn with 2 workers
(clinic_site/gunicorn.py). For each page type it prints the SQL queries and
median render time of an uncached request (measured in-process), then
requests per second and p50/p99 latency of the page uncached (a query
parameter the page cache does not accept forces a full render), cached, and
of a static file of the same size through the app and from gunicorn +
WhiteNoise without Django (the bare static file), and the ratios
cached/bare (per round) and cached/static. The client is wrk when
installed (Debian's package), else Python threads. Each
figure is the median of --rounds rounds (default 3) in rotated order, so a
busy moment of a shared machine does not decide a ratio. Bounded:
--seconds (default 1.5) x 4-6 measurements x rounds x 8 page types.

--compare-port with --compare TYPE=PATH measures another site already
running on loopback (e.g. wagtail/bakerydemo, see README) in the same run:
the latency of one uncached request at a time and the uncached requests per
second, next to ours. No figure is hard-coded; nothing leaves 127.0.0.1.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import servers  # noqa: E402

# Another checkout benchmarking on the same machine at once chooses others.
DB_NAME = os.environ.get("BENCH_DB_NAME", "bench_speed")
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "13"))
PORT = int(os.environ.get("BENCH_PORT", "18731"))
BARE_PORT = PORT + 1  # gunicorn + WhiteNoise without Django


WRK = shutil.which("wrk")
LATENCY_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_load(port, path, seconds, concurrency):
    """load() measured by wrk (Debian's package: a C client that is not the
    bottleneck, one thread beside the servers' two cores)."""
    out = subprocess.run(  # noqa: S603 - wrk, loopback only, bounded by -d
        [
            WRK,
            "-t1",
            f"-c{concurrency}",
            f"-d{max(1, round(seconds))}s",  # whole seconds only
            "--timeout",
            "10s",
            "--latency",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    latency = {}
    for pct, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M):
        latency[pct] = float(value) * LATENCY_UNITS[unit]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors:.*?(\d+).*?(\d+).*?(\d+).*?(\d+)", out)
    failed = int(errors[1]) if errors else 0
    if socket_errors:
        failed += sum(int(n) for n in socket_errors.groups())
    return rps, latency.get("50", 0.0), latency.get("99", 0.0), failed


def load(port, path, seconds, concurrency, headers=None):
    """(requests per second, p50 ms, p99 ms, errors) of GET path for `seconds`:
    with wrk when installed (``apt-get install wrk``), else Python threads."""
    if WRK and not headers:
        return wrk_load(port, path, seconds, concurrency)
    latencies, errors = [], [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
            elapsed = (time.perf_counter() - start) * 1000
            if ok:
                mine.append(elapsed)
            else:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    if not latencies:
        return 0.0, 0.0, 0.0, errors[0]
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / elapsed, statistics.median(latencies), p99, errors[0]


def static_file_like(workdir, name, size):
    """A static file of `size` bytes (HTML-like text) under STATIC_ROOT."""
    folder = workdir / "static" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    line = b"<p>Static comparison file for the page benchmark, same size as the page.</p>\n"
    data = (line * (size // len(line) + 1))[:size]
    (folder / f"{name}.html").write_bytes(data)
    return f"/static/bench/{name}.html"


def median(values):
    return statistics.median(values) if values else 0.0


def measure_rounds(plan, rounds, seconds, concurrency):
    """Run each (name, port, path, clients) of ``plan`` for ``seconds``, ``rounds``
    times, in a rotated order each round (so that a busy moment of the machine
    does not always hit the same measurement); the median of the rounds."""
    results = {name: [] for name, *_ in plan}
    for r in range(rounds):
        shift = r % len(plan)
        for name, port, path, clients in plan[shift:] + plan[:shift]:
            results[name].append(load(port, path, seconds, clients or concurrency))
    merged = {"rounds": results}
    for name, runs in results.items():
        merged[name] = (
            median([run[0] for run in runs]),
            median([run[1] for run in runs]),
            median([run[2] for run in runs]),
            sum(run[3] for run in runs),
        )
    return merged


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--seconds", type=float, default=2, help="per measurement and round (wrk: whole seconds)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument(
        "--compare-port",
        type=int,
        help="another site already running on 127.0.0.1 (e.g. wagtail/bakerydemo), "
        "measured uncached in the same run",
    )
    parser.add_argument("--compare-name", default="comparison")
    parser.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="TYPE=PATH",
        help="the comparison site's page for one of our page types, e.g. ArticlePage=/blog/x/",
    )
    parser.add_argument(
        "--only",
        default="",
        metavar="TYPE,...",
        help="measure only these page types (e.g. ConsultationPage,StandardPage)",
    )
    args = parser.parse_args()
    compare = dict(item.split("=", 1) for item in args.compare) if args.compare_port else {}

    load_before = f"{os.getloadavg()[0]:.2f}"
    print("Preparing a database with the demo content...", flush=True)
    # Workers are not recycled during the run (production recycles them every
    # ~2,000 requests; a restart mid-measurement would only add noise).
    env, workdir = servers.prepare(
        DB_NAME, REDIS_DB, PAGE_CACHE_LOCAL_MS=250, GUNICORN_MAX_REQUESTS=0
    )
    try:
        out = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, os.path.join(os.path.dirname(__file__), "bench_inprocess.py")],
            cwd=servers.ROOT,
            # Its stdout is the JSON result: no access-log lines in it.
            env={**env, "ACCESS_LOG": "0"},
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        measured = json.loads(out)
        pages, middleware = measured["pages"], measured["middleware"]
        fast = measured.get("fast_hits")
        if args.only:
            only = set(args.only.split(","))
            unknown = only - {page["type"] for page in pages}
            if unknown:
                known = ", ".join(page["type"] for page in pages)
                raise SystemExit(f"--only: no page type {', '.join(sorted(unknown))} ({known})")
            pages = [page for page in pages if page["type"] in only]
        for page in pages:
            page["static"] = static_file_like(workdir, page["type"], page["size"])
        server = servers.Server(env, PORT, workdir)
        bare = servers.Server(
            env,
            BARE_PORT,
            workdir,
            app="bench_static_app:application",
            ready_path=pages[0]["static"],
            extra_args=("--pythonpath", os.path.dirname(os.path.abspath(__file__))),
        )
        try:
            rows = []
            for page in pages:
                url = page["url"]
                sep = "&" if "?" in url else "?"
                uncached_url = f"{url}{sep}bench=1"
                servers.request(PORT, url)  # store it in the page cache
                # The cached page and the bare static file one after the
                # other (in most rotations): their ratio per round is what a
                # shared machine's busy moments disturb least.
                plan = [
                    ("uncached", PORT, uncached_url, None),
                    ("single", PORT, uncached_url, 1),
                    ("static", PORT, page["static"], None),
                    ("cached", PORT, url, None),
                    ("bare", BARE_PORT, page["static"], None),
                ]
                other = compare.get(page["type"])
                if other:
                    status = servers.request(args.compare_port, other)[0]
                    if status != 200:
                        raise SystemExit(f"{args.compare_name} {other} answered {status}")
                    plan += [
                        ("other", args.compare_port, other, None),
                        ("other_single", args.compare_port, other, 1),
                    ]
                rows.append(
                    (page, measure_rounds(plan, args.rounds, args.seconds, args.concurrency))
                )
                print(f"  measured {page['type']}", flush=True)
        finally:
            server.stop()
            bare.stop()
    finally:
        servers.cleanup(workdir, DB_NAME)

    print()
    client = (
        f"wrk, 1 thread, {args.concurrency} connections"
        if WRK
        else (f"{args.concurrency} Python client threads (install wrk for a lighter client)")
    )
    print(
        f"gunicorn 2 workers (gthread), production settings, Redis cache, loopback; {client}; "
        f"median of {args.rounds} rounds of {args.seconds:g} s per measurement; "
        f"load average {load_before} before, {os.getloadavg()[0]:.2f} after"
    )
    head = (
        f"{'page type':<18}{'bytes':>7}{'SQL':>5}{'CPU':>8}{'render':>8}{'first':>8} | "
        f"{'uncached rps':>12}{'p50':>7} | {'cached rps':>10}{'p50':>7}{'p99':>7} | "
        f"{'static rps':>10} {'bare rps':>9}{'p50':>7} | {'cached/bare':>11} {'per round':<17}"
        f"{'cached/static':>13}"
    )
    print(head)
    print("-" * len(head))
    errors = 0
    for page, m in rows:
        unc, cac, sta, bar = m["uncached"], m["cached"], m["static"], m["bare"]
        errors += sum(run[3] for name, run in m.items() if name != "rounds")
        # Each round's cached and bare static figures were measured moments
        # apart: their ratio per round is what a busy machine disturbs least.
        per_round = [
            c[0] / b[0] if b[0] else 0.0
            for c, b in zip(m["rounds"]["cached"], m["rounds"]["bare"], strict=True)
        ]
        rounds_text = " ".join(f"{r:.2f}" for r in per_round)
        print(
            f"{page['type']:<18}{page['size']:>7}{page['queries']:>5}{page['cpu_ms']:>6.1f}ms"
            f"{page['render_ms']:>6.1f}ms{page['first_render_ms']:>6.1f}ms | "
            f"{unc[0]:>12.0f}{unc[1]:>7.1f} | {cac[0]:>10.0f}{cac[1]:>7.1f}{cac[2]:>7.1f} | "
            f"{sta[0]:>10.0f} {bar[0]:>9.0f}{bar[1]:>7.1f} | {median(per_round):>11.2f} "
            f"{rounds_text:<17}{(cac[0] / sta[0] if sta[0] else 0):>13.2f}"
        )
    print(
        "(latencies in ms; CPU = median in-process CPU time of a render the page cache does "
        "not serve, render = its wall time, first = the same with the fragment caches empty, "
        "as right after the page changed; static = a file of the page's size through the "
        "app's middleware, bare = the same file from gunicorn + WhiteNoise without Django; "
        "cached/bare = median of the per-round ratios, each round's listed)"
    )

    print()
    print(
        f"A cached hit of {middleware['url']} in process: {middleware['total_ms']:.3f} ms CPU "
        f"with every middleware, {middleware['page_cache_only_ms']:.3f} ms with the page cache "
        "alone; each middleware in front of it (the hit with it less the hit without it):"
    )
    for share in middleware["shares"]:
        print(f"  {share['middleware']:<50}{share['ms'] * 1000:>7.0f} us")
    if fast:
        print(
            "Hits answered before Django (pagecache.wsgi), CPU in process: "
            f"/ {fast['home_ms'] * 1000:.0f} us; the consultation form "
            f"{fast['form_ms'] * 1000:.0f} us for a new visitor "
            f"({fast['form_with_cookie_ms'] * 1000:.0f} us with the CSRF cookie), of which "
            f"Django's get_token {fast['csrf_new_ms'] * 1000:.0f} us "
            f"({fast['csrf_cookie_ms'] * 1000:.0f} us with the cookie)"
        )

    if compare:
        print()
        print(
            f"Uncached, side by side with {args.compare_name} (127.0.0.1:{args.compare_port}) "
            "in the same run: latency of one request at a time (p50), and requests per "
            f"second with {args.concurrency} clients"
        )
        head = (
            f"{'page type':<18}{'ours p50':>9}{'theirs p50':>11}{'ours/theirs':>12} | "
            f"{'ours rps':>9}{'theirs rps':>11}  {'their page'}"
        )
        print(head)
        print("-" * len(head))
        for page, m in rows:
            if "other" not in m:
                continue
            ours, theirs = m["single"], m["other_single"]
            share = ours[1] / theirs[1] if theirs[1] else 0
            print(
                f"{page['type']:<18}{ours[1]:>9.1f}{theirs[1]:>11.1f}{share:>12.0%} | "
                f"{m['uncached'][0]:>9.0f}{m['other'][0]:>11.0f}  {compare[page['type']]}"
            )
    if errors:
        print(f"{errors} requests failed")
        sys.exit(1)


if __name__ == "__main__":
    main()
