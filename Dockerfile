# Production image: gunicorn serving the site, static files by WhiteNoise.
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=clinic_site.settings.production \
    PORT=8000

# postgresql-client: pg_dump/pg_restore for `make backup` run in the container.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 app

WORKDIR /app
COPY requirements/base.txt requirements/base.txt
RUN pip install --require-hashes -r requirements/base.txt

COPY --chown=app:app . .
# collectstatic needs settings but no secret and no database.
RUN SECRET_KEY=collectstatic-only-not-a-secret python manage.py collectstatic --noinput -v 0 \
    && mkdir -p /app/media && chown app:app /app/media

USER app
# gunicorn listens on the container's loopback unless GUNICORN_BIND says
# otherwise (docker-compose sets 0.0.0.0:8000 and publishes the port on the
# host's loopback only): never reachable by a client that could forge the
# proxy's X-Forwarded-For.
EXPOSE 8000
CMD ["gunicorn", "-c", "python:clinic_site.gunicorn", "clinic_site.wsgi"]
