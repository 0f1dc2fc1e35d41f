"""Site chrome: everything clinic-specific comes from settings and menus."""

import pytest

from core.models import NavigationSettings, SiteSettings
from tests.factories.core import edit_site_text
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_settings_reach_every_page(client, demo_site):
    settings = SiteSettings.for_site(demo_site)
    settings.clinic_name = "Drizzle Health Collective"
    settings.phone = "(541) 555-0199"
    settings.save()
    edit_site_text(
        phone_label="Ring us",
        crisis_notice="<p>Crisis line: text HOME to 741741.</p>",
        footer_text="<p>Fine print for testing.</p>",
    )

    for url in ["/", "/about/", "/privacy/", "/search/?q=care", "/does-not-exist/"]:
        response = client.get(url)
        html = response.content.decode()
        assert "Drizzle Health Collective" in html, url
        assert 'href="tel:+15415550199"' in html, url
        assert "Ring us" in html, url
        assert "Crisis line: text HOME to 741741." in html, url
        assert "Fine print for testing." in html, url
        # The demo values are gone from the chrome and the site name.
        chrome = _chrome(html)
        assert "Rainfall Medicine" not in chrome, url
        assert "555-0100" not in chrome, url


def test_menus_reach_the_page(client, demo_site):
    home = demo_site.root_page.specific
    extra = StandardPageFactory(parent=home, title="Insurance & fees", slug="fees")
    nav = NavigationSettings.for_site(demo_site)
    nav.header_links = [
        ("link", {"page": extra, "url": "", "label": "Costs"}),
        ("link", {"page": None, "url": "https://example.org/resources", "label": "Resources"}),
    ]
    nav.footer_links = [("link", {"page": extra, "url": "", "label": "Fees (footer)"})]
    nav.save()

    html = client.get("/about/").content.decode()
    assert '<a class="site-nav__link" href="/fees/">Costs</a>' in html
    assert 'href="https://example.org/resources">Resources</a>' in html
    assert "Fees (footer)" in html
    # The old demo menu item is gone from the header menu.
    header = html.split('aria-label="Main"')[1].split("</nav>")[0]
    assert ">About<" not in header


def test_current_page_is_marked_in_menu(client, demo_site):
    html = client.get("/about/").content.decode()
    assert 'href="/about/" aria-current="page"' in html


def test_consultation_button_uses_the_chosen_page(client, demo_site):
    home = demo_site.root_page.specific
    target = StandardPageFactory(parent=home, title="Book", slug="book-a-visit")
    settings = SiteSettings.for_site(demo_site)
    settings.consultation_page = target
    settings.save()
    edit_site_text(consultation_label="Book a visit")
    html = client.get("/").content.decode()
    assert '<a class="button site-header__cta" href="/book-a-visit/">Book a visit</a>' in html


def test_skip_link_and_landmarks(client, demo_site):
    html = client.get("/").content.decode()
    assert html.index('class="skip-link" href="#main"') < html.index("<header")
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert '<html lang="en"' in html


def test_no_third_party_assets_on_public_pages(client, demo_site):
    import re

    for url in ["/", "/about/", "/search/?q=ketamine"]:
        html = client.get(url).content.decode()
        loads = re.findall(
            r'<(?:script|img|iframe|source|video|audio)[^>]+src(?:set)?="([^"]+)"', html
        )
        loads += re.findall(
            r'<link[^>]+rel="(?:stylesheet|preload|modulepreload|icon|preconnect)"[^>]+href="([^"]+)"',
            html,
        )
        assert loads, url
        for target in loads:
            assert not target.startswith(("http://", "https://", "//")), (url, target)


def _chrome(html):
    header = html[html.index("<header") : html.index("</header>")]
    footer = html[html.index("<footer") : html.index("</footer>")]
    site_name = [line for line in html.splitlines() if "og:site_name" in line]
    return header + footer + "".join(site_name)
