"""Requests the server makes to URLs that organisations choose (their identity provider).

An org admin sets the issuer; an anonymous visitor then makes the server fetch it
(``GET /auth/oidc/<org>/login``). Left open, that is server-side request forgery: the
server would query its own loopback services, the private network or a cloud metadata
endpoint on a stranger's behalf. In production:

- :func:`url_problem` refuses, when the settings are saved, any URL that is not https or
  whose host is ``localhost`` or a non-public address literal;
- :class:`PublicOnlyTransport` checks every request when it is made: https only, the
  host name resolved *then*, every address it resolves to public (not loopback, private,
  link-local, the metadata address 169.254.169.254, shared, reserved or multicast), and
  the connection opened to the address checked, with the name kept for the ``Host``
  header, TLS's SNI and certificate check. A name that resolved to a public address when
  saved and to 127.0.0.1 now (DNS rebinding) is refused at that point.

In development and tests plain http to localhost stays possible (the suite runs a real
OpenID Connect provider on 127.0.0.1).

Webhooks (``platform/webhooks``) go through the same transport in every environment.
Outside production it is built with ``allow_loopback=True`` — loopback addresses (and
plain http to them) are then accepted, never private, link-local or metadata ones — so
that development and the tests can run a receiver on 127.0.0.1. The flag is derived from
``Settings.is_production`` by its callers, never from a setting of its own: production
cannot switch it on.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


class ForbiddenDestinationError(httpx.TransportError):
    """The server will not connect there (a ``TransportError``: callers treat it as one)."""


def is_public(address: IPAddress) -> bool:
    """Whether ``address`` is on the public Internet (IPv4-mapped IPv6 judged as IPv4)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def url_problem(url: str, *, production: bool) -> str | None:
    """Why the server may not be pointed at ``url`` (French), or None.

    Example:
        >>> url_problem("http://127.0.0.1:9000", production=False) is None
        True
        >>> url_problem("http://127.0.0.1:9000", production=True)
        "L'adresse doit commencer par https://."
        >>> url_problem("https://10.0.0.8", production=True)[:46]
        "L'adresse désigne le réseau interne (10.0.0.8)"
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        return "Adresse invalide : une URL complète est attendue (https://…)."
    if not production:
        if parts.scheme == "https" or (parts.scheme == "http" and host in LOCAL_NAMES):
            return None
        return "L'adresse doit commencer par https:// (http seulement pour localhost)."
    if parts.scheme != "https":
        return "L'adresse doit commencer par https://."
    if host == "localhost" or host.endswith(".localhost"):
        return f"L'adresse désigne le serveur lui-même ({host}) : indiquez celle du fournisseur."
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if not is_public(address):
        return (
            f"L'adresse désigne le réseau interne ({host}) : indiquez l'adresse publique "
            "du fournisseur."
        )
    return None


async def resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to now (without blocking the event loop)."""
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return [str(info[4][0]) for info in infos]


def is_loopback(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


async def checked_addresses(
    host: str, port: int, *, allow_loopback: bool = False, resolver: Resolver = resolve
) -> list[str]:
    """The addresses ``host`` resolves to now, all of them allowed destinations.

    Raises:
        ForbiddenDestinationError: one of them is not public (nor loopback when allowed).
        OSError: the name does not resolve.
    """
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    addresses = [str(literal)] if literal is not None else await resolver(host, port)
    if not addresses:
        raise OSError(f"cannot resolve {host}")
    for address in addresses:
        parsed = ipaddress.ip_address(address)
        if not (is_public(parsed) or (allow_loopback and is_loopback(parsed))):
            raise ForbiddenDestinationError(
                f"refused {host}: resolves to non-public address {address}"
            )
    return addresses


class PublicOnlyTransport(httpx.AsyncBaseTransport):
    """Connects over https to public addresses only, checked when each request is made.

    ``allow_loopback`` (never in production) also lets requests reach loopback addresses,
    over http or https.
    """

    def __init__(
        self,
        resolver: Resolver = resolve,
        *,
        allow_loopback: bool = False,
        **transport_options: object,
    ) -> None:
        self.resolver = resolver
        self.allow_loopback = allow_loopback
        self.inner = httpx.AsyncHTTPTransport(**transport_options)  # type: ignore[arg-type]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme != "https" and not (self.allow_loopback and url.scheme == "http"):
            raise ForbiddenDestinationError(f"refused {url}: https only", request=request)
        host = url.host
        try:
            literal: IPAddress | None = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        try:
            addresses = await checked_addresses(
                host,
                url.port or (443 if url.scheme == "https" else 80),
                allow_loopback=self.allow_loopback,
                resolver=self.resolver,
            )
        except ForbiddenDestinationError as exc:
            raise ForbiddenDestinationError(str(exc), request=request) from exc
        except OSError as exc:
            raise httpx.ConnectError(f"cannot resolve {host}: {exc}", request=request) from exc
        if url.scheme == "http" and not all(
            is_loopback(ipaddress.ip_address(a)) for a in addresses
        ):
            raise ForbiddenDestinationError(f"refused {url}: https only", request=request)
        # Connect to the address just checked (a second lookup could answer otherwise),
        # with the name kept for the Host header (already set), SNI and the certificate.
        request.url = url.copy_with(host=addresses[0])
        if literal is None:
            request.extensions = {**request.extensions, "sni_hostname": host}
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
