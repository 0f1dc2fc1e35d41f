"""Structured logs: one JSON object per line on stdout (production), and
the access log (AccessLogMiddleware).

Log lines carry the logger, level, message and, for errors, the exception's
type and traceback; never the request itself. The project's own code logs
identifiers (a request's number, an error class), never submitted values;
tests/core/test_hardening.py checks that a submission's values never reach
a log line, also when sending the email fails.
"""

import json
import logging
import math
from datetime import UTC, datetime

# (whole second, its "YYYY-MM-DDTHH:MM:SS" in UTC): a log line per request
# formats its second once, not a datetime per line.
_second = (None, "")


def iso_time(created):
    """``created`` (a timestamp) as datetime.fromtimestamp(created, UTC)
    .isoformat(timespec="milliseconds") writes it, for less work."""
    global _second
    frac, whole = math.modf(created)
    micro = round(frac * 1e6)  # as datetime rounds a timestamp
    whole = int(whole)
    if micro >= 1_000_000:
        whole, micro = whole + 1, micro - 1_000_000
    elif micro < 0:
        whole, micro = whole - 1, micro + 1_000_000
    second, text = _second
    if second != whole:
        text = datetime.fromtimestamp(whole, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        _second = (whole, text)
    return f"{text}.{micro // 1000:03d}+00:00"


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": iso_time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def escape_control(text):
    """``text`` with every control character (newline, NUL, escape...) written
    as a visible escape: a visitor's text can never start a log line of its
    own or hide the rest of one."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


class PlainFormatter(logging.Formatter):
    """Plain text lines (development, tests): the message's control
    characters escaped; a traceback still spans its own lines."""

    def formatMessage(self, record):  # noqa: N802 - logging's name
        record.message = escape_control(record.message)
        return super().formatMessage(record)


class DowngradeToWarning(logging.Filter):
    """For what a scanner causes every minute (a Host header naming another
    site, a path climbing out of the media folder: Django's
    django.security.* loggers, each for a 400 answered to the client):
    WARNING without a traceback, so that alerts on ERROR stay for what needs
    a person."""

    def __init__(self, prefixes=("django.security.",)):
        super().__init__()
        self.prefixes = tuple(prefixes)

    def filter(self, record):
        if not record.name.startswith(self.prefixes):
            return True
        if record.levelno > logging.WARNING:
            record.levelno = logging.WARNING
            record.levelname = logging.getLevelName(logging.WARNING)
        record.exc_info = None
        record.exc_text = None
        return True


# --- Access log --------------------------------------------------------------------

access_logger = logging.getLogger("core.access")

# Path prefixes whose requests are logged without the client's address:
# functions returning prefixes, registered by the apps that own such pages
# (forms_app: the consultation pages and their thank-you pages).
_private_path_sources = []
_private_paths = {"until": 0.0, "prefixes": None}
PRIVATE_PATHS_SECONDS = 5


def register_private_paths(source):
    """``source()`` -> path prefixes logged without the client's address."""
    _private_path_sources.append(source)


def private_prefixes():
    """The registered prefixes, read at most every few seconds; None when
    they cannot be known (then no address is logged at all)."""
    import time

    now = time.monotonic()
    if now >= _private_paths["until"]:
        prefixes = []
        try:
            for source in _private_path_sources:
                found = source()
                if found is None:
                    prefixes = None
                    break
                prefixes.extend(found)
        except Exception:  # logging must never break a request
            prefixes = None
        _private_paths.update(until=now + PRIVATE_PATHS_SECONDS, prefixes=prefixes)
    return _private_paths["prefixes"]


def client_for_log(request):
    """The client's address, or "-" on a health-service page: an address next
    to "POST /request-a-consultation/" identifies a patient (HIPAA)."""
    from core.proxies import client_ip

    prefixes = private_prefixes()
    if prefixes is None or any(request.path.startswith(p) for p in prefixes):
        return "-"
    return client_ip(request) or "-"


class AccessLogMiddleware:
    """One line per request on the "core.access" logger (JSON in production,
    with its time): client (or "-"), method, path without the query string
    (search terms and prefilled values stay out), protocol, status, bytes,
    duration and user agent, every part with its control characters escaped.
    gunicorn's own access log is off (clinic_site/gunicorn.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        started = time.perf_counter()
        response = self.get_response(request)
        if access_logger.isEnabledFor(logging.INFO):
            try:
                self.log(request, response, (time.perf_counter() - started) * 1000)
            except Exception:  # logging must never break a request
                access_logger.exception("Could not write an access log line")
        return response

    def log(self, request, response, milliseconds):
        # The header when it is set (a cached hit's): not a copy of the body.
        size = response.get("Content-Length")
        if size is None:
            size = "-" if response.streaming else len(response.content)
        write_access_line(request, request.method, response.status_code, size, milliseconds)


def write_access_line(request, method, status, size, milliseconds):
    agent = request.META.get("HTTP_USER_AGENT", "")[:200].replace('"', "'")
    access_logger.info(
        '%s "%s %s %s" %s %s %dms "%s"',
        escape_control(client_for_log(request)),
        escape_control(method[:16]),
        escape_control(request.path).replace('"', "%22"),
        escape_control(request.META.get("SERVER_PROTOCOL", "-")),
        status,
        size,
        milliseconds,
        escape_control(agent),
        extra={"status_code": status},
    )


class EnvironRequest:
    """What the access log reads of a request (its address headers and
    path), from a WSGI environ: for the cached hits answered before Django
    (pagecache.wsgi), whose paths are plain ASCII."""

    __slots__ = ("META", "path")

    def __init__(self, environ):
        self.META = environ
        self.path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")


def log_fast_hit(environ, status, size, milliseconds):
    """The access log line of a hit answered before Django, as
    AccessLogMiddleware writes it."""
    if access_logger.isEnabledFor(logging.INFO):
        request = EnvironRequest(environ)
        write_access_line(request, environ.get("REQUEST_METHOD", "-"), status, size, milliseconds)
