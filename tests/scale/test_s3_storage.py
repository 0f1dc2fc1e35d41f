"""Media on a real S3 server (SeaweedFS, scripts/s3_server.py), with the
site's S3 settings (clinic_site/settings/media.py): a rendition is written
to the public bucket and served from its URL with a year's Cache-Control;
an original image is refused without a signature; a document in a private
collection is refused by the bucket and served through the app to a
signed-in person only; the site's icon is made from a logo read back from
the bucket. make test-scale runs the same against two app servers behind
Varnish; this is the suite's own, in one process, in seconds.

SeaweedFS starts once for this module (an xdist group keeps its tests on
one worker), on ports of its own."""

import importlib.util
import io
import socket
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import storages
from PIL import Image as Pil
from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from core import icons
from core.models import SiteSettings

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("s3_server", ROOT / "scripts" / "s3_server.py")
s3_server = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(s3_server)

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("s3_server")]


def free_base_port():
    """A base port whose four ports and their gRPC ports (+1000) are free."""
    for base in range(21300, 29000, 7):
        ports = [base + n for n in range(4)] + [base + 1000 + n for n in range(4)]
        try:
            for port in ports:
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise RuntimeError("no free ports for SeaweedFS")


@pytest.fixture(scope="module")
def s3():
    try:
        s3_server.weed_binary()
    except RuntimeError as missing:
        pytest.skip(str(missing))
    with s3_server.S3Server(free_base_port()) as server:
        yield server


@pytest.fixture
def s3_settings(s3, settings, monkeypatch):
    """The site's settings for two buckets on this server (media.py's, as
    production reads them from AWS_* variables)."""
    env = s3.settings_env()
    settings.AWS_STORAGE_BUCKET_NAME = env["AWS_STORAGE_BUCKET_NAME"]
    settings.AWS_S3_ENDPOINT_URL = env["AWS_S3_ENDPOINT_URL"]
    settings.AWS_S3_REGION_NAME = env["AWS_S3_REGION_NAME"]
    settings.AWS_ACCESS_KEY_ID = env["AWS_ACCESS_KEY_ID"]
    settings.AWS_SECRET_ACCESS_KEY = env["AWS_SECRET_ACCESS_KEY"]
    settings.AWS_S3_ADDRESSING_STYLE = "path"
    settings.AWS_DEFAULT_ACL = None
    settings.AWS_QUERYSTRING_AUTH = True
    settings.AWS_S3_SIGNATURE_VERSION = "s3v4"
    settings.AWS_QUERYSTRING_EXPIRE = 300
    settings.AWS_S3_FILE_OVERWRITE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
        "renditions": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env["AWS_PUBLIC_BUCKET_NAME"],
                "querystring_auth": False,
                "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            },
        },
    }
    settings.WAGTAILIMAGES_RENDITION_STORAGE = "renditions"
    settings.SERVE_MEDIA = False
    # Wagtail reads WAGTAILIMAGES_RENDITION_STORAGE once, when its models
    # load (the field's storage callable); the test settings load them with
    # memory storage, so the field is pointed at the bucket for this test.
    rendition_file = get_image_model().get_rendition_model()._meta.get_field("file")
    monkeypatch.setattr(rendition_file, "storage", storages["renditions"])
    return s3


def png(colour=(31, 94, 140), size=(640, 400)):
    buffer = io.BytesIO()
    Pil.new("RGB", size, colour).save(buffer, "PNG")
    return ImageFile(buffer, name="s3-check.png")


def test_renditions_are_public_in_the_bucket_and_originals_are_not(s3_settings):
    s3 = s3_settings
    image = get_image_model().objects.create(title="S3 check", file=png())
    rendition = image.get_rendition("fill-320x200|format-webp")
    public = f"{s3.endpoint}/{s3_server.PUBLIC_BUCKET}/"
    assert rendition.url.startswith(public)
    status, headers = s3.anonymous_get(rendition.url)
    assert status == 200
    assert headers["content-type"] == "image/webp"
    assert "max-age=31536000" in headers["cache-control"]

    # The original: only through a short-lived signed URL.
    private = f"{s3.endpoint}/{s3_server.PRIVATE_BUCKET}/{image.file.name}"
    assert s3.anonymous_get(private)[0] == 403
    assert "X-Amz-Expires=300" in image.file.url
    assert s3.anonymous_get(image.file.url)[0] == 200


def test_a_private_document_is_refused_by_the_bucket_and_served_to_a_signed_in_person(
    s3_settings, client, django_user_model, site
):
    s3 = s3_settings
    letters = Collection.get_first_root_node().add_child(name="Patient letters")
    CollectionViewRestriction.objects.create(collection=letters, restriction_type="login")
    document = Document.objects.create(
        title="Letter",
        collection=letters,
        file=ContentFile(b"%PDF-1.4 private letter", name="letter.pdf"),
    )
    bucket_url = f"{s3.endpoint}/{s3_server.PRIVATE_BUCKET}/{document.file.name}"
    assert s3.anonymous_get(bucket_url)[0] == 403

    visitor = client.get(document.url)
    assert visitor.status_code == 302 and "login" in visitor["Location"]

    reader = django_user_model.objects.create_user("reader", "reader@example.test", "x" * 20)
    client.force_login(reader)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 private letter"


def test_the_favicon_is_made_from_the_logo_in_the_bucket(s3_settings, client, site):
    logo = get_image_model().objects.create(title="Logo", file=png((200, 40, 40), (256, 256)))
    site_settings = SiteSettings.for_site(site)
    site_settings.logo = logo
    site_settings.save()
    # The logo's file is in the private bucket, where the icon reads it from.
    s3_settings.client().head_object(Bucket=s3_server.PRIVATE_BUCKET, Key=logo.file.name)
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content == icons.render("favicon", logo)
    assert content != icons.render("favicon", None)
