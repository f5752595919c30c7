"""People to log in as: the demo organisations, loaded once, and helpers to act as them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.demo.data import DEMO_PASSWORD, load_demo
from clea_platform.plugins.registry import CertificationRegistry
from tests.conftest import new_client

GRAPHQL_HEADERS = {"X-Requested-With": "clea-tests"}

LOGIN = """
mutation ($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) {
    viewer { user { email fullName } activeOrganisation { slug } activeRoles platformRoles }
    errors { code field message }
  }
}
"""


@pytest.fixture(scope="session")
async def demo(settings: Settings, registry: CertificationRegistry, app: Any) -> None:
    """The demo organisations and people, in the session database."""
    engine = create_engine_for(settings)
    async with session_factory(engine).begin() as session:
        await load_demo(session, registry)
    await engine.dispose()


async def post(http: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=GRAPHQL_HEADERS
    )
    body: dict[str, Any] = response.json()
    return body


LoggedIn = Callable[..., Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def logged_in(app: Any, demo: None) -> AsyncIterator[LoggedIn]:
    """``await logged_in("admin@greta-demo.fr")`` → an HTTP client with a session cookie."""
    clients: list[httpx.AsyncClient] = []

    async def log_in(email: str, password: str = DEMO_PASSWORD) -> httpx.AsyncClient:
        http = new_client(app)
        clients.append(http)
        body = await post(http, LOGIN, email=email, password=password)
        assert body["data"]["login"]["errors"] == [], body
        return http

    yield log_in
    for http in clients:
        await http.aclose()


class SmtpInbox:
    """A real SMTP server on localhost that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture(scope="session")
def smtp_inbox() -> Iterator[tuple[SmtpInbox, int]]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = SmtpInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


async def delivered(app: Any) -> None:
    """Wait until the outbox round triggered by the last request is done."""
    await asyncio.sleep(0)
    await app.state.mailer.drain()


@pytest.fixture
def smtp(app: Any, smtp_inbox: tuple[SmtpInbox, int]) -> Iterator[SmtpInbox]:
    """Outgoing mail of the app goes to the local SMTP server for this test."""
    import dataclasses

    inbox, port = smtp_inbox
    mailer = app.state.mailer
    original = mailer.settings
    mailer.settings = dataclasses.replace(original, smtp_url=f"smtp://127.0.0.1:{port}")
    inbox.messages.clear()
    try:
        yield inbox
    finally:
        mailer.settings = original


async def create_user(
    settings: Settings, email: str, password: str = DEMO_PASSWORD, full_name: str = "Test"
) -> None:
    """A user with no membership, created directly (for tests that must not share one)."""
    from clea_platform.identity.models import User
    from clea_platform.identity.passwords import hash_password

    engine = create_engine_for(settings)
    async with session_factory(engine).begin() as session:
        session.add(
            User(
                email=email,
                full_name=full_name,
                password_hash=hash_password(password),
                platform_roles=[],
            )
        )
    await engine.dispose()
