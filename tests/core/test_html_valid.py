"""Every page type of the demo site is valid HTML (the Nu checker, vnu.jar).

The checker comes from the npm package vnu-jar (package.json, installed by
`make install`) and runs on Java (Debian's default-jre-headless; .ci/run
installs it when missing). One run checks every page: the JVM starts once.
"""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# One page of each type, and the states a visitor meets on them.
PAGES = [
    "/",
    "/about/",
    "/locations/",
    "/locations/portland/",
    "/request-a-consultation/",
    "/request-a-consultation/?location=hood-river",
    "/request-a-consultation/thank-you/",
    "/blog/",
    "/blog/?page=2",
    "/blog/topic/depression/",
    "/blog/how-does-ketamine-help-depression/",
    "/search/?q=ketamine",
    "/search/?q=%3Cscript%3E",
    "/no-such-page/",
    # The notices every footer links (the taglines: 18 languages, two scripts
    # written right to left).
    "/notice-of-privacy-practices/",
    "/nondiscrimination/",
    "/language-assistance/",
    "/accessibility/",
    "/good-faith-estimate/",
    # What care costs.
    "/costs/",
    # The Spanish site.
    "/es/",
    "/es/quienes-somos/",
    "/es/clinicas/",
    "/es/clinicas/portland/",
    "/es/solicitar-una-consulta/",
    "/es/solicitar-una-consulta/gracias/",
    "/es/blog/",
    "/es/blog/como-ayuda-la-ketamina-con-la-depresion/",
    "/es/search/?q=ketamina",
    "/es/aviso-de-practicas-de-privacidad/",
    "/es/asistencia-linguistica/",
    "/es/presupuesto-de-buena-fe/",
    "/es/costos/",
    "/book/",
    "/es/reservar/",
]


def nu_errors(documents):
    """{name: [messages]} of the Nu checker's errors, for {name: html}."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.skip("The Nu checker needs java and node_modules (make install).")
    names = {}
    with tempfile.TemporaryDirectory() as tmp:
        for index, (name, html) in enumerate(documents.items()):
            path = Path(tmp) / f"page{index}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        result = subprocess.run(  # noqa: S603 - fixed arguments, our own files
            [
                java,
                "-jar",
                str(VNU),
                "--errors-only",
                "--format",
                "json",
                *map(str, Path(tmp).glob("*.html")),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = {}
    for message in messages:
        url = message.get("url", "")
        name = names.get(url.rsplit("/", 1)[-1], url)
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} {message.get('extract', '')!r}"
        )
    return errors


# A document the checker must fault, checked in the same run: proof that it
# ran and read the files (no output at all would otherwise pass).
KNOWN_BAD = (
    '<!DOCTYPE html><html lang="en"><title>x</title><input type="hidden" autocomplete="off">'
)


def test_every_page_type_has_no_html_errors(client, demo_site):
    documents = {"known bad": KNOWN_BAD}
    for url in PAGES:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        documents[url] = response.content.decode()
    assert "consultation-form" in documents["/request-a-consultation/"]
    # The form as a visitor sees it after a mistake (error messages,
    # aria-describedby and aria-invalid on the fields).
    response = client.post("/request-a-consultation/", {"full_name": "", "email": "not-an-email"})
    documents["form with errors"] = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in documents["form with errors"]

    documents.update(booking_documents(client))

    errors = nu_errors(documents)
    assert "autocomplete" in " ".join(errors.pop("known bad", []))
    assert errors == {}


def booking_documents(client):
    """The booking page's other states: a day's times (both languages), the
    form sent back with mistakes, and a confirmation."""
    import re

    from booking.models import AppointmentType

    kind = AppointmentType.objects.filter(locale__language_code="en").first()
    documents = {}
    for url in (f"/book/?type={kind.pk}", f"/es/reservar/?type={kind.pk}"):
        documents[url] = client.get(url).content.decode()
    time = re.search(r'name="time" value="([^"]+)"', documents[f"/book/?type={kind.pk}"])[1]
    response = client.post("/book/", {"type": kind.pk, "time": time, "email": "not-an-email"})
    assert response.status_code == 400
    documents["booking with errors"] = response.content.decode()
    response = client.post(
        "/book/",
        {
            "type": kind.pk,
            "time": time,
            "name": "Ada Example",
            "email": "ada@example.test",
            "contact_language": "en",
            "consent": "on",
        },
    )
    assert response.status_code == 303
    documents["booking confirmation"] = client.get(response["Location"]).content.decode()
    documents.update(booking_change_documents(client))
    return documents


def booking_change_documents(client):
    """The booking's change page (move or cancel by the emailed link) and the
    pages of a link that is wrong, expired or already used."""
    from django.db.models import F
    from django.test import override_settings

    from booking.models import Booking, BookingPage

    booking = Booking.objects.filter(is_block=False).latest("created_at")
    page = BookingPage.objects.get(pk=booking.page_id).specific
    documents = {}
    response = client.get(page.change_path(booking))
    assert response.status_code == 200 and 'name="time"' in response.content.decode()
    documents["booking change page"] = response.content.decode()
    response = client.get(page.url + "change/not-a-real-link/")
    assert response.status_code == 404
    documents["booking link not valid"] = response.content.decode()
    with override_settings(BOOKING_CHANGE_LINK_MAX_AGE=-1):
        response = client.get(page.change_path(booking))
    assert response.status_code == 410
    documents["booking link expired"] = response.content.decode()
    used = page.change_path(booking)
    Booking.objects.filter(pk=booking.pk).update(version=F("version") + 1)
    response = client.get(used)
    assert response.status_code == 410
    documents["booking link used"] = response.content.decode()
    return documents
