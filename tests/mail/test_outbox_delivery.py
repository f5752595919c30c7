"""One undeliverable message never holds up the others (issue #12, finding 1).

Before: a message whose header could not be built raised out of the delivery round,
the round rolled back, its attempt count never grew, and every later message of every
tenant stayed queued for ever.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import doctest
import uuid

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.core.config import Settings
from clea_platform.db.base import utcnow
from clea_platform.mail import service
from clea_platform.mail.dispatcher import MailDispatcher
from clea_platform.mail.models import OutboxEmail, OutboxStatus
from clea_platform.mail.service import MAX_ATTEMPTS, deliver_pending, enqueue
from tests.mail.conftest import Mailbox, free_port


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(service).failed == 0


async def queue(
    sessions: async_sessionmaker[AsyncSession], recipient: str, subject: str = "Sujet"
) -> uuid.UUID:
    async with sessions.begin() as session:
        email = enqueue(session, recipient, subject, "Bonjour,\n\nCorps du message.\n")
        await session.flush()
        return email.id


async def read(sessions: async_sessionmaker[AsyncSession], email_id: uuid.UUID) -> OutboxEmail:
    async with sessions() as session:
        email = await session.get(OutboxEmail, email_id)
        assert email is not None
        return email


async def empty_outbox(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        await session.execute(delete(OutboxEmail))


def over_smtp(settings: Settings, port: int) -> Settings:
    return dataclasses.replace(settings, smtp_url=f"smtp://127.0.0.1:{port}")


async def test_a_poisoned_message_is_set_aside_and_the_next_one_is_delivered(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    mailbox: tuple[Mailbox, int],
) -> None:
    box, port = mailbox
    await empty_outbox(sessions)
    # Queued before the input bounds existed: a recipient that is not one address.
    poisoned = await queue(sessions, "victime@exemple.fr\r\nBcc: tous@exemple.fr")
    invitation = await queue(sessions, "nouvelle@exemple.fr", "Invitation sur la plateforme")

    sent = await deliver_pending(sessions, over_smtp(settings, port))

    assert sent == 1
    assert [m["To"] for m in box.messages] == ["nouvelle@exemple.fr"]
    set_aside = await read(sessions, poisoned)
    assert (set_aside.status, set_aside.attempts) == (OutboxStatus.DEAD, 1)
    assert set_aside.dead_at is not None
    assert "impossible à construire" in set_aside.last_error
    assert (await read(sessions, invitation)).status == OutboxStatus.SENT


async def test_header_values_are_encoded_on_one_line(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    mailbox: tuple[Mailbox, int],
) -> None:
    box, port = mailbox
    await empty_outbox(sessions)
    await queue(sessions, "destinataire@exemple.fr", "Candidature : Évil\r\nBcc: tous@exemple.fr")

    await deliver_pending(sessions, over_smtp(settings, port))

    (message,) = box.messages
    assert box.envelopes == [["destinataire@exemple.fr"]]
    assert message["Bcc"] is None
    assert str(message["Subject"]) == "Candidature : Évil  Bcc: tous@exemple.fr"


async def test_a_refused_recipient_is_set_aside_at_once_without_retrying(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    mailbox: tuple[Mailbox, int],
) -> None:
    box, port = mailbox
    box.refused.add("parti@exemple.fr")
    await empty_outbox(sessions)
    gone = await queue(sessions, "parti@exemple.fr")
    other = await queue(sessions, "present@exemple.fr")

    await deliver_pending(sessions, over_smtp(settings, port))

    refused = await read(sessions, gone)
    assert (refused.status, refused.attempts) == (OutboxStatus.DEAD, 1)
    assert "550" in refused.last_error
    assert (await read(sessions, other)).status == OutboxStatus.SENT


async def test_an_unreachable_server_is_retried_with_backoff_then_the_message_is_set_aside(
    sessions: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    await empty_outbox(sessions)
    email_id = await queue(sessions, "patient@exemple.fr")
    nobody_listens = over_smtp(settings, free_port())
    waits = []

    for attempt in range(1, MAX_ATTEMPTS + 1):
        before = utcnow()
        await deliver_pending(sessions, nobody_listens)
        email = await read(sessions, email_id)
        assert email.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert email.status == OutboxStatus.PENDING
            assert email.next_attempt_at is not None
            waits.append(email.next_attempt_at.replace(tzinfo=dt.UTC) - before)
            # Not due yet: another round leaves it alone.
            await deliver_pending(sessions, nobody_listens)
            assert (await read(sessions, email_id)).attempts == attempt
            # Time passes.
            async with sessions.begin() as session:
                await session.execute(
                    update(OutboxEmail)
                    .where(OutboxEmail.id == email_id)
                    .values(next_attempt_at=utcnow() - dt.timedelta(seconds=1))
                )

    email = await read(sessions, email_id)
    assert email.status == OutboxStatus.DEAD
    assert email.last_error
    minutes = [round(wait.total_seconds() / 60) for wait in waits]
    assert minutes == [1, 4, 16, 64]


async def test_a_retry_whose_backoff_has_passed_goes_out_without_new_mail(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    mailbox: tuple[Mailbox, int],
) -> None:
    box, port = mailbox
    await empty_outbox(sessions)
    email_id = await queue(sessions, "retardataire@exemple.fr")
    async with sessions.begin() as session:
        await session.execute(
            update(OutboxEmail)
            .where(OutboxEmail.id == email_id)
            .values(attempts=1, next_attempt_at=utcnow() - dt.timedelta(seconds=1))
        )
    dispatcher = MailDispatcher(sessions, over_smtp(settings, port), poll_seconds=0.05)

    dispatcher.start()  # nothing kicks it: the periodic round must find the message
    try:
        for _ in range(100):
            if box.messages:
                break
            await asyncio.sleep(0.05)
    finally:
        await dispatcher.stop()

    assert [m["To"] for m in box.messages] == ["retardataire@exemple.fr"]
    assert (await read(sessions, email_id)).status == OutboxStatus.SENT
