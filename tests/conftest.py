"""Fixtures shared by the whole suite (PostgreSQL, see clinic_site/settings/test.py)."""

import pytest
from django.core.management import call_command

from home.demo_content import ensure_home_page


@pytest.fixture
def site(db):
    """The default Site with a HomePage as its root (no other content)."""
    site, _home = ensure_home_page()
    return site


@pytest.fixture
def home_page(site):
    return site.root_page.specific


@pytest.fixture
def demo_site(db):
    """The full demo content, as `make run` loads it."""
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    site, _home = ensure_home_page()
    return site
