import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from home.models import NavigationSettings, SiteSettings

ROOT = Path(__file__).resolve().parents[2]


def _snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "latest_revision_id", "live")),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "settings": list(SiteSettings.objects.values()),
        "nav": list(NavigationSettings.objects.values("header_links", "footer_links")),
    }


@pytest.mark.django_db
def test_demo_content_is_idempotent(demo_site):
    before = _snapshot()
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert _snapshot() == before


@pytest.mark.django_db
def test_demo_content_builds_the_clinic_site(client, demo_site):
    settings = SiteSettings.for_site(demo_site)
    assert settings.clinic_name == "Rainfall Medicine"
    assert settings.phone.startswith("(503) 555-01")
    assert "988" in settings.crisis_notice
    for url in ["/", "/about/", "/privacy/"]:
        assert client.get(url).status_code == 200, url
    # The header shows the clinic's name and its number as a link to call.
    header = BeautifulSoup(client.get("/").content, "html.parser").select_one("header")
    assert "Rainfall Medicine" in header.get_text()
    digits = "".join(c for c in settings.phone if c.isdigit())
    assert header.select_one(f'a[href="tel:+1{digits}"]') is not None


@pytest.mark.django_db
def test_demo_content_keeps_editor_changes(demo_site):
    settings = SiteSettings.for_site(demo_site)
    settings.phone = "(503) 555-0111"
    settings.save()
    about = Page.objects.get(url_path="/home/about/").specific
    about.title = "Who we are"
    about.save_revision().publish()
    call_command("load_demo_content", stdout=StringIO())
    assert SiteSettings.for_site(demo_site).phone == "(503) 555-0111"
    assert Page.objects.get(url_path="/home/about/").title == "Who we are"


@pytest.mark.django_db
def test_ensure_admin_creates_once_and_prints_password(monkeypatch):
    monkeypatch.delenv("ADMIN_USERNAME", raising=False)
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    text = out.getvalue()
    password = text.split("password: ")[1].split()[0]
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    assert "already exists" in out.getvalue()
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_ensure_admin_takes_credentials_from_env(monkeypatch):
    monkeypatch.setenv("ADMIN_USERNAME", "clinicadmin")
    monkeypatch.setenv("ADMIN_PASSWORD", "a-long-local-password")
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    assert "a-long-local-password" not in out.getvalue()
    assert (
        get_user_model().objects.get(username="clinicadmin").check_password("a-long-local-password")
    )


def _manage(args, env, cwd=ROOT):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_make_run_path_on_a_fresh_sqlite_file(tmp_path):
    """What `make run` does: migrate + demo content + admin on an empty SQLite file."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "ADMIN_PASSWORD": "local-only-password",
    }
    for args in (["migrate", "--no-input", "-v", "0"], ["load_demo_content"]):
        result = _manage(args, env)
        assert result.returncode == 0, result.stderr
    assert "created home page" in result.stdout
    result = _manage(["load_demo_content"], env)
    assert result.returncode == 0, result.stderr
    assert "nothing changed" in result.stdout
    result = _manage(["ensure_admin"], env)
    assert result.returncode == 0 and "username: admin" in result.stdout
    check = (
        "from django.test import Client;"
        "r = Client(HTTP_HOST='localhost').get('/');"
        "print(r.status_code, b'Rainfall Medicine' in r.content)"
    )
    result = _manage(["shell", "-c", check], env)
    assert result.stdout.strip().splitlines()[-1] == "200 True", result.stderr


def test_production_settings_refuse_to_start_without_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    env["DJANGO_SETTINGS_MODULE"] = "clinic_site.settings.production"
    result = _manage(["check"], env)
    assert result.returncode != 0
    # The last line an operator reads names the missing variable and how to make one.
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert "SECRET_KEY is required" in last_line
    assert "secrets.token_urlsafe" in last_line


def test_production_settings_start_with_a_secret_key():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "clinic.example",
    }
    result = _manage(
        ["shell", "-c", "from django.conf import settings; print(settings.DEBUG)"], env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"
