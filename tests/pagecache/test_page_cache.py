"""The full-page cache: hits for anonymous pages, misses for visitor-specific
ones, exact invalidation, and a valid CSRF token on a cached form."""

import gzip

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import Page

from blog.models import ArticlePage
from booking.models import BookingPage
from core.models import NavigationSettings, SiteSettings
from forms_app.forms import HONEYPOT_FIELD, TOKEN_FIELD
from forms_app.models import ConsultationPage, ConsultationSubmission
from home.models import StandardPage
from locations.models import LocationPage

pytestmark = pytest.mark.django_db


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def text(response):
    return response.content.decode()


def test_anonymous_pages_are_served_from_the_cache(client, demo_site, django_assert_num_queries):
    urls = [
        p.url
        for p in Page.objects.live().filter(depth__gt=1).specific()
        # The form and the booking page (its free times change with every
        # booking and with the clock) are never stored.
        if not isinstance(p, (ConsultationPage, BookingPage))
    ]
    assert len(urls) >= 6
    for url in urls:
        first = get(client, url)
        assert first["X-Cache"] == "MISS", url
        with django_assert_num_queries(0):
            second = get(client, url)
        assert second["X-Cache"] == "HIT"
        assert second.content == first.content
        cache_control = second["Cache-Control"]
        assert "public" in cache_control and "s-maxage=" in cache_control
        assert "stale-while-revalidate=" in cache_control
        # The headers a rendered page gets from the middleware that a hit
        # skips (sessions, CSRF, clickjacking) or passes through.
        for header in ("X-Frame-Options", "Content-Security-Policy", "Permissions-Policy"):
            assert second[header] == first[header], header
        vary = {v.strip() for v in second["Vary"].split(",")}
        assert vary == {v.strip() for v in first["Vary"].split(",")}
        assert vary == {"Accept-Encoding", "Cookie"}


def test_compressed_hit_with_vary(client, demo_site):
    get(client, "/about/")
    response = get(client, "/about/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"<html" in gzip.decompress(response.content)
    # The uncompressed variant for a client that asks for none.
    assert "Content-Encoding" not in get(client, "/about/")


def test_visitor_specific_responses_are_never_cached(client, demo_site, admin_user):
    # Search results, unknown query parameters.
    for url in ["/search/?q=ketamine", "/about/?ref=x", "/about/?q=<script>"]:
        for _ in range(2):
            response = client.get(url)
            assert response.get("X-Cache") != "HIT", url
    # A logged-in editor gets the page rendered for them, private.
    get(client, "/about/")
    get(client, "/about/")
    editor = Client()
    editor.force_login(admin_user)
    response = get(editor, "/about/")
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]
    # A preview is not served by the page view at all; a 404 is not stored.
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/no-such-page/").get("X-Cache") is None


def test_publishing_a_page_refreshes_it_and_its_listing_only(client, demo_site, committed):
    article = ArticlePage.objects.live().first()
    index_url = article.get_parent().url
    for url in [article.url, index_url, "/about/"]:
        get(client, url)
    article.title = "A brand new title"
    with committed():
        article.save_revision().publish()
    assert "A brand new title" in text(get(client, article.url))
    assert "A brand new title" in text(get(client, index_url))
    assert get(client, "/about/")["X-Cache"] == "HIT"  # nothing else thrown away


def test_a_change_another_server_makes_during_a_render_is_not_hidden(client, demo_site):
    """Another app server publishes while this one renders the page: the
    copy stored from the render is under the versions read before it, so the
    next visitor gets the new page, not the old one kept as current."""
    from wagtail import hooks

    from pagecache import tags as cache_tags

    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    client.get("/about/")
    cache_tags.purge(cache_tags.page_tag(about), frontend=False)  # the next one renders

    def other_server_publishes(page, request, serve_args, serve_kwargs):
        StandardPage.objects.filter(pk=about.pk).update(title="About us, renamed")
        # Its purge: a new version in the shared cache, nothing in this process.
        key = cache_tags.tag_key(cache_tags.page_tag(about))
        cache_tags.cache().set(key, cache_tags.new_version(), None)

    with hooks.register_temporarily("before_serve_page", other_server_publishes, order=10):
        during = client.get("/about/")
    assert during["X-Cache"] == "MISS" and "About us, renamed" not in text(during)
    after = client.get("/about/")
    assert after["X-Cache"] == "MISS"
    assert "About us, renamed" in text(after)
    assert client.get("/about/")["X-Cache"] == "HIT"


def test_unpublishing_and_moving_and_deleting(client, demo_site, committed):
    about = StandardPage.objects.get(slug="about")
    get(client, about.url)
    with committed():
        about.unpublish()
    assert client.get("/about/").status_code == 404
    with committed():
        about.save_revision().publish()
    get(client, "/about/")
    get(client, "/about/")

    privacy = StandardPage.objects.get(slug="privacy")
    with committed():
        privacy.move(about, pos="last-child")
    # The old address redirects (Wagtail keeps a redirect), no stale copy.
    assert client.get("/privacy/").status_code == 301
    assert get(client, "/about/privacy/")
    with committed():
        Page.objects.get(pk=privacy.pk).delete()
    assert client.get("/about/privacy/").status_code == 404


def test_site_settings_and_menus_refresh_every_page(client, demo_site, committed):
    for url in ["/", "/about/"]:
        get(client, url)
    settings = SiteSettings.for_site(demo_site)
    settings.phone = "(503) 555-0177"
    with committed():
        settings.save()
    for url in ["/", "/about/"]:
        response = get(client, url)
        assert response["X-Cache"] == "MISS"
        assert "555-0177" in text(response)
    nav = NavigationSettings.for_site(demo_site)
    with committed():
        nav.save()
    assert get(client, "/about/")["X-Cache"] == "MISS"


def test_location_publish_refreshes_the_footer_everywhere(client, demo_site, committed):
    get(client, "/about/")
    location = LocationPage.objects.live().filter(locale__language_code="en").first()
    location.title = "Renamed clinic"
    with committed():
        location.save_revision().publish()
    assert "Renamed clinic" in text(get(client, "/about/"))


def test_moving_a_page_the_menus_link_refreshes_the_menus_everywhere(client, demo_site, committed):
    def menu_links(url):
        page = BeautifulSoup(get(client, url).content, "html.parser")
        return [a["href"] for a in page.select(".site-nav a, .site-footer__nav a")]

    assert "/about/" in menu_links("/blog/")
    about = StandardPage.objects.get(slug="about")
    about.slug = "who-we-are"
    with committed():
        about.save_revision().publish()
    links = menu_links("/blog/")
    assert "/who-we-are/" in links
    assert "/about/" not in links


def test_snippet_saves_refresh_the_pages_that_show_them(client, demo_site, committed):
    article = ArticlePage.objects.live().exclude(topics=None).first()
    get(client, article.url)
    get(client, "/about/")
    topic = article.topics.first()
    topic.name = "Renamed topic"
    with committed():
        topic.save()
    assert "Renamed topic" in text(get(client, article.url))
    assert get(client, "/about/")["X-Cache"] == "HIT"


def test_an_image_replaced_in_the_admin_shows_on_the_cached_article(
    client, demo_site, admin_client, committed
):
    """An editor uploads a new file for an article's photo: the cached article
    shows the new picture (the old file and its renditions are deleted, so a
    stale page would show broken images); unrelated pages stay cached."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from PIL import Image as PILImage

    article = ArticlePage.objects.live().exclude(hero_image=None).first()
    assert article is not None, "the demo has an article with a photo"
    image = article.hero_image

    def picture_urls(response):
        soup = BeautifulSoup(response.content, "html.parser")
        picture = soup.select_one(".article__hero picture")
        assert picture is not None
        candidates = [img["src"] for img in picture.select("img")] + [
            candidate.split()[0]
            for source in picture.select("source")
            for candidate in source["srcset"].split(",")
        ]
        return {url.strip() for url in candidates}

    old_urls = picture_urls(get(client, article.url))
    assert get(client, article.url)["X-Cache"] == "HIT"
    get(client, "/about/")

    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 1000), (200, 40, 40)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("replacement-photo.png", buffer.getvalue(), "image/png")
    with committed():
        response = admin_client.post(
            reverse("wagtailimages:edit", args=[image.pk]),
            {"title": image.title, "collection": image.collection_id, "tags": "", "file": upload},
        )
    assert response.status_code == 302, response.content.decode()[:2000]

    fresh = get(client, article.url)
    assert fresh["X-Cache"] == "MISS"
    new_urls = picture_urls(fresh)
    assert new_urls and all("/replacement-photo." in url for url in new_urls)
    assert not old_urls & new_urls
    assert get(client, "/about/")["X-Cache"] == "HIT"


def fill_in(response):
    """Every field of the shown form, filled in as a person would."""
    form = BeautifulSoup(response.content, "html.parser").select_one("form[method=post]")
    data = {}
    for field in form.select("input, select, textarea"):
        name, kind = field.get("name"), field.get("type", "")
        if not name or name in data:
            continue
        if field.name == "select":
            data[name] = next(o["value"] for o in field.select("option") if o.get("value"))
        elif kind == "hidden":
            data[name] = field.get("value", "")
        elif kind in ("radio", "checkbox"):
            data[name] = field.get("value", "on")
        elif kind == "email":
            data[name] = "ada@example.test"
        elif kind == "tel":
            data[name] = "503.555.0199"
        elif name != HONEYPOT_FIELD:
            data[name] = "Ada Example"
    data[HONEYPOT_FIELD] = ""
    return data


def form_tokens(response):
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form[method=post]")
    return (
        form.select_one("input[name=csrfmiddlewaretoken]")["value"],
        form.select_one(f"input[name={TOKEN_FIELD}]")["value"],
    )


def test_cached_consultation_form_gets_fresh_tokens_and_a_valid_csrf(
    demo_site, settings, django_capture_on_commit_callbacks
):
    settings.CONSULTATION_MIN_SECONDS = 0
    page = ConsultationPage.objects.live().get(locale__language_code="en")
    Client().get(page.url)  # stores it
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    responses = [get(v, page.url) for v in visitors]
    assert all(r["X-Cache"] == "HIT" for r in responses)
    assert "no-store" in responses[0]["Cache-Control"]
    assert "@@pagecache" not in text(responses[0])
    tokens = [form_tokens(r) for r in responses]
    assert tokens[0][0] != tokens[1][0] and tokens[0][1] != tokens[1][1]
    assert all(v.cookies.get("csrftoken") for v in visitors)

    for visitor, response in zip(visitors, responses, strict=True):
        data = fill_in(response)
        with django_capture_on_commit_callbacks(execute=True):
            response = visitor.post(page.url, data)
        assert response.status_code == 303, response.content[:500]
    assert ConsultationSubmission.objects.filter(status="new").count() == 2
    # The thank-you page is the same for everyone (it names the chosen
    # clinic's phone at most): cached, with no token in it. A form with
    # errors is never cached.
    thanks = [v.get(page.url + "thank-you/?location=portland") for v in visitors]
    assert [r["X-Cache"] for r in thanks] == ["MISS", "HIT"]
    assert thanks[0].content == thanks[1].content
    assert "csrfmiddlewaretoken" not in text(thanks[1])
    assert "Portland" in text(thanks[1])
    error = visitors[0].post(page.url, {"csrfmiddlewaretoken": tokens[0][0]})
    assert "X-Cache" not in error
    # A foreign CSRF token is still refused.
    refused = visitors[1].post(page.url, {"csrfmiddlewaretoken": tokens[0][0]})
    assert refused.status_code == 403


def test_cached_form_keeps_a_returning_visitors_csrf_secret(demo_site, settings):
    """A visitor who already has a CSRF cookie keeps it: each cached form
    carries a new token for it (Django's get_token) that Django's own check
    accepts, and a malformed cookie is replaced by a new one that works."""
    page = ConsultationPage.objects.live().get(locale__language_code="en")
    Client().get(page.url)  # stores it
    visitor = Client(enforce_csrf_checks=True)
    first = get(visitor, page.url)
    assert first["X-Cache"] == "HIT"
    secret = visitor.cookies["csrftoken"].value
    assert len(secret) == 32
    tokens = set()
    for _ in range(3):
        again = get(visitor, page.url)
        assert again["X-Cache"] == "HIT"
        token = form_tokens(again)[0]
        assert len(token) == 64
        assert visitor.cookies["csrftoken"].value == secret
        tokens.add(token)
    assert len(tokens) == 3  # masked afresh every time
    accepted = visitor.post(page.url, {"csrfmiddlewaretoken": token})
    assert accepted.status_code == 200  # the form's own errors, not a 403

    malformed = Client(enforce_csrf_checks=True)
    malformed.cookies["csrftoken"] = "not a secret!"
    response = get(malformed, page.url)
    new_secret = malformed.cookies["csrftoken"].value
    assert new_secret != "not a secret!" and len(new_secret) == 32
    posted = malformed.post(page.url, {"csrfmiddlewaretoken": form_tokens(response)[0]})
    assert posted.status_code == 200  # accepted: the form's own errors, not a 403


def test_tracking_parameters_share_the_cached_page(client, demo_site):
    """Links from newsletters and social networks carry utm_*/fbclid/gclid:
    the same page, served from the cache; other unknown parameters are not."""
    first = get(client, "/about/")
    assert first["X-Cache"] == "MISS"
    for query in ["?utm_source=newsletter&utm_medium=email", "?fbclid=IwAR0abc", "?gclid=x1"]:
        response = get(client, f"/about/{query}")
        assert response["X-Cache"] == "HIT", query
        assert response.content == first.content
    response = get(client, "/about/?utm_source=a&unknown=1")
    assert "X-Cache" not in response or response["X-Cache"] != "HIT"
    assert "private" in response["Cache-Control"]


def test_cached_consultation_form_compressed_with_fresh_tokens(
    demo_site, settings, django_capture_on_commit_callbacks
):
    """A browser that accepts gzip gets the cached form compressed (the page
    compressed once when stored, only the fresh tokens on each hit), with its
    own tokens, and the request it sends with them is accepted."""
    settings.CONSULTATION_MIN_SECONDS = 0
    page = ConsultationPage.objects.live().get(locale__language_code="en")
    plain = get(Client(), page.url)  # stores it
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    responses = [get(v, page.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br") for v in visitors]
    pages = []
    for response in responses:
        assert response["X-Cache"] == "HIT"
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.content)
        html = gzip.decompress(response.content)
        assert len(response.content) < len(html) / 2
        assert b"@@pagecache" not in html
        response.content = html  # what the browser reads
        pages.append(response)
    tokens = [form_tokens(r) for r in pages]
    assert tokens[0][0] != tokens[1][0] and tokens[0][1] != tokens[1][1]
    # The same page as an uncompressed one, but for the tokens.
    assert text(pages[0]).replace(tokens[0][0], "").replace(tokens[0][1], "") == text(
        plain
    ).replace(form_tokens(plain)[0], "").replace(form_tokens(plain)[1], "")
    data = fill_in(pages[1])
    with django_capture_on_commit_callbacks(execute=True):
        sent = visitors[1].post(page.url, data)
    assert sent.status_code == 303
    assert ConsultationSubmission.objects.count() == 1


def test_fresh_values_go_in_uncompressed_whatever_their_length():
    """Each hit's tokens are stored deflate blocks: the stream stays valid for
    any value (empty, over one block's 65,535 bytes) and the value's bytes are
    in it verbatim, never compressed with the page's text."""
    from pagecache.middleware import MARKER, compressed_parts, gzip_with_fresh

    body = b"a" * 1000 + MARKER % (b"x", b"") + b"b" * 70000 + MARKER % (b"y", b"1") + b"end"
    values = {"x": b"", "y": bytes(range(256)) * 300}
    stream = gzip_with_fresh(compressed_parts(body), lambda name, arg: values[name])
    assert gzip.decompress(stream) == b"a" * 1000 + b"b" * 70000 + values["y"] + b"end"
    assert values["y"][:65535] in stream
