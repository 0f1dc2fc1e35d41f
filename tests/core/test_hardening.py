"""Production hardening: headers, CSP, cookies, admin protection,
graceful failure, request limits, logs, health endpoint."""

import importlib
import os
import secrets
import subprocess
import sys
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.test import Client, override_settings

from core.proxies import client_ip

PUBLIC_TYPES = [
    "home.HomePage",
    "home.StandardPage",
    "blog.BlogIndexPage",
    "blog.ArticlePage",
    "locations.LocationIndexPage",
    "locations.LocationPage",
    "forms_app.ConsultationPage",
]
NO_COOKIE_TYPES = [t for t in PUBLIC_TYPES if t != "forms_app.ConsultationPage"]


def page_of_type(dotted):
    from django.apps import apps

    model = apps.get_model(dotted)
    page = model.objects.live().public().first()
    assert page is not None, f"demo content has no {dotted}"
    return page


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.fixture
def public_urls(demo_site):
    return {dotted: page_of_type(dotted).url for dotted in PUBLIC_TYPES}


def test_every_public_page_type_sends_the_strict_policy_and_headers(client, public_urls):
    urls = [*public_urls.values(), "/search/?q=ketamine", "/does-not-exist/"]
    for url in urls:
        response = client.get(url, secure=True)
        assert response.status_code in (200, 404), url
        csp = csp_directives(response)
        assert csp["default-src"] == ["'self'"], url
        assert csp["object-src"] == ["'none'"]
        assert csp["base-uri"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["form-action"] == ["'self'"]
        for directive in ("script-src", "style-src"):
            assert "'unsafe-inline'" not in csp[directive]
            assert "'unsafe-eval'" not in csp[directive]
        assert "https://www.openstreetmap.org" in csp["frame-src"]
        assert "https://www.youtube-nocookie.com" in csp["frame-src"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        for feature in ("camera", "microphone", "geolocation", "payment", "browsing-topics"):
            assert f"{feature}=()" in response["Permissions-Policy"]
        # No inline script or style to be refused by that policy.
        html = response.content.decode()
        assert " style=" not in html, url
        assert "<script>" not in html, url


def test_anonymous_readers_get_no_cookie(client, public_urls):
    for dotted in NO_COOKIE_TYPES:
        response = client.get(public_urls[dotted])
        assert response.status_code == 200
        assert not response.cookies, (dotted, list(response.cookies))


def test_the_admin_gets_its_own_policy_which_never_reaches_public_paths(demo_site, admin_client):
    admin_response = admin_client.get("/admin/")
    assert admin_response.status_code == 200
    admin_csp = admin_response["Content-Security-Policy"]
    assert "'unsafe-inline'" in admin_csp
    assert "object-src 'none'" in admin_csp
    assert admin_response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in admin_response["Permissions-Policy"]
    # The same logged-in editor on the public site gets the strict policy.
    public = admin_client.get("/")
    assert "'unsafe-inline'" not in public["Content-Security-Policy"]
    for path in ("/adminx/", "/administration/"):
        response = admin_client.get(path)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], path


def test_production_cookie_and_session_settings(monkeypatch):
    settings_module = production_settings(monkeypatch)
    assert settings_module.SESSION_COOKIE_SECURE is True
    assert settings_module.CSRF_COOKIE_SECURE is True
    assert settings_module.SESSION_COOKIE_HTTPONLY is True
    assert settings_module.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings_module.CSRF_USE_SESSIONS is False
    assert settings_module.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings_module.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings_module.WAGTAIL_2FA_REQUIRED is True
    assert settings_module.TRUSTED_PROXIES == ["127.0.0.1", "::1"]
    assert settings_module.SECURE_HSTS_SECONDS >= 31536000
    assert settings_module.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert settings_module.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert settings_module.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert "admin" in settings_module.REFUSED_ADMIN_USERNAMES


def production_settings(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "www.example.org")
    for name in ("INSECURE_COOKIES_OVER_HTTP", "SECURE_SSL_REDIRECT", "TRUSTED_PROXIES"):
        monkeypatch.delenv(name, raising=False)
    sys.modules.pop("clinic_site.settings.production", None)
    return importlib.import_module("clinic_site.settings.production")


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "www.example.org",
        "SITE_URL": "https://www.example.org",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- Sessions ----------------------------------------------------------------


def test_admin_sessions_end_after_30_minutes_idle_and_8_hours(
    client, admin_user, home_page, monkeypatch
):
    import time

    import core.sessions as security

    now = [int(time.time())]
    monkeypatch.setattr(security, "_now", lambda: now[0])
    client.force_login(admin_user)
    session = client.session
    session[security.SESSION_STARTED_KEY] = now[0]
    session[security.SESSION_SEEN_KEY] = now[0]
    session.save()
    assert client.get("/admin/").status_code == 200
    now[0] += 29 * 60
    assert client.get("/admin/").status_code == 200
    now[0] += 31 * 60  # idle for 31 minutes
    assert client.get("/admin/").status_code == 302

    client.force_login(admin_user)
    session = client.session
    session[security.SESSION_STARTED_KEY] = now[0]
    session[security.SESSION_SEEN_KEY] = now[0]
    session.save()
    for _ in range(17):  # active every 29 minutes for 8 h 13 min
        now[0] += 29 * 60
        response = client.get("/admin/")
    assert response.status_code == 302


# --- django-axes ---------------------------------------------------------------


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "e@example.test", "right-password-1")


def login_attempt(client, password, **extra):
    return client.post("/admin/login/", {"username": "editor", "password": password}, **extra)


@override_settings(TRUSTED_PROXIES=["10.0.0.2"])
def test_five_wrong_passwords_lock_the_account_for_that_client(editor, home_page):
    client = Client(REMOTE_ADDR="10.0.0.2")  # the reverse proxy
    real = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    for _ in range(5):
        response = login_attempt(client, "wrong", **real)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    # The right password is refused while locked.
    response = login_attempt(client, "right-password-1", **real)
    assert response.status_code == 429
    # A forged X-Forwarded-For (prepended by the client) changes nothing: the
    # proxy appends the address it saw, and that is the one that counts.
    forged = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.9"}
    assert login_attempt(client, "right-password-1", **forged).status_code == 429
    # Another client is not locked out of the same account.
    other = {"HTTP_X_FORWARDED_FOR": "192.0.2.44"}
    assert login_attempt(client, "right-password-1", **other).status_code == 302


def test_client_ip_reads_x_forwarded_for_only_from_a_trusted_proxy(rf):
    header = "6.6.6.6, 203.0.113.9"
    through_proxy = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=header)
    direct = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=header)
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/24"]):
        # The address the proxy appended; the client's own "6.6.6.6" is ignored.
        assert client_ip(through_proxy) == "203.0.113.9"
        # Not from the proxy: the header is the client's own words.
        assert client_ip(direct) == "198.51.100.7"
    with override_settings(TRUSTED_PROXIES=["10.0.0.2", "203.0.113.9"]):
        # Two proxies in a row: the right-most address that is not one of them.
        assert client_ip(through_proxy) == "6.6.6.6"
    with override_settings(TRUSTED_PROXIES=[]):
        assert client_ip(through_proxy) == "10.0.0.2"


# --- Two-factor authentication --------------------------------------------------


@override_settings(WAGTAIL_2FA_REQUIRED=True)
def test_2fa_is_required_for_admin_users_when_switched_on(client, editor, home_page):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(editor)
    # No device yet: sent to set one up before anything else.
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert "/admin/2fa/" in response["Location"]
    setup = client.get(response["Location"])
    assert setup.status_code == 200
    assert "otp_token" in setup.content.decode()
    # With a device: the code is asked for.
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert "/admin/2fa/auth" in response["Location"]
    # Recovery for a lost device: remove the user's devices (documented).
    call_command("reset_2fa", "editor", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_ensure_admin_refuses_admin_in_production(db, monkeypatch):
    monkeypatch.delenv("ADMIN_USERNAME", raising=False)
    with override_settings(REFUSED_ADMIN_USERNAMES=["admin"]), pytest.raises(CommandError):
        call_command("ensure_admin", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not get_user_model().objects.filter(username="admin").exists()


# --- Failure without loss -------------------------------------------------------


def test_database_down_gives_a_friendly_503_with_the_crisis_notice(client, demo_site, monkeypatch):
    from core.models import SiteSettings
    from tests.factories.core import edit_site_text

    site_settings = SiteSettings.for_site(demo_site)
    edit_site_text(crisis_notice="<p>In crisis? Call or text 988 now.</p>")

    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("wagtail.models.Page.route_for_request", down)
    response = client.get("/")
    assert response.status_code == 503
    html = response.content.decode()
    assert "Please try again" in html
    assert "In crisis? Call or text 988 now." in html
    assert site_settings.clinic_name in html
    assert "Traceback" not in html


def test_public_form_rejects_big_bodies_and_many_fields_with_a_400_page(client, demo_site):
    page = page_of_type("forms_app.ConsultationPage")
    response = client.post(page.url, {"how_can_we_help": "a" * 70_000})
    assert response.status_code == 400
    assert "too large or had too many parts" in response.content.decode()
    response = client.post(page.url, {f"f{n}": "x" for n in range(400)})
    assert response.status_code == 400
    assert "too large or had too many parts" in response.content.decode()
    assert client.post("/search/", {"q": "a" * 70_000}).status_code == 400


def test_healthz_checks_the_database_with_a_fresh_connection(client, home_page, monkeypatch):
    cache.clear()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    # It also keeps what the 503 page shows ready in the cache.
    from core.outage import SNAPSHOT_KEY

    assert SNAPSHOT_KEY in cache

    from django.db import connections

    real = connections.create_connection

    def broken(alias):
        connection = real(alias)
        connection.settings_dict = {**connection.settings_dict, "NAME": "no_such_database_x"}
        return connection

    monkeypatch.setattr(connections, "create_connection", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"


@pytest.fixture
def real_logs(settings):
    """Everything the site's logging configuration writes to stdout (every
    logger, django.* included; DEBUG and up except where the configuration
    pins a level), as text: its own handler, formatter and filters, with the
    stream a buffer instead of the process's stdout."""
    import copy
    import io
    import logging.config

    config = copy.deepcopy(settings.LOGGING)
    config["root"]["level"] = "DEBUG"
    config["loggers"]["django"]["level"] = "DEBUG"
    buffer = io.StringIO()
    config["handlers"]["stdout"]["stream"] = buffer
    logging.config.dictConfig(config)
    try:
        yield buffer.getvalue
    finally:
        logging.config.dictConfig(settings.LOGGING)


def test_submission_values_never_reach_the_logs(
    real_logs, demo_site, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from tests.forms_app.conftest import valid_data

    settings.CONSULTATION_MIN_SECONDS = 0
    cache.clear()
    page = page_of_type("forms_app.ConsultationPage")
    clinic = page_of_type("locations.LocationPage")
    values = {
        "full_name": "Zelda Uniquename",
        "email": "zelda.unique@example.test",
        "phone": "503.555.0123",
        "how_can_we_help": "Secret-symptom-description-xyz",
    }

    def failing_send(self, *args, **kwargs):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({values["email"]: (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.EmailMessage.send", failing_send)
    client = Client()
    client.get(page.url)
    data = valid_data(page, preferred_clinic_location=clinic.slug, **values)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, data)
    assert response.status_code == 303
    # A form sent back with an error, and one too big (django.request logs it).
    client.post(page.url, {**data, "email": "not-an-email"})
    client.post(page.url, {**data, "how_can_we_help": values["how_can_we_help"] * 3000})
    from forms_app.models import ConsultationSubmission

    assert ConsultationSubmission.objects.exists()
    logged = real_logs()
    # The logs did capture this journey: the failed email and the refusal.
    assert "ERROR" in logged
    assert "Refused a public request" in logged
    assert "django.request" in logged
    for value in [*values.values(), "555-0123", "zelda.unique"]:
        assert value not in logged


def test_an_editor_can_still_save_a_long_page_in_the_admin(admin_client, home_page):
    """The public limits (64 KB, 300 fields) do not apply to the admin: a long
    page (120 paragraphs, about 100 KB, some 600 fields) is saved."""
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    from tests.factories.home import StandardPageFactory

    page = StandardPageFactory(parent=home_page, title="Long read", slug="long-read")
    paragraphs = [f"Paragraph {n}: " + "treatment options explained. " * 28 for n in range(120)]
    data = nested_form_data(
        {
            "title": "Long read",
            "slug": "long-read",
            "intro": rich_text(""),
            "body": streamfield([("paragraph", rich_text(text)) for text in paragraphs]),
            "comments": inline_formset([]),
        }
    )
    body = urlencode(data, doseq=True)
    assert len(body) > 64 * 1024 and len(data) > 300
    response = admin_client.post(
        f"/admin/pages/{page.pk}/edit/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()  # the page's latest revision is the one just saved
    saved = page.get_latest_revision_as_object()
    assert len(saved.body) == 120
    assert "Paragraph 119: treatment options" in str(saved.body[119].value)


def test_the_form_rate_limit_counts_the_same_client_as_axes(rf):
    from core.rate_limit import client_key

    honest = rf.post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    forged = rf.post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    other = rf.post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1")
    with override_settings(TRUSTED_PROXIES=["10.0.0.2"]):
        assert client_key(honest) == client_key(forged) != client_key(other)


def test_a_database_error_outside_the_view_still_gives_the_503_page(rf, db):
    from core.views import server_error

    try:
        raise OperationalError("the database system is starting up")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    assert "Please try again" in response.content.decode()
