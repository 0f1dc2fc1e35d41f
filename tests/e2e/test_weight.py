"""The budget's summing code: it adds what it should, and a page over budget fails."""

import gzip
import os

from tests.e2e.weight import BUDGET, KB, Resource, page_weight

ORIGIN = "http://localhost:8081"


def resource(path, kind, body, **kwargs):
    return Resource(url=ORIGIN + path, resource_type=kind, body=body, **kwargs)


def test_text_is_counted_gzipped_and_images_are_left_out_of_the_totals():
    html = b"<p>Ketamine therapy</p>" * 500
    weight = page_weight(
        [
            resource("/", "document", html),
            resource("/static/css/site.css", "stylesheet", b"a{color:red}"),
            resource("/static/js/site.js", "script", b"x", content_encoding="br", encoded_length=7),
            resource("/media/hero.avif", "image", b"\0" * 500_000),
        ],
        ORIGIN,
    )
    assert weight.by_kind["html"] == len(gzip.compress(html, compresslevel=9)) < len(html)
    assert weight.by_kind["js"] == 7  # already compressed: its own length
    assert weight.by_kind["image"] == 500_000
    assert weight.text == weight.by_kind["html"] + weight.by_kind["css"] + 7
    assert weight.over_budget() == []  # half a megabyte of image is not in the budget


def test_a_page_over_budget_fails():
    incompressible = os.urandom(25 * KB)
    weight = page_weight(
        [
            resource("/", "document", os.urandom(30 * KB)),
            resource("/static/css/a.css", "stylesheet", incompressible),
            resource("/static/js/a.js", "script", os.urandom(16 * KB)),
        ],
        ORIGIN,
    )
    problems = weight.over_budget()
    assert len(problems) == 3
    assert problems[0].startswith("HTML+CSS+JS") and weight.text > BUDGET["text"]
    assert problems[1].startswith("CSS") and problems[2].startswith("JS")


def test_requests_to_other_hosts_fail_and_data_urls_do_not():
    weight = page_weight(
        [
            resource("/", "document", b"<p>hi</p>"),
            Resource("https://fonts.example.com/a.woff2", "font", b"x"),
            Resource("http://localhost:9999/other-port.js", "script", b"x"),
            Resource("data:image/png;base64,AAAA", "image", b"x"),
        ],
        ORIGIN,
    )
    assert weight.foreign == [
        "https://fonts.example.com/a.woff2",
        "http://localhost:9999/other-port.js",
    ]
    assert weight.over_budget() == [f"request to another host: {url}" for url in weight.foreign]
    assert "js" not in weight.by_kind and "font" not in weight.by_kind


def test_the_face_fits_the_font_budget_once_but_not_twice():
    face = resource("/static/fonts/face.woff2", "font", os.urandom(29 * KB))
    assert page_weight([resource("/", "document", b"<p>hi</p>"), face], ORIGIN).over_budget() == []
    twice = page_weight([resource("/", "document", b"<p>hi</p>"), face, face], ORIGIN)
    assert twice.over_budget() == [f"FONT {58 * KB} B > {BUDGET['font']} B"]
