"""Static assets in production: hashed names, gzip and brotli, far-future caching.

Runs collectstatic with the production settings into a temporary STATIC_ROOT
(the project's own assets only: Wagtail's admin assets take half a minute and
go through the same storage), then serves a stylesheet through WhiteNoise with
those settings, in a separate process so this suite's settings stay untouched.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

OWN_ASSETS_ONLY = ["-i", "wagtail*", "-i", "table_block", "-i", "admin", "-i", "otp_totp"]

SERVE = """
import django, json, sys
django.setup()
from django.test import Client
response = Client().get(sys.argv[1], HTTP_HOST="localhost", HTTP_ACCEPT_ENCODING="br, gzip")
print(json.dumps({"status": response.status_code, "headers": dict(response.headers)}))
"""


@pytest.fixture(scope="module")
def production_static(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings.production",
        "SECRET_KEY": "collectstatic-test-only",
        "STATIC_ROOT": str(root),
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{root / 'unused.sqlite3'}",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v0", *OWN_ASSETS_ONLY],
        env=env,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return root, env


def test_collectstatic_writes_hashed_gzip_and_brotli_files(production_static):
    root, _env = production_static
    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert hashed != "css/site.css" and hashed.startswith("css/site.")
    for name in ["css/tokens.css", "css/site.css", "js/site.js"]:
        for suffix in ("", ".gz", ".br"):
            assert (root / (manifest[name] + suffix)).is_file(), manifest[name] + suffix
    assert (root / (hashed + ".br")).stat().st_size < (root / hashed).stat().st_size


def serve(env, path):
    """Status and (lower-cased) headers of `path` served by WhiteNoise in production."""
    result = subprocess.run(
        [sys.executable, "-c", SERVE, path],
        env=env,
        check=True,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    response = json.loads(result.stdout.strip().splitlines()[-1])
    return response["status"], {k.lower(): v for k, v in response["headers"].items()}


def test_whitenoise_serves_hashed_files_compressed_for_a_year(production_static):
    root, env = production_static
    hashed = json.loads((root / "staticfiles.json").read_text())["paths"]["css/site.css"]
    status, headers = serve(env, f"/static/{hashed}")
    assert status == 200
    assert headers["content-encoding"] == "br"
    cache_control = headers["cache-control"]
    max_age = int(cache_control.split("max-age=")[1].split(",")[0])
    assert max_age >= 365 * 24 * 3600 and "immutable" in cache_control


def test_the_font_is_hashed_cached_for_a_year_and_the_css_points_at_that_name(production_static):
    """The hashed tokens.css names the hashed font file, the one base.html preloads
    (through {% static %}), so a visitor downloads the face once and keeps it."""
    root, env = production_static
    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
    font = manifest["fonts/source-sans-3-latin-wght-normal.woff2"]
    assert font.startswith("fonts/source-sans-3-latin-wght-normal.") and font.endswith(".woff2")
    assert f"../{font}" in (root / manifest["css/tokens.css"]).read_text()
    status, headers = serve(env, f"/static/{font}")
    assert status == 200
    assert headers["content-type"] == "font/woff2"
    assert "content-encoding" not in headers  # WOFF2 is compressed already
    cache_control = headers["cache-control"]
    assert int(cache_control.split("max-age=")[1].split(",")[0]) >= 365 * 24 * 3600
