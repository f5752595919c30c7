"""The server fetches only public https addresses for an organisation's provider (issue #12, 2).

The destination is checked when the request is made, on the address the name resolves
to then, and the connection goes to that address: what the name resolved to when the
settings were saved does not matter (DNS rebinding).
"""

from __future__ import annotations

import asyncio
import doctest
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from clea_platform.identity import outbound
from clea_platform.identity.outbound import (
    ForbiddenDestinationError,
    PublicOnlyTransport,
    url_problem,
)


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(outbound).failed == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://idp.exemple.fr",
        "https://localhost:8443",
        "https://auth.localhost",
        "https://127.0.0.1",
        "https://10.1.2.3/realms/clea",
        "https://192.168.1.10",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]:8443",
        "https://[fd00:ec2::254]",
        "https://[::ffff:127.0.0.1]",
        "https://100.100.100.200",
        "not a url",
    ],
)
def test_in_production_an_issuer_must_be_a_public_https_address(url: str) -> None:
    assert url_problem(url, production=True) is not None
    assert url_problem("https://login.exemple.fr/realms/clea", production=True) is None


def test_in_development_plain_http_to_localhost_stays_possible() -> None:
    assert url_problem("http://127.0.0.1:9000", production=False) is None
    assert url_problem("http://localhost:9000", production=False) is None
    assert url_problem("http://idp.exemple.fr", production=False) is not None


@dataclass
class Listener:
    """A real TCP server on 127.0.0.1 that counts who connects to it."""

    port: int
    connections: int = 0


@pytest.fixture
async def listener() -> AsyncIterator[Listener]:
    state = Listener(port=0)

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        state.connections += 1
        writer.close()

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    state.port = server.sockets[0].getsockname()[1]
    try:
        yield state
    finally:
        server.close()
        await server.wait_closed()


def resolving_to(*addresses: str) -> outbound.Resolver:
    async def resolve(host: str, port: int) -> list[str]:
        return list(addresses)

    return resolve


@pytest.mark.parametrize(
    "addresses",
    [("127.0.0.1",), ("93.184.216.34", "127.0.0.1"), ("::ffff:127.0.0.1",), ("169.254.169.254",)],
)
async def test_a_name_resolving_to_an_internal_address_is_refused_before_connecting(
    listener: Listener, addresses: tuple[str, ...]
) -> None:
    # The provider's name now points at the server itself (rebinding after it was saved).
    transport = PublicOnlyTransport(resolver=resolving_to(*addresses))
    async with httpx.AsyncClient(transport=transport) as http:
        with pytest.raises(ForbiddenDestinationError, match="non-public address"):
            await http.get(
                f"https://idp.exemple.fr:{listener.port}/.well-known/openid-configuration"
            )

    assert listener.connections == 0


@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}/", "https://127.0.0.1:{port}/"])
async def test_plain_http_and_address_literals_are_refused_before_connecting(
    listener: Listener, url: str
) -> None:
    async with httpx.AsyncClient(transport=PublicOnlyTransport()) as http:
        with pytest.raises(ForbiddenDestinationError):
            await http.get(url.format(port=listener.port))

    assert listener.connections == 0


async def test_a_public_provider_is_reached_at_the_address_checked_under_its_own_name() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"issuer": "https://idp.exemple.fr"})

    transport = PublicOnlyTransport(resolver=resolving_to("93.184.216.34"))
    transport.inner = httpx.MockTransport(answer)  # type: ignore[assignment]
    async with httpx.AsyncClient(transport=transport) as http:
        response = await http.get("https://idp.exemple.fr/.well-known/openid-configuration")

    assert response.json() == {"issuer": "https://idp.exemple.fr"}
    (request,) = seen
    assert request.url.host == "93.184.216.34"
    assert request.headers["host"] == "idp.exemple.fr"
    assert request.extensions["sni_hostname"] == "idp.exemple.fr"
