"""gunicorn settings: `gunicorn -c python:clinic_site.gunicorn clinic_site.wsgi`.

Every value can be changed with an environment variable.
"""

import multiprocessing
import os

# Loopback unless told otherwise: the TLS reverse proxy on this host is the
# only client. Reachable from elsewhere, anyone could send the app forged
# X-Forwarded-* headers. docker-compose sets GUNICORN_BIND=0.0.0.0:8000
# (inside the container, reached only through its published loopback port).
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2 + 1, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never take a server down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Request size limits (the reverse proxy enforces body size).
limit_request_line = 4094
limit_request_fields = 100
# Trust X-Forwarded-* only from the reverse proxy in front: the same
# addresses the app trusts (TRUSTED_PROXIES, core.proxies.client_ip).
forwarded_allow_ips = os.environ.get(
    "FORWARDED_ALLOW_IPS", os.environ.get("TRUSTED_PROXIES", "") or "127.0.0.1,::1"
)
# No gunicorn access log: the app writes it (core.logging.AccessLogMiddleware),
# as JSON with the time, control characters escaped (a %0a in a path cannot
# forge a line), the client behind the proxy, and no address next to a
# consultation request. gunicorn's error log stays on stdout.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
