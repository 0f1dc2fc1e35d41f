"""What many renders share through the shared cache (pagecache.chrome and
pagecache.sites): the table of Sites, whether any page has a privacy
setting, the default share image. Each must follow a change at once, and
only plain data is stored."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Page, PageViewRestriction, Site
from wagtailseo.models import SeoSettings

from core.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_a_page_made_private_is_never_served_from_the_cache_again(client, demo_site, committed):
    for url in ["/locations/", "/locations/portland/"]:
        assert client.get(url)["X-Cache"] == "MISS"
        assert client.get(url)["X-Cache"] == "HIT"
    index = Page.objects.get(url_path="/home/locations/")
    with committed():
        restriction = PageViewRestriction.objects.create(
            page=index, restriction_type=PageViewRestriction.LOGIN
        )
    for url in ["/locations/", "/locations/portland/"]:  # the section and a page in it
        response = client.get(url)
        assert response.status_code == 302, url  # to the login page, not the cached copy
        assert "login" in response["Location"]
    assert client.get("/about/").status_code == 200  # other pages stay public

    with committed():
        restriction.delete()
    response = client.get("/locations/portland/")
    assert response.status_code == 200 and response["X-Cache"] == "MISS"


def test_group_and_password_restrictions_are_still_enforced(client, demo_site, committed):
    about = Page.objects.get(url_path="/home/about/")
    with committed():
        PageViewRestriction.objects.create(
            page=about, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-words"
        )
    response = client.get("/about/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert "About us" not in response.content.decode()
    with committed():
        PageViewRestriction.objects.all().delete()
        group_restriction = PageViewRestriction.objects.create(
            page=about, restriction_type=PageViewRestriction.GROUPS
        )
        group_restriction.groups.add(Group.objects.get_or_create(name="Staff only")[0])
    assert client.get("/about/").status_code == 302


def test_site_changes_apply_to_the_next_request(client, demo_site, committed, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "other.example", "renamed.example"]
    other_host = Client(HTTP_HOST="other.example")
    home_heading = demo_site.root_page.specific.hero_heading
    # An unknown host name gets the default site (and that answer was cached).
    assert home_heading in other_host.get("/").content.decode()
    privacy = Page.objects.get(url_path="/home/privacy/")
    with committed():
        other = Site.objects.create(hostname="other.example", port=80, root_page=privacy)
    response = other_host.get("/")
    assert response.status_code == 200
    assert "Privacy policy" in response.content.decode()
    assert home_heading not in response.content.decode()
    with committed():
        other.hostname = "renamed.example"
        other.save()
    assert home_heading in other_host.get("/").content.decode()
    assert "Privacy policy" in Client(HTTP_HOST="renamed.example").get("/").content.decode()


def test_only_plain_data_goes_into_the_shared_cache(client, demo_site, monkeypatch):
    """No model instance (or anything else whose meaning an upgrade could
    change) is stored: every value written while each page type is rendered
    uncached, then served from the cache, is plain data."""
    from django.core.cache import cache

    from pagecache.chrome import is_plain, store

    written = []
    real_set, real_set_many, real_add = cache.set, cache.set_many, cache.add
    monkeypatch.setattr(
        cache, "set", lambda k, v, *a, **kw: (written.append((k, v)), real_set(k, v, *a, **kw))[1]
    )
    monkeypatch.setattr(
        cache, "add", lambda k, v, *a, **kw: (written.append((k, v)), real_add(k, v, *a, **kw))[1]
    )
    monkeypatch.setattr(
        cache,
        "set_many",
        lambda d, *a, **kw: (written.extend(d.items()), real_set_many(d, *a, **kw))[1],
    )
    urls = [p.url for p in Page.objects.live().filter(depth__gt=1).specific()]
    for url in [*urls, "/blog/?page=1", "/request-a-consultation/?location=portland"]:
        for _ in range(2):
            assert client.get(url).status_code == 200, url
    pagecache_values = [(k, v) for k, v in written if k.startswith("pagecache:")]
    assert len(pagecache_values) > 20
    assert [k for k, v in pagecache_values if not is_plain(v)] == []
    with pytest.raises(TypeError):
        store("pagecache:test", SiteSettings.for_site(demo_site))


def test_default_share_image_follows_the_seo_settings(client, demo_site, committed):
    import wagtail_factories

    def og_image(response):
        html = response.content.decode()
        marker = 'property="og:image" content="'
        return html.split(marker, 1)[1].split('"', 1)[0] if marker in html else ""

    before = og_image(client.get("/about/"))
    seo = SeoSettings.for_site(demo_site)
    seo.og_image_default = wagtail_factories.ImageFactory(title="New default")
    with committed():
        seo.save()
    after = og_image(client.get("/about/"))
    assert after.startswith("http") and after != before
    assert ".fill-1200x630." in after


def test_clear_page_cache_makes_every_page_stale(client, demo_site):
    from io import StringIO

    from django.core.management import call_command

    for url in ["/", "/about/", "/blog/"]:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT"
    out = StringIO()
    call_command("clear_page_cache", stdout=out)
    assert "cleared" in out.getvalue()
    for url in ["/", "/about/", "/blog/"]:
        assert client.get(url)["X-Cache"] == "MISS", url
