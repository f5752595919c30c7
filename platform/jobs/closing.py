"""Closing a jury session and asking for its certificates, with the issuance job deferred in
the same transaction: both commit together or not at all."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.jobs.queue import defer_issuance
from clea_platform.juries import closing, issuance
from clea_platform.juries.models import JurySession
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor


async def _defer_if_pending(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    actor: Actor,
    jury_session: JurySession,
) -> JurySession:
    if issuance.issuance_pending(jury_session):
        await defer_issuance(session, sessions, registry, actor, jury_session.id)
    return jury_session


async def close_session(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    actor: Actor,
    jury_session_id: uuid.UUID,
) -> JurySession:
    """Close the session (decisions frozen, dossiers moved); its certificates follow in a job."""
    jury_session = await closing.close_session(session, actor, registry, jury_session_id)
    return await _defer_if_pending(session, sessions, registry, actor, jury_session)


async def retry_issuance(
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    actor: Actor,
    jury_session_id: uuid.UUID,
) -> JurySession:
    """Issue again, in a job, the certificates a closed session lacks (none missing: nothing)."""
    jury_session = await issuance.request_issuance(session, actor, jury_session_id)
    return await _defer_if_pending(session, sessions, registry, actor, jury_session)
