from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo content: `make run` and the tests install this app, production
    settings never do (nothing in the other apps imports it)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo content"
