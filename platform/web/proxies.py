"""The client's address behind load balancers: ``X-Forwarded-For`` from trusted peers only.

Per-client limits (logins, password resets, public requests, certificate lookups) and
the audit log key on the client address. Behind a load balancer every request comes
from the balancer, so its ``X-Forwarded-For`` must be read; from anyone else the header
is a lie anybody can write, so it must be ignored. ``CLEA_TRUSTED_PROXIES`` lists the
balancers (addresses or networks); this middleware replaces ``scope["client"]`` with
the nearest address in the chain that is not a trusted proxy, walking from the right
(each proxy appends the address it received the request from). Nothing is trusted by
default: without the setting, the TCP peer is the client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

from clea_platform.core.config import IPNetwork

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(text: str) -> IPAddress | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "192.0.2.1:443"
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(peer: str, forwarded_for: str, trusted: Sequence[IPNetwork]) -> str:
    """The client's address, given the TCP peer and the ``X-Forwarded-For`` chain.

    Example:
        >>> proxies = [ipaddress.ip_network("10.0.0.0/8")]
        >>> client_address("10.0.0.5", "203.0.113.7, 10.0.0.9", proxies)
        '203.0.113.7'
        >>> client_address("198.51.100.2", "203.0.113.7", proxies)  # not a proxy: ignored
        '198.51.100.2'
    """

    def is_trusted(address: IPAddress | None) -> bool:
        return address is not None and any(address in network for network in trusted)

    if not forwarded_for or not is_trusted(_address(peer)):
        return peer
    client = peer
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            break  # a garbled entry: the last proxy that wrote a valid one is the client
        client = str(address)
        if not is_trusted(address):
            break
    return client


class TrustedProxyMiddleware:
    def __init__(self, app: ASGIApp, trusted: Sequence[IPNetwork]) -> None:
        self.app = app
        self.trusted = tuple(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.trusted and scope.get("client"):
            forwarded = b",".join(
                value for name, value in scope.get("headers", []) if name == b"x-forwarded-for"
            ).decode("latin-1")
            host, port = scope["client"]
            client = client_address(host, forwarded, self.trusted)
            if client != host:
                scope = {**scope, "client": (client, port)}
        await self.app(scope, receive, send)
