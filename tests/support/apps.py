from django.apps import AppConfig


class TestSupportConfig(AppConfig):
    """Installed by the test settings only: what the suite changes in Django's
    own machinery, named where one looks for it (see the flush command)."""

    name = "tests.support"
    label = "tests_support"
