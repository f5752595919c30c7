"""A real HTTP receiver on 127.0.0.1 (a thread running ``http.server``), and organisations
committed in the shared test database for the delivery rounds to find."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.identity.models import Membership, User
from clea_platform.mail.models import OutboxEmail
from clea_platform.plugins import lifecycle
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, cross_tenant
from clea_platform.tenants.models import Organisation, OrganisationKind
from clea_platform.webhooks.models import WebhookEvent
from tests.dossiers.conftest import greta, greta_site  # noqa: F401 (fixtures)
from tests.mail.conftest import free_port


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: str
    # When it arrived (wall clock, comparable with the event's timestamp: the bench's delay).
    arrived_at: float = field(default_factory=time.time)

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """What the receiver got, and how it answers: ``status``, a delay, a huge body."""

    port: int
    status: int = 200
    delay: float = 0.0
    huge_body: bool = False
    received: list[Received] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                body = self.rfile.read(length).decode()
                receiver.received.append(
                    Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                if receiver.delay:
                    time.sleep(receiver.delay)
                self.send_response(receiver.status)
                if receiver.huge_body:
                    chunk = b"x" * 65536
                    self.send_header("content-length", str(len(chunk) * 160))
                    self.end_headers()
                    try:
                        for _ in range(160):  # 10 MiB, unless the client stops reading
                            self.wfile.write(chunk)
                    except OSError:
                        pass
                    return
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: Any) -> None:
                return

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """The receiver goes down: connections are refused until :meth:`start`."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver(free_port())
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
async def sessions(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine_for(settings)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


async def new_organisation(
    sessions: async_sessionmaker[AsyncSession], name: str = "Organisme webhooks"
) -> Actor:
    """A committed organisation with an org admin (whose e-mail the disabling notice uses)."""
    tag = uuid.uuid4().hex[:10]
    with cross_tenant("tests"):
        async with sessions.begin() as session:
            organisation = Organisation(
                slug=f"webhooks-{tag}", name=f"{name} {tag}", kind=OrganisationKind.EVALUATOR
            )
            user = User(email=f"admin-{tag}@exemple.fr", full_name="Admin Webhooks")
            session.add_all([organisation, user])
            await session.flush()
            session.add(
                Membership(organisation_id=organisation.id, user_id=user.id, roles=["org_admin"])
            )
    return Actor(
        label=f"Admin <{user.email}>",
        user_id=user.id,
        email=user.email,
        organisation_id=organisation.id,
        roles=frozenset({"org_admin"}),
    )


async def certificate_issued(
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    organisation_id: uuid.UUID,
    number: str = "CLEA-2026-000001",
) -> None:
    """What the certificate service announces when it issues a certificate, committed."""
    with cross_tenant("tests"):
        async with sessions.begin() as session:
            lifecycle.announce(
                session,
                registry.plugin_manager,
                "clea_certificate_issued",
                organisation_id=organisation_id,
                dossier_id=uuid.uuid4(),
                certificate_id=uuid.uuid4(),
                certification_code="CLEA",
                number=number,
                verification_code="ABCDE-FGHJK",
            )


async def mail_to(sessions: async_sessionmaker[AsyncSession], recipient: str) -> list[OutboxEmail]:
    async with sessions() as session:
        return list(
            await session.scalars(select(OutboxEmail).where(OutboxEmail.recipient == recipient))
        )


async def forget_other_events(sessions: async_sessionmaker[AsyncSession]) -> None:
    """Events left by other tests' organisations (no subscription: fanned out to none)."""
    with cross_tenant("tests"):
        async with sessions.begin() as session:
            await session.execute(delete(WebhookEvent))
