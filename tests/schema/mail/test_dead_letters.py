"""Certif'Pro sees the messages the outbox set aside and sends one again."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import update

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.mail.models import OutboxEmail, OutboxStatus
from clea_platform.mail.service import enqueue
from tests.schema.identity.conftest import LoggedIn, SmtpInbox, delivered, post

INVITE = """
mutation ($email: String!) {
  inviteMember(input: {email: $email, roles: [VIEWER]}) { errors { code message } }
}
"""
DEAD_LETTERS = """
{ undeliverableEmails(first: 100) {
    totalCount edges { node { id recipient subject attempts lastError deadAt } } } }
"""
RETRY = """
mutation ($id: ID!) { retryEmail(input: {id: $id}) { queued errors { code field message } } }
"""


async def queue_poisoned(settings: Settings) -> uuid.UUID:
    engine = create_engine_for(settings)
    try:
        async with session_factory(engine).begin() as session:
            email = enqueue(
                session, "victime@exemple.fr\r\nBcc: tous@exemple.fr", "Empoisonné", "..."
            )
            await session.flush()
            return email.id
    finally:
        await engine.dispose()


async def status_of(settings: Settings, email_id: uuid.UUID) -> tuple[OutboxStatus, int]:
    engine = create_engine_for(settings)
    try:
        async with session_factory(engine)() as session:
            email = await session.get(OutboxEmail, email_id)
            assert email is not None
            return email.status, email.attempts
    finally:
        await engine.dispose()


async def test_an_invitation_goes_out_although_a_poisoned_message_waits_before_it(
    logged_in: LoggedIn, app: Any, smtp: SmtpInbox, settings: Settings
) -> None:
    poisoned = await queue_poisoned(settings)
    admin = await logged_in("admin@greta-demo.fr")

    body = await post(admin, INVITE, email="invitee.apres.poison@exemple.fr")
    await delivered(app)

    assert body["data"]["inviteMember"]["errors"] == []
    assert len(smtp.to("invitee.apres.poison@exemple.fr")) == 1
    assert await status_of(settings, poisoned) == (OutboxStatus.DEAD, 1)


async def test_certifpro_lists_the_messages_set_aside_and_queues_one_again(
    logged_in: LoggedIn, app: Any, smtp: SmtpInbox, settings: Settings
) -> None:
    poisoned = await queue_poisoned(settings)
    certifpro = await logged_in("admin@certifpro.demo")
    admin = await logged_in("admin@greta-demo.fr")
    await post(admin, INVITE, email="declencheur@exemple.fr")  # any mail starts a round
    await delivered(app)

    listed = (await post(certifpro, DEAD_LETTERS))["data"]["undeliverableEmails"]
    node = next(e["node"] for e in listed["edges"] if e["node"]["id"] == str(poisoned))
    assert node["subject"] == "Empoisonné"
    assert node["attempts"] == 1
    assert "impossible à construire" in node["lastError"]

    # Someone fixed the address; Certif'Pro sends it again.
    engine = create_engine_for(settings)
    async with session_factory(engine).begin() as session:
        await session.execute(
            update(OutboxEmail)
            .where(OutboxEmail.id == poisoned)
            .values(recipient="victime.corrigee@exemple.fr")
        )
    await engine.dispose()
    retried = await post(certifpro, RETRY, id=str(poisoned))
    await delivered(app)

    assert retried["data"]["retryEmail"] == {"queued": True, "errors": []}
    assert len(smtp.to("victime.corrigee@exemple.fr")) == 1
    assert await status_of(settings, poisoned) == (OutboxStatus.SENT, 1)
    again = await post(certifpro, RETRY, id=str(poisoned))
    assert again["data"]["retryEmail"]["errors"][0]["code"] == "INVALID_STATE"


async def test_only_certifpro_sees_them(logged_in: LoggedIn) -> None:
    admin = await logged_in("admin@greta-demo.fr")

    body = await post(admin, DEAD_LETTERS)

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
