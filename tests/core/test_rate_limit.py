"""The forms' rate limit holds: counted before storing, atomically, in
Redis and (while Redis is down) in PostgreSQL. Twenty simultaneous posts
from one address to real gunicorn with the production settings store at
most the limit, with Redis up and with Redis down; the others get the
over-limit answer with the clinic's phone number, none a 500."""

import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest

from core import rate_limit
from core.models import RateLimitHit

ATTEMPTS = 20
LIMIT = 5
# A Redis that is not there: nothing listens on port 1.
REDIS_DOWN = "redis://127.0.0.1:1/0"
DOWN_CACHES = {
    "default": {
        "BACKEND": "core.cache.FailFastCache",
        "LOCATION": REDIS_DOWN,
        "OPTIONS": {
            "BACKEND": "django_redis.cache.RedisCache",
            "RETRY_AFTER": 5,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        },
    }
}


# --- The limiter ------------------------------------------------------------------


@pytest.mark.django_db
def test_posts_over_the_limit_are_refused_and_not_counted(rf):
    rate = rate_limit.parse_rate("3/h")
    request = rf.post("/", REMOTE_ADDR="203.0.113.5")
    taken = [rate_limit.take(request, "test", rate) for _ in range(5)]
    assert [hit is not None for hit in taken] == [True, True, True, False, False]
    # A post that stored nothing gives its place back.
    taken[0].give_back()
    assert rate_limit.take(request, "test", rate) is not None
    assert rate_limit.take(request, "test", rate) is None
    # Another network is not affected; one IPv6 subscriber (/64) is one client.
    assert rate_limit.take(rf.post("/", REMOTE_ADDR="203.0.113.6"), "test", rate) is not None
    six = [f"2001:db8:1:2::{n}" for n in range(1, 5)]
    ipv6 = [rate_limit.take(rf.post("/", REMOTE_ADDR=a), "test", rate) for a in six]
    assert [hit is not None for hit in ipv6] == [True, True, True, False]
    # Stored as a keyed hash, never the address.
    assert not RateLimitHit.objects.filter(client__contains="203.0.113").exists()


@pytest.mark.django_db
def test_with_the_cache_down_postgresql_counts(rf, settings):
    rate = rate_limit.parse_rate("3/h")
    request = rf.post("/", REMOTE_ADDR="203.0.113.7")
    # Two accepted while Redis answered...
    assert rate_limit.take(request, "test", rate) is not None
    assert rate_limit.take(request, "test", rate) is not None
    settings.CACHES = DOWN_CACHES
    # ...count when it is gone: one more, then none.
    assert rate_limit.take(request, "test", rate) is not None
    assert rate_limit.take(request, "test", rate) is None
    assert RateLimitHit.objects.filter(scope="test").count() == 3
    assert rate_limit.take(rf.post("/", REMOTE_ADDR="203.0.113.8"), "test", rate) is not None


@pytest.mark.django_db
def test_rows_older_than_a_day_are_forgotten(rf):
    import datetime

    from django.utils import timezone

    rate = rate_limit.parse_rate("3/h")
    rate_limit.take(rf.post("/", REMOTE_ADDR="203.0.113.9"), "test", rate)
    RateLimitHit.objects.create(
        scope="test", client="x", created_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert rate_limit.prune_hits() == 1
    assert RateLimitHit.objects.count() == 1


# --- Twenty at once against gunicorn ----------------------------------------------------


def prepared_consultations(server, count, marker):
    from tests.production_server import scripts_servers

    return [scripts_servers.consultation_form(server.port, f"{marker}-{n}") for n in range(count)]


def post_consultation(server, form, forwarded_for):
    data, cookie = form
    status, _headers, body = server.request(
        "POST",
        "/request-a-consultation/",
        urlencode(data),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "X-Forwarded-For": forwarded_for,
        },
    )
    return status, body.decode()


STORED = """
from forms_app.models import ConsultationSubmission as S
print(sum(1 for s in S.objects.all() if any("{marker}-" in str(v) for v in s.form_data.values())))
"""


@pytest.mark.xdist_group("production_site")
@pytest.mark.parametrize("redis", ["up", "down"])
def test_twenty_simultaneous_consultation_posts_store_at_most_the_limit(production_site, redis):
    extra = {"CONSULTATION_RATE_LIMIT": f"{LIMIT}/h"}
    if redis == "down":
        extra["REDIS_URL"] = REDIS_DOWN
    elif not production_site.has_redis:
        pytest.skip("no Redis answers on this machine")
    server = production_site.start(
        CACHE_KEY_PREFIX=f"rate-{uuid.uuid4().hex[:8]}", WEB_CONCURRENCY="2", **extra
    )
    try:
        marker = f"rate{redis}{uuid.uuid4().hex[:6]}"
        forms = prepared_consultations(server, ATTEMPTS, marker)
        address = f"203.0.113.{30 if redis == 'up' else 31}"
        with ThreadPoolExecutor(ATTEMPTS) as pool:
            results = list(pool.map(lambda form: post_consultation(server, form, address), forms))
    finally:
        server.stop()
    statuses = sorted(status for status, _body in results)
    assert statuses == [303] * LIMIT + [429] * (ATTEMPTS - LIMIT), statuses
    for status, body in results:
        if status == 429:
            assert "Too many requests came from your connection" in body
            assert re.search(r'call us at <a href="tel:\+\d+">', body)
    assert server.django(STORED.format(marker=marker)).strip() == str(LIMIT)


FIND_TIMES = """
from booking.models import AppointmentType
print(AppointmentType.objects.filter(
    active=True, locale__language_code="en", mode="phone", clinic__slug="portland"
).order_by("pk").values_list("pk", flat=True).first())
"""

BOOKED = """
from booking.models import Booking
print(Booking.objects.filter(name__startswith="{marker} ").count())
"""


@pytest.mark.xdist_group("production_site")
@pytest.mark.parametrize("redis", ["up", "down"])
def test_twenty_simultaneous_bookings_store_at_most_the_limit(production_site, redis):
    from tests.production_server import cookies

    extra = {"BOOKING_RATE_LIMIT": f"{LIMIT}/h"}
    if redis == "down":
        extra["REDIS_URL"] = REDIS_DOWN
    elif not production_site.has_redis:
        pytest.skip("no Redis answers on this machine")
    server = production_site.start(
        CACHE_KEY_PREFIX=f"rate-{uuid.uuid4().hex[:8]}", WEB_CONCURRENCY="2", **extra
    )
    try:
        kind = server.django(FIND_TIMES).strip()
        status, headers, html = server.get(f"/book/?type={kind}")
        assert status == 200
        html = html.decode()
        # A day with enough free times, the latest listed first: an early
        # day may have few left (the other run's bookings), and its first
        # times may pass the minimum notice while the posts are sent (then
        # they are refused as no longer free, not by the limit).
        days = re.findall(r'href="\?type=\d+&amp;day=([0-9-]+)"', html)
        for other in reversed(days):
            status, headers, html = server.get(f"/book/?type={kind}&day={other}")
            html = html.decode()
            if len(re.findall(r'name="time" value=', html)) > LIMIT:
                break
        cookie = "; ".join(f"{k}={m.value}" for k, m in cookies(headers).items())
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        times = re.findall(r'name="time" value="([^"]+)"', html)
        day = re.search(r'name="day" value="([^"]+)"', html)[1]
        assert len(times) >= LIMIT + 1
        marker = f"Rate{redis}{uuid.uuid4().hex[:6]}"
        address = f"203.0.113.{40 if redis == 'up' else 41}"

        def attempt(number):
            body = {
                "csrfmiddlewaretoken": token,
                "type": kind,
                "day": day,
                # Different free times: only the limit stops them.
                "time": times[number % len(times)],
                "name": f"{marker} {number}",
                "email": f"rate{number}@example.test",
                "phone": "",
                "contact_language": "en",
                "consent": "on",
                "hp_website": "",
            }
            status, _headers, page = server.request(
                "POST",
                "/book/",
                urlencode(body),
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie,
                    "Referer": "http://127.0.0.1/book/",
                    "X-Forwarded-For": address,
                },
            )
            return number, status, page.decode()

        with ThreadPoolExecutor(ATTEMPTS) as pool:
            results = list(pool.map(attempt, range(ATTEMPTS)))
        booked = int(server.django(BOOKED.format(marker=marker)).strip())
    finally:
        server.stop()
    statuses = [status for _number, status, _page in results]
    assert 500 not in statuses and set(statuses) <= {303, 409, 429}, statuses
    # Posts may share a time (twenty posts, fewer free times): all but one
    # are told it was just taken, and give their place under the limit
    # back. Never more than the limit are booked; every other post is
    # refused by the limit or was just too late for its time.
    assert 1 <= booked == statuses.count(303) <= LIMIT
    assert statuses.count(429) >= ATTEMPTS - LIMIT - statuses.count(409)
    assert statuses.count(429) >= 1
    for number, status, page in results:
        if status == 429:
            assert "Too many bookings came from your connection" in page
            assert re.search(r'call us at <a href="tel:\+\d+">', page)
            assert f'value="{marker} {number}"' in page  # what they typed is still there
