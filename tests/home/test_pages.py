import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailTestUtils  # noqa: F401  (assert helpers below)

from home.models import HomePage, StandardPage
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_renders_hero_and_body(client, demo_site):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    home = demo_site.root_page.specific
    assert home.hero_heading in html
    assert "Care for depression that hasn’t lifted" in html
    assert '<main id="main"' in html
    assert 'href="#main"' in html


def test_standard_page_renders_title_intro_and_body(client, home_page):
    page = StandardPageFactory(
        parent=home_page,
        title="About the team",
        slug="team",
        intro="<p>We are clinicians.</p>",
        body=[("paragraph", "<p>Distinctive body sentence.</p>")],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>About the team</h1>" in html
    assert "We are clinicians." in html
    assert "Distinctive body sentence." in html


def test_page_tree_rules(home_page):
    root = Page.get_first_root_node()
    assert HomePage.can_create_at(root)
    assert StandardPage.can_create_at(home_page)
    assert not StandardPage.can_create_at(root)
    standard = StandardPageFactory(parent=home_page)
    assert StandardPage.can_create_at(standard)
    assert not HomePage.can_create_at(home_page)
    assert not HomePage.can_create_at(standard)
    assert StandardPage in HomePage.allowed_subpage_models()
    assert StandardPage.allowed_subpage_models() == [StandardPage]
