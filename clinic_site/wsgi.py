"""WSGI entry point (gunicorn clinic_site.wsgi).

Cached hits that Django answered for a request of the same shape are
answered before it, with the same headers (pagecache.wsgi); everything
else is Django's."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_site.settings.production")

django_application = get_wsgi_application()

from core.logging import log_fast_hit  # noqa: E402 - needs the settings loaded
from pagecache.wsgi import FastHits  # noqa: E402

application = FastHits(django_application, log_hit=log_fast_hit)
