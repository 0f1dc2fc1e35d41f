import os
import re
import socket
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management import call_command
from PIL import Image as PILImage
from PIL import ImageChops
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Revision
from wagtailseo.models import SeoSettings

from core.models import NavigationSettings, SiteSettings, SiteText
from demo.common import DEMO_COLLECTION

ROOT = Path(__file__).resolve().parents[2]


def _snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "latest_revision_id", "live")),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "settings": list(SiteSettings.objects.values()),
        "nav": list(NavigationSettings.objects.values("header_links", "footer_links")),
        "site_text": list(SiteText.objects.values()),
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
    assert "988" in settings.words("en")["crisis_notice"]
    assert "988 Lifeline en español" in settings.words("es")["crisis_notice"]
    for url in ["/", "/about/", "/privacy/"]:
        assert client.get(url).status_code == 200, url
    # The header shows the clinic's brand (the demo's logo, named by the
    # clinic's name) and its number as a link to call.
    header = BeautifulSoup(client.get("/").content, "html.parser").select_one("header")
    assert header.select_one(".site-header__brand img")["alt"] == "Rainfall Medicine"
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


# (page url, image field, alt-text field) of every demo page with a picture.
ILLUSTRATED = [
    ("/", "hero_image", "hero_image_alt"),
    ("/blog/how-does-ketamine-help-depression/", "hero_image", "hero_image_alt"),
    ("/blog/what-are-the-long-term-effects-of-depression/", "hero_image", "hero_image_alt"),
    ("/locations/portland/", "image", "image_alt"),
    ("/locations/hood-river/", "image", "image_alt"),
]


def _page(url):
    return Page.objects.get(url_path=f"/home{url}").specific


def _pixels(image):
    with image.open_file() as f:
        picture = PILImage.open(f)
        return picture.convert("RGB").resize((60, 40))


def _upload(title, user=None, colour=(200, 30, 30)):
    """An image as an editor (or, without ``user``, the old demo) stored it."""
    import io

    buffer = io.BytesIO()
    PILImage.new("RGB", (300, 200), colour).save(buffer, format="JPEG")
    image = get_image_model()(
        title=title,
        collection=Collection.get_first_root_node(),
        uploaded_by_user=user,
        file=ImageFile(buffer, name="upload.jpg"),
    )
    image.save()
    return image


@pytest.mark.django_db
def test_each_demo_page_shows_its_own_described_illustration(client, demo_site):
    images = {}
    for url, image_field, alt_field in ILLUSTRATED:
        page = _page(url)
        image, alt = getattr(page, image_field), getattr(page, alt_field)
        assert image.collection.name == DEMO_COLLECTION, url
        assert alt.startswith("An illustration of ") and alt == image.description, url
        # Visitors' screen readers hear the description on the page itself.
        main = BeautifulSoup(client.get(url).content, "html.parser").find("main")
        assert any(img.get("alt") == alt for img in main.find_all("img")), url
        images[url] = image
    og_default = SeoSettings.for_site(demo_site).og_image_default
    assert og_default.description
    images["og:image"] = og_default
    assert len({image.pk for image in images.values()}) == len(images)
    assert len({image.get_file_hash() for image in images.values()}) == len(images)
    assert len({image.description for image in images.values()}) == len(images)
    pixels = {key: _pixels(image) for key, image in images.items()}
    keys = list(pixels)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            assert ImageChops.difference(pixels[a], pixels[b]).getbbox() is not None, (a, b)


@pytest.mark.django_db
def test_a_rerun_replaces_the_old_demo_gradients_without_adding_rows(demo_site):
    """A database loaded before the demo drew scenes: its gradients give way."""
    article = _page("/blog/how-does-ketamine-help-depression/")
    drawn = article.hero_image
    article.hero_image, article.hero_image_alt = _upload("Rain on a window"), ""
    article.save_revision().publish()
    portland = _page("/locations/portland/")
    portland.image, portland.image_alt = _upload("Portland clinic"), ""
    portland.save_revision().publish()
    seo = SeoSettings.for_site(demo_site)
    seo.og_image_default = _upload("Rain over the Columbia Gorge")
    seo.save()
    count = get_image_model().objects.count()

    call_command("load_demo_content", stdout=StringIO())
    article = _page("/blog/how-does-ketamine-help-depression/")
    assert article.hero_image == drawn
    assert article.hero_image_alt == drawn.description
    assert _page("/locations/portland/").image.collection.name == DEMO_COLLECTION
    assert SeoSettings.for_site(demo_site).og_image_default.collection.name == DEMO_COLLECTION
    assert get_image_model().objects.count() == count  # the scenes existed: no new rows

    before = _snapshot()
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert _snapshot() == before


@pytest.mark.django_db
def test_a_rerun_keeps_an_image_an_editor_chose(demo_site):
    editor = get_user_model().objects.create_user("editor", password="x")
    portland = _page("/locations/portland/")
    # Same title as an old demo gradient, but someone uploaded it.
    portland.image, portland.image_alt = _upload("Portland clinic", editor), ""
    portland.save_revision().publish()
    home = _page("/")
    home.hero_image = _upload("Our waiting room", editor, colour=(30, 200, 30))
    home.save_revision().publish()  # the demo's alt text left as it was
    article = _page("/blog/what-are-the-long-term-effects-of-depression/")
    article.hero_image_alt = "Our own words for this picture"
    article.save_revision().publish()

    call_command("load_demo_content", stdout=StringIO())
    portland = _page("/locations/portland/")
    assert portland.image.title == "Portland clinic" and portland.image.uploaded_by_user == editor
    assert _page("/").hero_image.title == "Our waiting room"
    article = _page("/blog/what-are-the-long-term-effects-of-depression/")
    assert article.hero_image_alt == "Our own words for this picture"


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
    """`make run` on a fresh SQLite file (scripts/run_dev.py): migrate, demo
    content, admin, then the server and the worker; a short summary last,
    with the credentials; links name the port served; SIGTERM (as Ctrl-C)
    stops the server and the worker.

    The file starts as the migrated SQLite template (tests/database_template:
    `manage.py migrate` on an empty file, once per schema), so the 40 s of
    migrations run only when a migration or dependency changed; run_dev's
    own migrate then finds nothing to apply."""
    import shutil

    from tests.database_template import sqlite_template
    from tests.servers import free_port

    shutil.copyfile(sqlite_template(), tmp_path / "fresh.sqlite3")
    port = free_port()
    log = tmp_path / "make-run.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "RUN_LOG": str(log),
        "LOCAL_CACHE_DIR": str(tmp_path / "cache"),
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    for name in ("ADMIN_USERNAME", "ADMIN_PASSWORD", "SITE_URL", "VERBOSE"):
        env.pop(name, None)
    run = subprocess.Popen(  # noqa: S603
        [sys.executable, "scripts/run_dev.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    try:
        for line in run.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("Ctrl-C stops"):
                break
        output = "\n".join(lines)
        assert lines and lines[-1].startswith("Ctrl-C stops"), output
        assert len(lines) <= 12, output  # the demo's log is in the file
        admin = next(line for line in lines if line.startswith("Admin:"))
        assert f"http://127.0.0.1:{port}/admin/" in admin
        password = re.search(r"user admin, password (\S+)", admin).group(1)
        assert "created home page" in log.read_text()

        client_check = (
            "from django.test import Client;"
            "from django.contrib.auth import get_user_model;"
            f"r = Client(HTTP_HOST='127.0.0.1:{port}').get('/');"
            f"print(r.status_code, b'http://127.0.0.1:{port}/' in r.content,"
            f" get_user_model().objects.get(username='admin').check_password('{password}'))"
        )
        result = _manage(["shell", "-c", client_check], env)
        assert result.stdout.strip().splitlines()[-1] == "200 True True", result.stderr
        assert run.poll() is None
    finally:
        run.terminate()
        run.wait(timeout=30)
    assert "core.tasks.publish_scheduled_pages" in log.read_text()  # the worker ran
    with pytest.raises(OSError):  # the server stopped with it
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    # A second run: nothing to load.
    result = _manage(["load_demo_content"], env)
    assert "nothing changed" in result.stdout


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
