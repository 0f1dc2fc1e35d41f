"""The visitor's address behind reverse proxies.

``client_ip``: X-Forwarded-For is read only when the connection comes from
one of ``TRUSTED_PROXIES`` (addresses or networks); then the right-most
address in it that is not a trusted proxy is the client (each proxy appends
the address it saw; anything further left was written by the client). A
client reaching the app directly, or writing its own X-Forwarded-For,
escapes nothing. Used by django-axes (AXES_CLIENT_IP_CALLABLE), the access
log and the consultation form's rate limit.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def trusted_networks(entries):
    """``TRUSTED_PROXIES`` (addresses or CIDR networks) as networks."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def is_trusted_proxy(address):
    networks = trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks:
        return False
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind a trusted proxy the
    right-most X-Forwarded-For entry that is not itself a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not is_trusted_proxy(remote):
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    for hop in reversed(forwarded):
        if not is_trusted_proxy(hop):
            return hop[:64]
    # Only proxies (or nothing) in the header: the earliest one is the client.
    return (forwarded[0] if forwarded else remote)[:64]
