"""The site's public address comes from SITE_URL: written into the default
Site on deploy (canonical links stop saying localhost), required by
`check --deploy`."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Site

from core.checks import site_url

pytestmark = pytest.mark.django_db


def ensure_site():
    out = io.StringIO()
    call_command("ensure_site", stdout=out)
    return out.getvalue()


def test_ensure_site_writes_the_address_and_pages_follow(client, demo_site, settings):
    assert (
        '<link rel="canonical" href="http://localhost/about/">'
        in client.get("/about/").content.decode()
    )
    settings.SITE_URL = "https://www.rainfall.example"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "www.rainfall.example"]
    assert "is now www.rainfall.example:443 (was localhost:80)" in ensure_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("www.rainfall.example", 443)
    assert "already is" in ensure_site()  # idempotent
    html = client.get("/about/", HTTP_HOST="www.rainfall.example").content.decode()
    assert '<link rel="canonical" href="https://www.rainfall.example/about/">' in html
    sitemap = client.get("/sitemap.xml", HTTP_HOST="www.rainfall.example").content.decode()
    assert "https://www.rainfall.example/about/" in sitemap and "localhost" not in sitemap

    settings.SITE_URL = "http://staging.rainfall.example:8080"
    ensure_site()
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("staging.rainfall.example", 8080)


def test_ensure_site_without_or_with_a_bad_address(site, settings):
    settings.SITE_URL = ""
    assert "left as it is" in ensure_site()
    settings.SITE_URL = "ftp://www.rainfall.example/path"
    with pytest.raises(CommandError):
        ensure_site()
    assert Site.objects.get(is_default_site=True).hostname == "localhost"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.rainfall.example", True),
        ("", False),
        ("http://localhost:8000", False),
        ("https://127.0.0.1", False),
        ("www.rainfall.example", False),
        ("https://www.rainfall.example/clinic/", False),
    ],
)
def test_check_deploy_requires_a_public_site_url(settings, url, ok):
    settings.SITE_URL = url
    errors = site_url(None)
    assert (errors == []) is ok
    if not ok:
        assert errors[0].id == "core.E001"
