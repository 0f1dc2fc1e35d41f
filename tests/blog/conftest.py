import pytest

from tests.factories.blog import BlogIndexPageFactory


@pytest.fixture
def blog_index(home_page):
    return BlogIndexPageFactory(parent=home_page)


def visible_text(soup_element):
    return " ".join(soup_element.get_text(" ").split())
