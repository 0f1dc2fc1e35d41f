import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """The full-page cache as in production (test settings switch it off)."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change's after-commit purges, as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
