"""Small helpers to read settings from the environment (12-factor).

Every deployment difference is an environment variable with a safe
development default; these helpers keep the parsing in one place.
"""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}.")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from exc


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_required(name, hint=""):
    value = os.environ.get(name, "").strip()
    if not value:
        message = f"The environment variable {name} is required with these settings."
        if hint:
            message = f"{message} {hint}"
        raise ImproperlyConfigured(message)
    return value


def trusted_proxies(name, default):
    """A list of IP addresses or CIDR networks; a typo is an error at start-up."""
    import ipaddress

    if "TRUSTED_PROXY_COUNT" in os.environ:
        raise ImproperlyConfigured(
            "TRUSTED_PROXY_COUNT is no longer read: set TRUSTED_PROXIES to the address(es) "
            "of the reverse proxy, e.g. TRUSTED_PROXIES=127.0.0.1 (see .env.example)."
        )
    entries = env_list(name, default)
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks (CIDR), got {entry!r}."
            ) from exc
    return entries
