"""Part of make bench, run inside the Django project with the bench's
settings: per page type, the SQL queries and median render time (wall and
CPU) of an
uncached request (its fragments cached, as after a change elsewhere), the
same for a first render (no fragments, as after a change to the page
itself), and the page's size.
Prints JSON on stdout."""

import json
import statistics
import sys
import time

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Page  # noqa: E402

RENDERS = int(sys.argv[1]) if len(sys.argv) > 1 else 25


def page_urls():
    by_type = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        name = type(page).__name__
        if name not in by_type:
            by_type[name] = page.url
            if name == "BlogIndexPage":
                topic = page.specific.topics_in_use().first()
                if topic:
                    by_type["BlogTopicPage"] = page.url + f"topic/{topic.slug}/"
    return by_type


def main():
    results = []
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(PAGE_CACHE_ENABLED=False):
        for name, url in page_urls().items():
            client.get(url)  # warm per-process caches (renditions, site root paths)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            # Read now: the next request's request_started signal clears the log.
            queries = len(ctx.captured_queries)
            times, cpu = [], []
            for _ in range(RENDERS):
                start, start_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                cpu.append((time.process_time() - start_cpu) * 1000)
                times.append((time.perf_counter() - start) * 1000)
            first = []
            with override_settings(PAGE_FRAGMENT_CACHE_ENABLED=False):
                for _ in range(RENDERS):
                    start = time.perf_counter()
                    client.get(url)
                    first.append((time.perf_counter() - start) * 1000)
            results.append(
                {
                    "type": name,
                    "url": url,
                    "queries": queries,
                    "render_ms": statistics.median(times),
                    "cpu_ms": statistics.median(cpu),
                    "first_render_ms": statistics.median(first),
                    "size": len(response.content),
                }
            )
    json.dump(results, sys.stdout)


main()
