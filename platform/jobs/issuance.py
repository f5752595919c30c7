"""The job that issues a closed jury session's certificates, batch after batch.

Each batch is a transaction of its own, so the session's progress
(``certificates_issued``) shows while the job runs; each certificate is issued in its
own savepoint, so one failure loses none of the others. A batch that breaks off as a
whole (an unexpected error) is issued again one certificate at a time, so that the
culprit alone is recorded as failed. Running the job again issues what is missing.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.juries import issuance as jury_issuance
from clea_platform.juries.models import JurySession
from clea_platform.juries.sessions import get_session
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as

logger = logging.getLogger(__name__)

T = TypeVar("T")
SQLITE_BUSY_ATTEMPTS = 5
PLATFORM_ADMIN_ROLES = frozenset({"certifpro_admin"})


def job_actor(requested_by: str | None, label: str) -> Actor:
    """Who the job acts for: the Certif'Pro administrator who closed the session or retried.

    Only Certif'Pro administrators may close a session or retry its issuance (see
    ``schema/permissions.py``), so the job acts with that role.
    """
    return Actor(
        label=label or "système (émission des certificats)",
        user_id=uuid.UUID(requested_by) if requested_by else None,
        platform_roles=PLATFORM_ADMIN_ROLES,
    )


def _sqlite_busy(exc: OperationalError) -> bool:
    return "database is locked" in str(exc.orig)


async def _in_transaction(
    sessions: async_sessionmaker[AsyncSession], work: Callable[[AsyncSession], Awaitable[T]]
) -> T:
    """Run ``work`` in a transaction of its own, again if SQLite was busy with another writer."""
    attempt = 1
    while True:
        try:
            async with sessions.begin() as session:
                return await work(session)
        except OperationalError as exc:
            if attempt >= SQLITE_BUSY_ATTEMPTS or not _sqlite_busy(exc):
                raise
        attempt += 1
        await asyncio.sleep(0.05 * attempt)


async def run_issuance(
    sessions: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    actor: Actor,
    jury_session_id: uuid.UUID,
    *,
    batch_size: int = jury_issuance.ISSUANCE_BATCH,
) -> JurySession:
    """Issue the missing certificates of a closed session; the session records the outcome.

    Per-certificate failures end the run as « failed » (the others are kept); an error of
    the run itself (the database gone…) is recorded too, then raised, so that the job
    queue retries the job.
    """
    with acting_as(actor):

        async def begin(session: AsyncSession) -> JurySession:
            return await jury_issuance.begin_issuance(session, actor, jury_session_id)

        async def pick(session: AsyncSession) -> list[uuid.UUID]:
            return await jury_issuance.missing_certificates(
                session, jury_session_id, exclude=failed, limit=batch_size
            )

        async def issue(dossier_ids: list[uuid.UUID]) -> list[uuid.UUID]:
            async def work(session: AsyncSession) -> list[uuid.UUID]:
                failures = await jury_issuance.issue_batch(
                    session, actor, registry, jury_session_id, dossier_ids
                )
                return [f.dossier_id for f in failures]

            return await _in_transaction(sessions, work)

        async def record(dossier_id: uuid.UUID, message: str) -> None:
            async def work(session: AsyncSession) -> None:
                jury_session = await get_session(session, jury_session_id)
                jury_issuance.record_failures(
                    jury_session, [jury_issuance.IssuanceFailure(dossier_id, message)]
                )

            await _in_transaction(sessions, work)

        async def end(session: AsyncSession) -> JurySession:
            return await jury_issuance.end_issuance(session, actor, jury_session_id)

        failed: list[uuid.UUID] = []
        try:
            await _in_transaction(sessions, begin)
            while batch := await _in_transaction(sessions, pick):
                try:
                    failed += await issue(batch)
                except Exception as exc:
                    if len(batch) == 1:
                        logger.exception("Certificate of dossier %s", batch[0])
                        await record(batch[0], f"erreur inattendue ({type(exc).__name__})")
                        failed.append(batch[0])
                        continue
                    # One of them broke the whole batch: issue them one by one.
                    for dossier_id in batch:
                        try:
                            failed += await issue([dossier_id])
                        except Exception as single:
                            logger.exception("Certificate of dossier %s", dossier_id)
                            await record(dossier_id, f"erreur inattendue ({type(single).__name__})")
                            failed.append(dossier_id)
            return await _in_transaction(sessions, end)
        except Exception as exc:
            logger.exception("Issuing the certificates of jury session %s", jury_session_id)
            reason = f"{type(exc).__name__} ; relancez l'émission."

            async def fail(session: AsyncSession) -> JurySession:
                return await jury_issuance.fail_issuance(session, jury_session_id, reason)

            try:
                await _in_transaction(sessions, fail)
            except Exception:
                logger.exception("Recording the failed issuance of %s", jury_session_id)
            raise
