"""System checks of the project's own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

INSECURE_COOKIES_MESSAGE = (
    "INSECURE_COOKIES_OVER_HTTP is on: the session and CSRF cookies are sent "
    "without Secure, so a staff session travels in clear over plain HTTP."
)


@register(Tags.security, deploy=True)
def insecure_cookies(app_configs, **kwargs):
    if getattr(settings, "INSECURE_COOKIES_OVER_HTTP", False):
        return [
            Warning(
                INSECURE_COOKIES_MESSAGE,
                hint="Only for trying the site over plain HTTP; unset it for any real use.",
                id="home.W001",
            )
        ]
    return []
