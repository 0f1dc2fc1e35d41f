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


@pytest.fixture
def cache_down(settings):
    """The page cache's shared cache does not answer (a Redis nobody listens
    to, behind the site's fail-fast wrapper), with this process's outage
    memory empty."""
    from clinic_site.settings.base import cache_settings
    from pagecache import tags as cache_tags

    down = cache_settings("redis://127.0.0.1:1/0", key_prefix="down", location="down")
    settings.CACHES = {**settings.CACHES, "down": down["default"]}
    settings.PAGE_CACHE_ALIAS = "down"
    cache_tags.forget_outage()
