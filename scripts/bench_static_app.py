"""make bench's bare static file: gunicorn + WhiteNoise serving STATIC_ROOT
under /static/, without Django (what a cached page is compared with)."""

import os

from whitenoise import WhiteNoise


def not_found(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"Not found"]


application = WhiteNoise(not_found, root=os.environ["STATIC_ROOT"], prefix="static/")
