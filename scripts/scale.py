"""make test-scale: the site as it scales out, every part real, on loopback.

SeaweedFS (S3 API, scripts/s3_server.py) holds the media, two gunicorn app
servers (production settings) share one PostgreSQL database and a Redis of
this script's own, Varnish (deploy/varnish.vcl) stands in front of both and
the worker sends the emails to a local SMTP server. Checks:

1. Media: a new image's AVIF and WebP renditions, and the pictures of the
   home page, are served from the public bucket's URL with a year's
   Cache-Control; its original is refused without a signature; the site's
   icon is made from the logo read back from the bucket; a document in a
   login-restricted collection is 403 from the bucket, a login page through
   the proxy for a visitor and the file for a signed-in person.
2. The proxy: publishing an article changes the article, the blog index and
   the home page seen through Varnish within a second, while an unrelated
   page stays stored (its Age grows); the consultation form (fresh tokens)
   and the admin are never stored; a new article is in the /sitemap.xml
   the proxy keeps within a second.
3. Backups: backup_site takes the bucket's objects along and restore_site
   puts them back (scripts/scale_drill.py).
4. A drill (scripts/scale_drill.py): page views, consultation requests and
   bookings through the proxy while Redis restarts, an app server is
   killed and started again and PostgreSQL connections are cut; prints
   requests served, errors, stored, lost and duplicated requests, bookings
   and emails, and fails on a double booking.

Exit status 1 when a check fails.
"""

import http.client
import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import s3_server  # noqa: E402
import scale_drill  # noqa: E402
import servers  # noqa: E402
import varnish_proxy  # noqa: E402

from tests.servers import SMTPServer, free_port  # noqa: E402

DB_NAME = "check_scale"
APP_PORTS = (18761, 18762)
PROXY_PORT = 18760
S3_BASE_PORT = 19330
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("  FAIL:", message, flush=True)
    return condition


def get(path, headers=None):
    # A first render makes a page's renditions (AVIF encoding is slow on a
    # busy 2-core machine): a visitor's patience, not the default 10 s.
    conn = http.client.HTTPConnection("127.0.0.1", PROXY_PORT, timeout=60)
    try:
        return servers.request(PROXY_PORT, path, headers=headers, conn=conn)
    finally:
        conn.close()


def django_json(env, code):
    try:
        return json.loads(servers.django_output(env, code).splitlines()[-1])
    except subprocess.CalledProcessError as error:
        print(error.stderr[-3000:], flush=True)
        raise


NEW_IMAGE = """
import io, json
from django.core.files.images import ImageFile
from PIL import Image as Pil
from wagtail.images.models import Image
buffer = io.BytesIO()
Pil.new("RGB", (640, 400), (31, 94, 140)).save(buffer, "PNG")
image = Image.objects.create(title="Scale check", file=ImageFile(buffer, name="scale-check.png"))
urls = {f: image.get_rendition(f"fill-320x200|format-{f}").url for f in ("avif", "webp")}
print(json.dumps({"id": image.pk, "original": image.file.name, "signed": image.file.url,
                  "renditions": urls}))
"""

ICONS = """
import json
from wagtail.images.models import Image
from wagtail.models import Site
from core import icons
from core.models import SiteSettings
site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
# The new (raster) image becomes the logo: icons are made from a raster logo
# (the demo's is an SVG, for which the site draws its own mark).
site_settings.logo = Image.objects.get(pk={image_id})
site_settings.save()
logo = site_settings.logo
print(json.dumps({{"from_logo": icons.render("favicon", logo).hex(),
                  "default": icons.render("favicon", None).hex()}}))
"""

PRIVATE_DOCUMENT = """
import json, time, uuid
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.files.base import ContentFile
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction
from core.sessions import SESSION_SEEN_KEY, SESSION_STARTED_KEY
suffix = uuid.uuid4().hex[:6]
private = Collection.get_first_root_node().add_child(name=f"Patient letters {suffix}")
CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
doc = Document.objects.create(title="Letter", collection=private,
                              file=ContentFile(b"%PDF-1.4 private letter", name="letter.pdf"))
user = get_user_model().objects.create_user(f"reader-{suffix}", "reader@example.test", "x" * 20)
device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
session = import_module(settings.SESSION_ENGINE).SessionStore()
session.update({SESSION_KEY: str(user.pk), HASH_SESSION_KEY: user.get_session_auth_hash(),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                DEVICE_ID_SESSION_KEY: device.persistent_id,
                SESSION_STARTED_KEY: int(time.time()), SESSION_SEEN_KEY: int(time.time())})
session.create()
print(json.dumps({"url": doc.url, "name": doc.file.name, "session": session.session_key,
                  "cookie": settings.SESSION_COOKIE_NAME}))
"""


def media(env, s3):
    print("\nMedia on the S3 server", flush=True)
    public = f"{s3.endpoint}/{s3_server.PUBLIC_BUCKET}/"
    private = f"{s3.endpoint}/{s3_server.PRIVATE_BUCKET}/"

    image = django_json(env, NEW_IMAGE)
    for fmt, url in image["renditions"].items():
        status, headers = s3.anonymous_get(url)
        check(url.startswith(public), f"the {fmt} rendition is not in the public bucket: {url}")
        check(status == 200, f"the {fmt} rendition answered {status} to a visitor")
        kind = headers.get("content-type")
        check(kind == f"image/{fmt}", f"the {fmt} rendition's Content-Type: {kind}")
        check(
            "max-age=31536000" in headers.get("cache-control", ""),
            f"the {fmt} rendition's Cache-Control: {headers.get('cache-control')}",
        )
    status, _ = s3.anonymous_get(private + image["original"])
    check(status in (403, 404), f"the original image answered {status} without a signature")
    signed = image["signed"]
    check("X-Amz-Expires=300" in signed, f"the original's URL is not short-lived: {signed}")
    check(s3.anonymous_get(signed)[0] == 200, "the original's signed URL does not serve it")
    print(
        f"  new image: AVIF and WebP renditions public with a year's Cache-Control; "
        f"original {status} unsigned, 200 signed (5 min)",
        flush=True,
    )

    status, headers, html = get("/")
    pictures = sorted(set(re.findall(rb'(?:src|srcset)="(http[^" ]+)', html)))
    check(status == 200 and pictures, "the home page shows no picture from the bucket")
    served = [s3.anonymous_get(url.decode())[0] for url in pictures]
    check(
        all(url.decode().startswith(public) for url in pictures) and set(served) == {200},
        f"the home page's pictures: {list(zip(pictures, served, strict=True))[:3]}",
    )
    print(f"  home page: {len(pictures)} pictures, each 200 from {public}", flush=True)

    icons = django_json(env, ICONS.format(image_id=image["id"]))
    status, _h, favicon = get("/favicon.ico")
    if check(
        status == 200 and favicon.hex() == icons["from_logo"] != icons["default"],
        "/favicon.ico is not made from the logo stored in the bucket",
    ):
        print("  /favicon.ico made from the logo read from the bucket", flush=True)

    doc = django_json(env, PRIVATE_DOCUMENT)
    status, _ = s3.anonymous_get(private + doc["name"])
    check(status in (403, 404), f"the private document answered {status} from the bucket")
    visitor = get(doc["url"])
    check(
        visitor[0] in (302, 403) and b"private letter" not in visitor[2],
        f"a visitor got the private document: {visitor[0]}",
    )
    cookie = {"Cookie": f"{doc['cookie']}={doc['session']}"}
    reader = get(doc["url"], cookie)
    check(
        reader[0] == 200 and reader[2] == b"%PDF-1.4 private letter",
        f"the signed-in reader got {reader[0]}",
    )
    print(
        f"  private document: {status} from the bucket, {visitor[0]} for a visitor, "
        f"{reader[0]} for a signed-in reader (through the proxy)",
        flush=True,
    )
    return doc


def first_article(html):
    for path in re.findall(rb'href="(/blog/[a-z0-9-]+/)"', html):
        if not path.startswith((b"/blog/topics/", b"/blog/people/", b"/blog/tags/")):
            return path.decode()
    return None


PUBLISH = """
import time
from wagtail.models import Page
page = Page.objects.get(url_path__endswith={path!r}, locale__language_code="en").specific
page.title = {title!r}
page.save_revision().publish()  # committed, the purges sent: the editor sees "published"
print(time.time())
"""


NEW_ARTICLE = """
import time
from wagtail.models import Page
source = Page.objects.get(url_path__endswith={path!r}, locale__language_code="en").specific
# A new article like the first one (Wagtail's copy, as the admin's "Copy").
article = source.copy(
    to=source.get_parent(), update_attrs={{"title": {title!r}, "slug": {slug!r}}}, keep_live=False
)
article.save_revision().publish()  # committed, the purges sent
print(time.time())
"""


def publish(env, code):
    """Run ``code`` (which prints time.time() once published) in a process
    of its own, as an editor's request would; the moment it published, on
    this process's monotonic clock, and the process."""
    publisher = subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=servers.ROOT,
        env={k: str(v) for k, v in env.items()},
        stdout=subprocess.PIPE,
        text=True,
    )
    # Timed from the moment the publish action returned in that process
    # (committed, purges sent), read as soon as it says so.
    line = publisher.stdout.readline()
    check(line.strip(), "publishing failed")
    return time.monotonic() - (time.time() - float(line or time.time())), publisher


def sitemap(env, article):
    """A new article is in the sitemap the proxy keeps as soon as it is published."""
    get("/sitemap.xml")
    status, headers, body = get("/sitemap.xml")
    check(
        status == 200 and headers.get("x-proxy-cache") == "HIT",
        f"/sitemap.xml was not stored by the proxy: {status} {headers}",
    )
    slug = f"scale-new-article-{uuid.uuid4().hex[:6]}"
    published, publisher = publish(
        env, NEW_ARTICLE.format(path=article, title=slug.replace("-", " "), slug=slug)
    )
    stale, seen = 0.0, False
    while time.monotonic() < published + 10 and not (seen and time.monotonic() > published + 1.5):
        sent = time.monotonic()
        if f"/blog/{slug}/".encode() in get("/sitemap.xml")[2]:
            seen = True
        else:
            stale = sent - published
        time.sleep(0.02)
    publisher.wait(30)
    check(seen, "the new article never appeared in /sitemap.xml through the proxy")
    check(stale <= 1.0, f"/sitemap.xml lacked the new article {stale:.2f} s after the publish")
    print(
        f"  /sitemap.xml (stored by the proxy): a new article in it for every request sent "
        f"from {stale:.2f} s after the publish",
        flush=True,
    )


def purges(env):
    print("\nThe proxy: purges, and what is never stored", flush=True)
    article = first_article(get("/")[2])
    check(article is not None, "the home page links no article")
    watched = [article, "/blog/", "/"]
    for path in [*watched, "/about/"]:
        get(path)
        status, headers, _ = get(path)
        check(
            headers.get("x-proxy-cache") == "HIT", f"{path} was not stored by the proxy: {headers}"
        )
    about_age = int(get("/about/")[1].get("age", 0))

    title = f"Ketamine and depression {uuid.uuid4().hex[:6]}"
    published, publisher = publish(env, PUBLISH.format(path=article, title=title))
    # A proxy that shows the change "within a second" gives the new page to
    # every request sent from then on: the last request that got the old
    # page was sent how long after the publish (and how long a render
    # takes on this machine does not count).
    stale, fresh = {}, set()
    first = time.monotonic() - published
    while time.monotonic() < published + 10 and (
        len(fresh) < len(watched) or time.monotonic() < published + 1.5
    ):
        for path in watched:
            sent = time.monotonic()
            if title.encode() in get(path)[2]:
                fresh.add(path)
            else:
                stale[path] = sent - published
        time.sleep(0.02)
    publisher.wait(30)
    for path in watched:
        check(path in fresh, f"{path} never showed the change")
        check(
            stale.get(path, 0) <= 1.0,
            f"{path} was old for a request sent {stale.get(path, 0):.2f} s after",
        )
    print(
        "  published an article; the last request that got the old page was sent "
        + ", ".join(f"{path} {stale.get(path, 0):.2f} s" for path in watched)
        + f" after the publish; every later one got the new page (first sent {first:.2f} s after)",
        flush=True,
    )
    time.sleep(max(0.0, 1.2 - (time.monotonic() - published)))
    status, headers, body = get("/about/")
    age = int(headers.get("age", 0))
    check(
        headers.get("x-proxy-cache") == "HIT" and age > about_age,
        f"/about/ was not kept (Age {about_age} -> {age}, {headers.get('x-proxy-cache')})",
    )
    print(f"  /about/ untouched: still stored, Age {about_age} -> {age} s", flush=True)
    # A second fetch after the app's own memory (0.25 s) could only be stale
    # if the repeat purge had not come: the article is still the new one.
    check(title.encode() in get(article)[2], "the article went back to the old title")

    tokens = []
    for _ in range(2):
        status, headers, body = get("/request-a-consultation/")
        control = headers.get("cache-control", "")
        check(
            headers.get("x-proxy-cache") == "MISS" and "no-store" in control,
            f"the form was stored or storable: {headers.get('x-proxy-cache')} {control}",
        )
        tokens.append(re.findall(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body))
    check(tokens[0] and tokens[0] != tokens[1], "two visitors got the same form tokens")
    for path in ("/admin/login/", "/admin/"):
        get(path)
        status, headers, _ = get(path)
        check(headers.get("x-proxy-cache") == "MISS", f"{path} was stored by the proxy")
    print(
        "  the form (private, no-store; fresh tokens each time) and the admin: never stored",
        flush=True,
    )
    sitemap(env, article)


def prepare(s3):
    return servers.prepare(
        DB_NAME,
        0,
        **s3.settings_env(),
        CSP_EXTRA_IMG_SRC=s3.endpoint,
        SITE_URL=f"http://127.0.0.1:{PROXY_PORT}",
        FRONTEND_CACHE_BACKEND="http",
        FRONTEND_CACHE_LOCATION=f"http://127.0.0.1:{PROXY_PORT}",
        PAGE_CACHE_LOCAL_MS=250,
        TASKS_BACKEND="database",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_TIMEOUT=2,
        DATABASE_CONN_MAX_AGE=60,
    )


def main():
    print("Starting SeaweedFS, Redis, PostgreSQL database, two app servers, Varnish...")
    started = time.monotonic()
    # --keep DIR: keep the database, the bucket and the folders in DIR for
    # the next run (working on the checks); by default all is thrown away.
    keep = Path(sys.argv[sys.argv.index("--keep") + 1]) if "--keep" in sys.argv else None
    redis = scale_drill.RedisServer(free_port())
    servers.REDIS_BASE = f"redis://127.0.0.1:{redis.port}/0"
    smtp_port = free_port()
    s3 = s3_server.S3Server(S3_BASE_PORT, workdir=keep / "s3" if keep else None)
    apps, proxy, worker, workdir = [], None, None, None
    try:
        if keep and (keep / "env.json").exists():
            env = json.loads((keep / "env.json").read_text())
            workdir = Path(env["STATIC_ROOT"]).parent
        else:
            env, workdir = prepare(s3)
            servers.manage(env, "ensure_site")
            if keep:
                (keep / "env.json").write_text(json.dumps(env))
        env.update(REDIS_URL=servers.redis_url(0), EMAIL_PORT=str(smtp_port))
        print(f"  database, demo content and media ready in {time.monotonic() - started:.0f} s")
        with SMTPServer(port=smtp_port) as smtp:
            apps = [servers.Server(env, port, workdir) for port in APP_PORTS]
            proxy = varnish_proxy.Varnish(PROXY_PORT, APP_PORTS, workdir / "varnish")
            worker = servers.Worker(env, workdir)
            print(f"  ready in {time.monotonic() - started:.0f} s", flush=True)
            doc = media(env, s3)
            purges(env)
            failures.extend(scale_drill.backups(env, s3, workdir, doc))
            failures.extend(scale_drill.drill(env, workdir, apps, redis, smtp, PROXY_PORT, DB_NAME))
    finally:
        for app in apps:
            app.stop()
        if worker:
            worker.stop()
        if proxy:
            proxy.stop()
        redis.stop()
        if keep:
            s3.stop()
        else:
            s3.__exit__()
            if workdir:
                servers.cleanup(workdir, DB_NAME)
    print(f"\n{time.monotonic() - started:.0f} s in all")
    if failures:
        print(f"Scale: {len(failures)} failure(s)")
        for failure in failures:
            print("  -", failure)
        sys.exit(1)
    print("Scale: OK")


if __name__ == "__main__":
    main()
