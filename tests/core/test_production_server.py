"""What a visitor, an editor or an attacker sees of real gunicorn with the
production settings (tests/production_server.py): media and documents,
client addresses behind the proxy, cookies, headers and the logs."""

import re
import socket
import subprocess
import sys
import time
import uuid
from urllib.parse import urlencode

import pytest

from tests.production_server import cookies, header_values

# One pytest-xdist process runs them all: each process that meets one builds
# its own production site (a database with the demo, collected static files:
# about 30 s).
pytestmark = pytest.mark.xdist_group("production_site")

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


# --- Client addresses: the proxy's word only -----------------------------------------


def make_editor(server):
    username = f"editor-{uuid.uuid4().hex[:8]}"
    server.django(
        "from django.contrib.auth import get_user_model\n"
        f"get_user_model().objects.create_superuser({username!r}, 'e@example.test', "
        "'right-password-1')\n"
    )
    return username


def wrong_password(server, username, forwarded_for):
    """Status of one sign-in with a wrong password, X-Forwarded-For as given."""
    status, headers, html = server.get("/admin/login/")
    assert status == 200
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1].decode()
    csrf = cookies(headers)["csrftoken"].value
    status, _headers, _body = server.request(
        "POST",
        "/admin/login/",
        urlencode({"username": username, "password": "wrong", "csrfmiddlewaretoken": token}),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "X-Forwarded-For": forwarded_for,
        },
    )
    return status


def consultation(server, forwarded_for):
    """Status of one valid consultation request, X-Forwarded-For as given."""
    from tests.production_server import scripts_servers

    data, cookie = scripts_servers.consultation_form(server.port, uuid.uuid4().hex)
    status, _headers, _body = server.request(
        "POST",
        "/request-a-consultation/",
        urlencode(data),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "X-Forwarded-For": forwarded_for,
        },
    )
    return status


def test_gunicorn_listens_on_loopback_unless_told_otherwise(production_site):
    server = production_site.start(bind=False)
    try:
        assert f"Listening at: http://127.0.0.1:{server.port}" in server.log_text()
        address = outward_address()
        if address is not None:
            with pytest.raises(OSError), socket.create_connection((address, server.port), 2):
                pass
    finally:
        server.stop()


def outward_address():
    """This machine's address on its network (not loopback), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent
        except OSError:
            return None
        address = s.getsockname()[0]
    return None if address.startswith("127.") else address


def test_a_forged_x_forwarded_for_from_an_untrusted_peer_changes_nothing(production_site):
    # The proxy is elsewhere: this client reaches gunicorn directly.
    server = production_site.start(TRUSTED_PROXIES="192.0.2.10", CONSULTATION_RATE_LIMIT="2/h")
    try:
        username = make_editor(server)
        statuses = [wrong_password(server, username, f"198.51.100.{n}") for n in range(1, 6)]
        assert statuses == [200, 200, 200, 200, 429]
        # Another invented address does not unlock the account for this client.
        assert wrong_password(server, username, "203.0.113.77") == 429
        # The form's rate limit counts this client once, whatever it claims.
        assert [consultation(server, f"192.0.2.{n}") for n in (101, 102, 103)] == [303, 303, 429]
    finally:
        server.stop()


def test_the_trusted_proxys_x_forwarded_for_is_honoured(production_site):
    # The production default: the proxy on this host (127.0.0.1) is trusted.
    server = production_site.start(CONSULTATION_RATE_LIMIT="2/h")
    try:
        username = make_editor(server)
        statuses = [wrong_password(server, username, "203.0.113.9") for _ in range(5)]
        assert statuses[-1] == 429
        # The client prepends a forged address; the proxy appends the real one.
        assert wrong_password(server, username, "198.51.100.1, 203.0.113.9") == 429
        # Another visitor behind the same proxy is not locked out.
        assert wrong_password(server, username, "192.0.2.44") == 200
        assert [consultation(server, "203.0.113.20") for _ in range(3)] == [303, 303, 429]
        assert consultation(server, "203.0.113.21") == 303
    finally:
        server.stop()


# --- Cookies -------------------------------------------------------------------------


def sign_in(server, username, password="right-password-1"):
    status, headers, html = server.get("/admin/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1].decode()
    csrf = cookies(headers)["csrftoken"].value
    return server.request(
        "POST",
        "/admin/login/",
        urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token}),
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"},
    )


def test_cookies_are_secure_even_with_the_ssl_redirect_off(production_server):
    assert production_server.env["SECURE_SSL_REDIRECT"] == "0"
    for path in ("/request-a-consultation/", "/admin/login/"):
        status, headers, _body = production_server.get(path)
        assert status == 200
        csrf = cookies(headers)["csrftoken"]
        assert csrf["secure"] is True, path
        assert csrf["samesite"] == "Lax"
    status, headers, _body = sign_in(production_server, make_editor(production_server))
    assert status == 302  # signed in, on to setting up two-factor authentication
    session = cookies(headers)["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True


def test_insecure_cookies_only_when_named_loudly(production_site):
    server = production_site.start(INSECURE_COOKIES_OVER_HTTP="1")
    try:
        _status, headers, _body = server.get("/admin/login/")
        assert not cookies(headers)["csrftoken"]["secure"]
        warnings = [
            line
            for line in server.json_lines()
            if line["level"] == "WARNING" and "INSECURE_COOKIES_OVER_HTTP" in line["message"]
        ]
        assert warnings, server.log_text()
    finally:
        server.stop()
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=production_site.env["PYTHONPATH"],
        env={**production_site.env, "INSECURE_COOKIES_OVER_HTTP": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "core.W001" in result.stderr + result.stdout


# --- Headers -------------------------------------------------------------------------


def test_hsts_for_a_year_with_subdomains_and_preload_behind_the_tls_proxy(production_server):
    status, headers, _body = production_server.get("/", {"X-Forwarded-Proto": "https"})
    assert status == 200
    assert header_values(headers, "Strict-Transport-Security") == [
        "max-age=31536000; includeSubDomains; preload"
    ]
    # Over plain HTTP a browser ignores HSTS; none is sent.
    _status, headers, _body = production_server.get("/")
    assert not header_values(headers, "Strict-Transport-Security")


# --- Logs ----------------------------------------------------------------------------


def access_lines(server):
    return [line for line in server.json_lines() if line["logger"] == "core.access"]


def test_a_newline_or_nul_in_the_path_cannot_forge_a_log_line(production_server):
    for path in ("/x%0aFORGED", "/x%00FORGED", "/x%0d%0aFORGED"):
        assert production_server.get(path)[0] == 404
    text = production_server.log_text()
    assert not [line for line in text.splitlines() if line.lstrip().startswith("FORGED")]
    assert "\x00" not in text
    messages = [line["message"] for line in access_lines(production_server)]
    assert any('"GET /x\\nFORGED HTTP/1.1" 404' in message for message in messages), messages
    assert any('"GET /x\\x00FORGED HTTP/1.1" 404' in message for message in messages)


def test_access_log_lines_are_json_with_the_time_and_the_client(production_server):
    production_server.get("/", {"X-Forwarded-For": "203.0.113.61"})
    line = next(
        line
        for line in access_lines(production_server)
        if line["message"].startswith('203.0.113.61 "GET / HTTP/1.1" 200')
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    assert line["level"] == "INFO"
    assert line["status"] == 200


def test_no_client_address_next_to_a_consultation_request(production_server):
    address = "203.0.113.62"
    assert consultation(production_server, address) == 303
    production_server.get("/request-a-consultation/thank-you/", {"X-Forwarded-For": address})
    production_server.get("/about/", {"X-Forwarded-For": address})
    lines = [line["message"] for line in access_lines(production_server)]
    form_lines = [m for m in lines if "/request-a-consultation/" in m]
    assert any(m.startswith('- "POST /request-a-consultation/ ') for m in form_lines)
    assert any(m.startswith('- "GET /request-a-consultation/thank-you/ ') for m in form_lines)
    assert not [m for m in form_lines if address in m or "127.0.0.1" in m]
    # Elsewhere the address stays, for abuse reports.
    assert any(m.startswith(f'{address} "GET /about/ ') for m in lines)


def test_the_form_keeps_its_privacy_in_the_log_under_a_new_name(production_server):
    assert production_server.site.has_redis, "needs Redis, as production (REDIS_URL_FOR_TESTS)"
    rename = (
        "from forms_app.models import ConsultationPage\n"
        "page = ConsultationPage.objects.get(locale__language_code='en')\n"
        "page.slug = {slug!r}\n"
        "page.save_revision().publish()\n"
    )
    production_server.django(rename.format(slug="book-a-visit"))
    try:
        address = "203.0.113.63"
        deadline = time.monotonic() + 10
        while True:
            status = production_server.get("/book-a-visit/", {"X-Forwarded-For": address})[0]
            assert status == 200
            last = access_lines(production_server)[-1]["message"]
            if last.startswith('- "GET /book-a-visit/ ') or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert last.startswith('- "GET /book-a-visit/ '), last
    finally:
        production_server.django(rename.format(slug="request-a-consultation"))


@pytest.mark.parametrize(
    ("request_headers", "path", "logger"),
    [
        ({"Host": "scanner.example"}, "/", "django.security.DisallowedHost"),
        ({}, "/media/images/../../etc/passwd", "django.security.SuspiciousFileOperation"),
    ],
    ids=["bad-host", "path-traversal"],
)
def test_scanner_noise_is_a_warning_without_a_traceback(
    production_site, request_headers, path, logger
):
    server = production_site.start()  # a log of its own
    try:
        status, _headers, _body = server.get(path, request_headers)
        assert status == 400
        lines = [line for line in server.json_lines() if line["logger"].startswith("django.")]
        assert [line["logger"] for line in lines if line["logger"] == logger] == [logger]
        assert all(line["level"] == "WARNING" for line in lines), lines
        assert not [line for line in lines if "exception" in line]
        assert "Traceback" not in server.log_text()
    finally:
        server.stop()


# --- Django's own admin is gone --------------------------------------------------------


def test_there_is_no_second_admin(production_server):
    for path in ("/django-admin/", "/django-admin/login/"):
        status, headers, _body = production_server.get(path)
        assert status == 404, path
        # A public 404 page: the strict policy, not the admin's looser one.
        assert "'unsafe-inline'" not in header_values(headers, "Content-Security-Policy")[0]
    robots = production_server.get("/robots.txt")[2].decode()
    assert "Disallow: /admin/" in robots
    assert "django-admin" not in robots
