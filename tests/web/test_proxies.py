"""X-Forwarded-For is believed from the configured proxies only (CLEA_TRUSTED_PROXIES)."""

from __future__ import annotations

import doctest
import ipaddress
from typing import Any

import httpx
import pytest

from clea_platform.core.config import Settings
from clea_platform.core.errors import ConfigurationError
from clea_platform.web import proxies
from clea_platform.web.proxies import client_address
from tests.schema.identity.conftest import LOGIN, create_user, post
from tests.web.conftest import AppWith

SESSIONS = "{ mySessions { ipAddress current } }"
BALANCERS = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("2001:db8::/32"))


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(proxies).failed == 0


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),  # not a proxy: header ignored
        ("10.0.0.2", "203.0.113.9", "203.0.113.9"),
        ("10.0.0.2", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the spoofed left part is ignored
        ("10.0.0.2", "203.0.113.9, 10.0.0.3", "203.0.113.9"),  # two balancers
        ("10.0.0.2", "10.0.0.4, 10.0.0.3", "10.0.0.4"),  # all proxies: the farthest
        ("10.0.0.2", "garbage", "10.0.0.2"),
        ("10.0.0.2", "203.0.113.9:5443", "203.0.113.9"),
        ("2001:db8::1", "[2001:db8:1::5]:443, 2001:db8::9", "2001:db8:1::5"),
        ("10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_the_client_is_the_nearest_address_that_is_not_a_trusted_proxy(
    peer: str, forwarded: str, client: str
) -> None:
    assert client_address(peer, forwarded, BALANCERS) == client


def test_the_setting_lists_addresses_and_networks(tmp_path: Any) -> None:
    settings = Settings.from_environ(
        {"CLEA_DATA_DIR": str(tmp_path), "CLEA_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.10"}
    )
    assert settings.trusted_proxies == (
        ipaddress.ip_network("10.0.0.0/8"),
        ipaddress.ip_network("192.0.2.10/32"),
    )
    with pytest.raises(ConfigurationError, match="CLEA_TRUSTED_PROXIES contient « lb1 »"):
        Settings.from_environ({"CLEA_DATA_DIR": str(tmp_path), "CLEA_TRUSTED_PROXIES": "lb1"})


async def session_address(app: Any, peer: str, forwarded: str, email: str) -> str:
    transport = httpx.ASGITransport(app=app, client=(peer, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        http.headers["X-Forwarded-For"] = forwarded
        body = await post(http, LOGIN, email=email, password="Plateforme-CleA-demo")
        assert body["data"]["login"]["errors"] == [], body
        sessions = (await post(http, SESSIONS))["data"]["mySessions"]
    return str(next(s["ipAddress"] for s in sessions if s["current"]))


async def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(
    app: Any, settings: Settings
) -> None:
    await create_user(settings, "usurpateur@greta-demo.fr")

    address = await session_address(app, "198.51.100.7", "203.0.113.9", "usurpateur@greta-demo.fr")

    assert address == "198.51.100.7"


async def test_a_forwarded_address_from_a_trusted_balancer_is_the_client(
    app_with: AppWith, settings: Settings
) -> None:
    await create_user(settings, "derriere.lb@greta-demo.fr")

    async with app_with(trusted_proxies=BALANCERS) as balanced:
        address = await session_address(
            balanced, "10.1.2.3", "1.2.3.4, 203.0.113.9", "derriere.lb@greta-demo.fr"
        )

    assert address == "203.0.113.9"
