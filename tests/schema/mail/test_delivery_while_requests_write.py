"""The outbox delivers while requests write, and neither fails with "database is locked".

Regression (issue #13): on SQLite a mutation right after one that queued e-mail failed now
and then with INTERNAL_ERROR "database is locked": the sender committed while the mutation
had read, and every attempt of the mutation met the same refusal. Here the sender commits
during *every* attempt a mutation makes: the mutation must still succeed, and so must the
sender's rounds.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from clea_platform.candidates import service as candidates
from clea_platform.mail.models import OutboxEmail, OutboxStatus
from clea_platform.mail.service import deliver_pending, enqueue
from clea_platform.tenants.context import cross_tenant
from tests.schema.identity.conftest import LoggedIn, post

CREATE_CANDIDATE = """
mutation ($name: String!) { createCandidate(input: {civility: MADAME, birthName: $name,
  firstNames: "Maëlle", birthDate: "1988-09-21", birthCountry: "France", birthCity: "Nantes",
  statusAtRegistration: EMPLOYEE, educationLevel: BAC, confirmNotDuplicate: true}) {
  candidate { id birthName } errors { code field message } } }
"""
CANDIDATE = "query ($id: ID!) { candidate(id: $id) { ... on Candidate { birthName } } }"


async def test_a_mutation_succeeds_while_the_outbox_queues_and_delivers_during_each_attempt(
    logged_in: LoggedIn, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    sessions = app.state.sessions
    settings = app.state.mailer.settings
    queued: list[uuid.UUID] = []
    rounds: list[asyncio.Task[int]] = []

    async def another_request_queues_mail_and_the_sender_delivers_it() -> int:
        async with sessions.begin() as session:
            email = enqueue(session, f"{uuid.uuid4().hex[:12]}@exemple.fr", "Convocation", "...")
            await session.flush()
            queued.append(email.id)
        with cross_tenant("system:outbox"):
            return await deliver_pending(sessions, settings)

    create = candidates.create_candidate
    attempts = 0

    async def create_while_mail_goes_out(session: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal attempts
        attempts += 1
        # This request has read (as the duplicate check does) ...
        await candidates.possible_duplicates(session, args[1])
        # ... while another request queues mail and the sender delivers it (given time to
        # finish, unless it has to wait for this request's write lock).
        rounds.append(asyncio.create_task(another_request_queues_mail_and_the_sender_delivers_it()))
        await asyncio.wait({rounds[-1]}, timeout=1.0)
        return await create(session, *args, **kwargs)

    monkeypatch.setattr(candidates, "create_candidate", create_while_mail_goes_out)

    body = await post(adviser, CREATE_CANDIDATE, name="Pendant-L-Envoi")
    monkeypatch.undo()
    delivered = await asyncio.gather(*rounds, return_exceptions=True)

    # Then the mutation succeeded (no INTERNAL_ERROR), in two attempts at most ...
    assert "errors" not in body, body["errors"]
    created = body["data"]["createCandidate"]
    assert created["errors"] == []
    assert attempts <= 2
    stored = await post(adviser, CANDIDATE, id=created["candidate"]["id"])
    assert stored["data"]["candidate"] == {"birthName": "Pendant-L-Envoi"}
    # ... and so did every round of the sender: each message queued meanwhile went out
    assert [r for r in delivered if isinstance(r, BaseException)] == []
    async with sessions() as session:
        statuses = await session.scalars(
            select(OutboxEmail.status).where(OutboxEmail.id.in_(queued))
        )
        assert list(statuses) == [OutboxStatus.SENT] * len(queued)


async def test_requests_and_delivery_rounds_running_together_never_fail(
    logged_in: LoggedIn, app: Any
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    sessions = app.state.sessions
    settings = app.state.mailer.settings

    async def sender_rounds() -> None:
        for _ in range(15):
            async with sessions.begin() as session:
                for k in range(3):
                    enqueue(session, f"lot-{uuid.uuid4().hex[:10]}-{k}@exemple.fr", "Lot", "...")
            with cross_tenant("system:outbox"):
                await deliver_pending(sessions, settings)

    async def requests() -> list[dict[str, Any]]:
        return [await post(adviser, CREATE_CANDIDATE, name=f"Concurrente-{k}") for k in range(15)]

    # When mutations and the sender's rounds run side by side
    _, bodies = await asyncio.gather(sender_rounds(), requests())

    # Then no mutation failed, and nothing stayed waiting in the outbox
    assert [body.get("errors") for body in bodies] == [None] * len(bodies)
    assert all(body["data"]["createCandidate"]["errors"] == [] for body in bodies)
    async with sessions() as session:
        waiting = await session.scalars(
            select(OutboxEmail.recipient).where(
                OutboxEmail.status == OutboxStatus.PENDING,
                OutboxEmail.recipient.like("lot-%"),
            )
        )
        assert list(waiting) == []
