"""System checks of the project's own settings (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

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
                id="core.W001",
            )
        ]
    return []


LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 - names, not a bind


def site_url_problem(url):
    """Why ``url`` cannot be the public site's address, or None."""
    if not url:
        return "SITE_URL is not set"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"SITE_URL {url!r} is not an http(s) address"
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return f"SITE_URL {url!r} has more than a scheme and a host"
    if parts.hostname in LOCAL_HOSTS:
        return f"SITE_URL {url!r} points at this machine"
    return None


@register(Tags.security, deploy=True)
def site_url(app_configs, **kwargs):
    problem = site_url_problem(getattr(settings, "SITE_URL", ""))
    if problem is None:
        return []
    return [
        Error(
            f"{problem}: canonical links, og:url, the sitemap, structured data and "
            "email links would name localhost.",
            hint="Set SITE_URL to the public address (e.g. https://www.example.org); "
            "`manage.py ensure_site` then writes it into the default Site.",
            id="core.E001",
        )
    ]
