"""What a visitor, an editor or an attacker sees of real gunicorn with the
production settings (tests/production_server.py): media and documents,
client addresses behind the proxy, cookies, headers and the logs."""

import re
import uuid

from tests.production_server import header_values

PRIVATE_DOCUMENT = """
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

root = Collection.get_first_root_node()
private = root.add_child(name="Staff only {tag}")
CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
document = get_document_model()(title="Staff rota", collection=private)
document.file.save("staff-rota-{tag}.txt", ContentFile(b"SECRET-ROTA-{tag}"), save=True)
print(document.id, document.file.name)
"""


# --- Media and documents -----------------------------------------------------------


def test_a_document_in_a_private_collection_is_never_served_from_media(production_server):
    tag = uuid.uuid4().hex[:8]
    doc_id, file_name = production_server.django(PRIVATE_DOCUMENT.format(tag=tag)).split()
    assert file_name.startswith("documents/")
    base_name = file_name.rsplit("/", 1)[1]

    status, _headers, body = production_server.get(f"/media/{file_name}")
    assert status == 404
    assert f"SECRET-ROTA-{tag}".encode() not in body

    # Nor through the images route, however the path is spelled.
    for path in (f"/media/images/../{file_name}", f"/media/images/%2e%2e/{file_name}"):
        status, _headers, body = production_server.get(path)
        assert status in (400, 404), path
        assert f"SECRET-ROTA-{tag}".encode() not in body

    status, headers, body = production_server.get(f"/documents/{doc_id}/{base_name}")
    assert status == 302
    assert "/_util/login/" in header_values(headers, "Location")[0]
    assert f"SECRET-ROTA-{tag}".encode() not in body


def test_image_renditions_are_served_with_a_year_of_immutable_caching(production_server):
    status, _headers, html = production_server.get("/")
    assert status == 200
    sources = re.findall(rb'src="(/media/images/[^"]+)"', html)
    assert sources, "the home page shows no image rendition"
    status, headers, body = production_server.get(sources[0].decode())
    assert status == 200
    assert body
    assert header_values(headers, "Cache-Control") == ["public, max-age=31536000, immutable"]
    # The originals and anything else in the media folder are not served.
    assert production_server.get("/media/original_images/")[0] == 404
    assert production_server.get("/media/images/")[0] == 404
