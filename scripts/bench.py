"""make bench: how fast each page type is served, cached and uncached, next
to a static file of the same size served by the same server in the same run.

Against production settings on loopback only: a PostgreSQL database and a
Redis database of its own with the demo content, gunicorn with 2 workers
(clinic_site/gunicorn.py). For each page type it prints the SQL queries and
median render time of an uncached request (measured in-process), then
requests per second and p50/p99 latency of the page uncached (a query
parameter the page cache does not accept forces a full render), cached, and
of a static file of the same size, and the ratio cached/static. Bounded:
--seconds per measurement (default 3) x 3 measurements x 8 page types.
No figure is hard-coded; nothing leaves 127.0.0.1.
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import servers  # noqa: E402

DB_NAME = "bench_speed"
REDIS_DB = 13
PORT = 18731


def load(port, path, seconds, concurrency, headers=None):
    """(requests per second, p50 ms, p99 ms, errors) of GET path for `seconds`."""
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    print("Preparing a database with the demo content...", flush=True)
    env, workdir = servers.prepare(DB_NAME, REDIS_DB, PAGE_CACHE_LOCAL_MS=250)
    try:
        out = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, os.path.join(os.path.dirname(__file__), "bench_inprocess.py")],
            cwd=servers.ROOT,
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        pages = json.loads(out)
        for page in pages:
            page["static"] = static_file_like(workdir, page["type"], page["size"])
        server = servers.Server(env, PORT, workdir)
        try:
            rows = []
            for page in pages:
                url = page["url"]
                sep = "&" if "?" in url else "?"
                servers.request(PORT, url)  # store it in the page cache
                uncached = load(PORT, f"{url}{sep}bench=1", args.seconds, args.concurrency)
                cached = load(PORT, url, args.seconds, args.concurrency)
                static = load(PORT, page["static"], args.seconds, args.concurrency)
                rows.append((page, uncached, cached, static))
                print(f"  measured {page['type']}", flush=True)
        finally:
            server.stop()
    finally:
        servers.cleanup(workdir, DB_NAME)

    print()
    print(
        f"gunicorn 2 workers (gthread), production settings, Redis cache, loopback; "
        f"{args.concurrency} client threads, {args.seconds:g} s per measurement"
    )
    head = (
        f"{'page type':<18}{'bytes':>7}{'SQL':>5}{'render':>8} | "
        f"{'uncached rps':>12}{'p50':>7}{'p99':>7} | {'cached rps':>10}{'p50':>7}{'p99':>7} | "
        f"{'static rps':>10}{'p50':>7}{'p99':>7} | {'cached/static':>13}"
    )
    print(head)
    print("-" * len(head))
    errors = 0
    for page, unc, cac, sta in rows:
        errors += unc[3] + cac[3] + sta[3]
        ratio = cac[0] / sta[0] if sta[0] else 0
        print(
            f"{page['type']:<18}{page['size']:>7}{page['queries']:>5}{page['render_ms']:>6.1f}ms | "
            f"{unc[0]:>12.0f}{unc[1]:>7.1f}{unc[2]:>7.1f} | {cac[0]:>10.0f}{cac[1]:>7.1f}"
            f"{cac[2]:>7.1f} | {sta[0]:>10.0f}{sta[1]:>7.1f}{sta[2]:>7.1f} | {ratio:>12.0%}"
        )
    print("(latencies in ms; render = median in-process render time of an uncached request)")
    if errors:
        print(f"{errors} requests failed")
        sys.exit(1)


if __name__ == "__main__":
    main()
