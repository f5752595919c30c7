"""Messages the outbox set aside, for Certif'Pro administrators: list them, send one again."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.core.pagination import Page, paginate
from clea_platform.mail.errors import MailError, MailErrorCode
from clea_platform.mail.models import OutboxEmail, OutboxStatus
from clea_platform.mail.service import MAIL_QUEUED
from clea_platform.tenants.context import Actor


async def list_dead_letters(
    session: AsyncSession, actor: Actor, *, first: int | None, after: str | None
) -> Page[OutboxEmail]:
    """Messages set aside, newest first (the read is audited: they hold addresses)."""
    audit.record(session, actor, "outbox.read_dead_letters", ["*"])
    query = select(OutboxEmail).where(OutboxEmail.status == OutboxStatus.DEAD)
    return await paginate(
        session, query, OutboxEmail.id, first=first, after=after, newest_first=True
    )


async def retry(session: AsyncSession, actor: Actor, email_id: uuid.UUID) -> OutboxEmail:
    """Put a message set aside back in the queue, with a fresh count of attempts."""
    email = await session.get(OutboxEmail, email_id)
    if email is None:
        raise MailError(MailErrorCode.NOT_FOUND, "Message introuvable.", field="id")
    if email.status != OutboxStatus.DEAD:
        raise MailError(
            MailErrorCode.INVALID_STATE,
            "Ce message n'a pas été mis de côté : il est envoyé ou en attente d'envoi.",
            field="id",
        )
    email.status = OutboxStatus.PENDING
    email.attempts = 0
    email.next_attempt_at = None
    email.dead_at = None
    session.info[MAIL_QUEUED] = True
    audit.record(session, actor, "outbox.retry", [email.id])
    return email
