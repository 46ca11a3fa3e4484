"""The address of the person behind a request, for the login lockout (django-axes) and the API
token limiter.

Without a proxy it is `REMOTE_ADDR`. Behind reverse proxies listed in `TRUSTED_PROXIES`
(addresses or networks), each proxy appends the address it received from to
`X-Forwarded-For`: the client is the right-most address there that is not a trusted proxy.
Anything to its left was written by the client and is never believed; and `X-Forwarded-For`
is ignored entirely unless the request came from a trusted proxy, so a client reaching the
desk directly cannot choose its own address.
"""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's IP address, read through the trusted proxies (see the module's doc)."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if _is_trusted(hop, networks):
            continue
        try:
            return str(ipaddress.ip_address(hop))
        except ValueError:  # a proxy that writes no address: the proxy is all we know
            return remote
    return hops[0] if hops else remote
