"""The database going away during submissions loses or duplicates nothing."""

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.db.models.signals import pre_save
from django.test import Client, RequestFactory

from forms_app.models import ConsultationSubmission
from tests.forms_app.conftest import valid_data


def terminate_app_connections():
    """What a PostgreSQL restart does to the app: every connection it holds dies."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [connection.settings_dict["NAME"]],
        )


@pytest.fixture
def persistent_connections():
    """Production's persistent connections with health checks."""
    saved = dict(connection.settings_dict)
    connection.settings_dict["CONN_MAX_AGE"] = 60
    connection.settings_dict["CONN_HEALTH_CHECKS"] = True
    yield
    connection.settings_dict.update(saved)
    connection.close()


def test_terminated_connections_lose_and_duplicate_nothing(
    transactional_db, consultation_page, persistent_connections, settings
):
    settings.CONSULTATION_MIN_SECONDS = 0
    kill_during_save = {"now": False}

    def die_mid_request(sender, **kwargs):
        if kill_during_save["now"]:
            kill_during_save["now"] = False
            terminate_app_connections()

    pre_save.connect(die_mid_request, sender=ConsultationSubmission)
    confirmed, refused = [], []
    try:
        for n in range(8):
            name = f"Visitor {n}"
            client = Client(REMOTE_ADDR=f"203.0.113.{n + 1}")
            if n in (2, 5):
                terminate_app_connections()  # between two requests
            if n in (3, 6):
                kill_during_save["now"] = True  # while this one is being stored
            # What Django's WSGI handler does on request_started (the test
            # client skips it): CONN_HEALTH_CHECKS replaces a dead connection.
            close_old_connections()
            response = client.post(
                consultation_page.url, valid_data(consultation_page, full_name=name)
            )
            if response.status_code == 303:
                confirmed.append(name)
            else:
                assert response.status_code == 503, response.status_code
                assert "Please try again" in response.content.decode()
                refused.append(name)
    finally:
        pre_save.disconnect(die_mid_request, sender=ConsultationSubmission)

    stored = [s.form_data["full_name"] for s in ConsultationSubmission.objects.order_by("pk")]
    assert stored == confirmed  # every confirmed request once, nothing else
    assert refused == ["Visitor 3", "Visitor 6"]
    # Service came back by itself: the request right after each failure worked.
    assert "Visitor 4" in confirmed and "Visitor 7" in confirmed


def test_the_thank_you_page_needs_no_database(client, demo_site, monkeypatch, settings):
    """The request was stored before the redirect: a database blip on the
    thank-you page must still thank the visitor (with their clinic's phone),
    never tell them to send it again. From the page cache when it is there,
    else from the outage snapshot, also with the cache emptied."""
    from django.core.cache import cache
    from django.db import OperationalError

    from core.views import healthz
    from tests.pagecache.test_page_cache import get

    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    healthz(RequestFactory().get("/healthz"))  # keeps the snapshot, as every 30 s
    url = "/request-a-consultation/thank-you/?location=hood-river"
    assert get(client, url)["X-Cache"] == "MISS"

    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("wagtail.models.Page.route_for_request", down)
    cached = get(client, url)
    assert cached["X-Cache"] == "HIT"
    cache.clear()  # Redis restarted too: this process's copy of the snapshot
    for response in (client.get(url), client.get("/request-a-consultation/thank-you/")):
        assert response.status_code == 200
        html = response.content.decode()
        assert "your request was sent" in html
        assert "send it again" not in html
    assert "Hood River" in client.get(url).content.decode()
    assert "(541)" in client.get(url).content.decode()

    refused = client.get("/request-a-consultation/")
    assert refused.status_code == 503
    text = refused.content.decode()
    assert "it may not have reached us" in text and "Please call us at" in text
    assert "Nothing you sent was lost" not in text


def test_pages_served_without_the_database_speak_the_visitors_language(
    client, demo_site, monkeypatch
):
    """Under /es/, the 503 page and the thank-you page from the snapshot are
    in Spanish, with the crisis notice in Spanish (988 Lifeline en español);
    under / they stay in English."""
    from bs4 import BeautifulSoup
    from django.core.cache import cache
    from django.db import OperationalError

    from core.views import healthz

    # The snapshot as the health check keeps it (every 30 s), with every
    # page the demo published (their publish refreshes it after the commit,
    # which a test's transaction never reaches).
    cache.clear()
    healthz(RequestFactory().get("/healthz"))

    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("wagtail.models.Page.route_for_request", down)
    spanish = client.get("/es/blog/")
    assert spanish.status_code == 503
    page = BeautifulSoup(spanish.content, "html.parser")
    assert page.html["lang"] == "es"
    assert page.h1.get_text() == "Vuelva a intentarlo en un momento"
    assert "988 Lifeline en español" in page.select_one(".crisis-notice").get_text()
    assert page.select_one(".site-header__brand")["href"] == "/es/"

    english = BeautifulSoup(client.get("/blog/").content, "html.parser")
    assert english.html["lang"] == "en"
    assert english.h1.get_text() == "Please try again in a moment"
    assert "Suicide & Crisis Lifeline" in english.select_one(".crisis-notice").get_text()

    thanks = client.get("/es/solicitar-una-consulta/gracias/?location=hood-river")
    assert thanks.status_code == 200
    page = BeautifulSoup(thanks.content, "html.parser")
    assert page.html["lang"] == "es"
    assert page.h1.get_text() == "Gracias: su solicitud fue enviada"
    assert "Si desea hablar con nosotros antes, llame a Hood River, OR al (541)" in " ".join(
        page.get_text().split()
    )
    assert "Este formulario no es para emergencias" in page.select_one(".form-emergency").get_text()
    assert page.find("a", string="Volver a la página de inicio")["href"] == "/es/"
