"""Issuing a closed session's certificates (the jury's side; numbering and signing are the
certificates context's).

Closing marks the issuance « pending »; a background job (``clea_platform.jobs``) then
runs it: :func:`begin_issuance` → :func:`issue_batch` per batch of missing certificates,
each batch in a transaction of its own so that progress shows while it runs →
:func:`end_issuance`. Each certificate is issued in its own savepoint
(``certificates.service.issue_many``): a failure is recorded and loses none of the
others; a retry issues what is missing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from clea_platform.audit import service as audit
from clea_platform.certificates import service as certificates
from clea_platform.certificates.models import Certificate
from clea_platform.db.base import utcnow
from clea_platform.dossiers.models import Dossier
from clea_platform.juries.decisions import session_label
from clea_platform.juries.models import (
    Decision,
    IssuanceStatus,
    JurySession,
    Outcome,
    SessionStatus,
)
from clea_platform.juries.sessions import get_session, require_status, scope_of
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads

ISSUANCE_BATCH = 50


def latest_decision() -> Any:
    """The decision is the last of its chain: no amendment corrects it."""
    later = aliased(Decision)
    return ~(
        select(later.id)
        .where(later.organisation_id == Decision.organisation_id, later.amends_id == Decision.id)
        .exists()
    )


def _with_certificate() -> Any:
    return and_(
        Certificate.organisation_id == Decision.organisation_id,
        Certificate.dossier_id == Decision.dossier_id,
    )


async def _count_issued(session: AsyncSession, jury_session_id: uuid.UUID) -> int:
    """Certified dossiers of the session that have their certificate (call in the scope)."""
    issued = await session.scalar(
        select(func.count())
        .select_from(Decision)
        .join(Certificate, _with_certificate())
        .where(
            Decision.session_id == jury_session_id,
            latest_decision(),
            Decision.outcome == Outcome.CERTIFIED,
        )
    )
    return int(issued or 0)


async def request_issuance(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID
) -> JurySession:
    """Ask for a closed session's missing certificates (a retry); the caller defers the job.

    Nothing to do when every certificate is issued: the session is returned as it is.
    """
    jury_session = await get_session(session, jury_session_id)
    require_status(jury_session, SessionStatus.CLOSED)
    if (
        jury_session.issuance_status == IssuanceStatus.DONE
        and jury_session.certificates_issued >= jury_session.certificates_total
    ):
        return jury_session
    jury_session.issuance_status = IssuanceStatus.PENDING
    jury_session.issuance_error = ""
    jury_session.issuance_failures = []
    jury_session.issuance_finished_at = None
    audit.record(session, actor, "jury_session.request_issuance", [jury_session_id])
    return jury_session


def issuance_pending(jury_session: JurySession) -> bool:
    return jury_session.issuance_status == IssuanceStatus.PENDING


async def begin_issuance(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID
) -> JurySession:
    """A run starts: « running », failures of the previous run forgotten."""
    jury_session = await get_session(session, jury_session_id)
    require_status(jury_session, SessionStatus.CLOSED)
    jury_session.issuance_status = IssuanceStatus.RUNNING
    jury_session.issuance_runs += 1
    jury_session.issuance_started_at = utcnow()
    jury_session.issuance_finished_at = None
    jury_session.issuance_failures = []
    jury_session.issuance_error = ""
    return jury_session


async def missing_certificates(
    session: AsyncSession,
    jury_session_id: uuid.UUID,
    *,
    exclude: Sequence[uuid.UUID] = (),
    limit: int | None = None,
) -> list[uuid.UUID]:
    """Certified dossiers of the session still without a certificate, in a stable order."""
    query = (
        select(Decision.dossier_id)
        .outerjoin(Certificate, _with_certificate())
        .where(
            Decision.session_id == jury_session_id,
            latest_decision(),
            Decision.outcome == Outcome.CERTIFIED,
            Certificate.id.is_(None),
        )
        .order_by(Decision.dossier_id)
        .limit(limit)
    )
    if exclude:
        query = query.where(Decision.dossier_id.not_in(list(exclude)))
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        return list(await session.scalars(query))


@dataclass(frozen=True, slots=True)
class IssuanceFailure:
    dossier_id: uuid.UUID
    message: str


async def issue_batch(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    jury_session_id: uuid.UUID,
    dossier_ids: Sequence[uuid.UUID],
) -> list[IssuanceFailure]:
    """Issue these certified dossiers' certificates (each in its own savepoint).

    Runs in the caller's transaction; the session's progress (``certificates_issued``,
    ``issuance_failures``) is updated with it. Returns the failures.
    """
    jury_session = await get_session(session, jury_session_id)
    require_status(jury_session, SessionStatus.CLOSED)
    label = session_label(jury_session)
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        found = {
            d.id: d
            for d in await session.scalars(select(Dossier).where(Dossier.id.in_(dossier_ids)))
        }
        result = await certificates.issue_many(
            session,
            actor,
            registry,
            [
                certificates.IssueRequest(found[d], jury_session.held_on, jury_session_id, label)
                for d in dossier_ids
                if d in found
            ],
        )
        failures = [IssuanceFailure(f.dossier_id, f.message) for f in result.failed]
        failures += [
            IssuanceFailure(d, "Dossier introuvable.") for d in dossier_ids if d not in found
        ]
        jury_session.certificates_issued = await _count_issued(session, jury_session_id)
    record_failures(jury_session, failures)
    await session.flush()
    return failures


def record_failures(jury_session: JurySession, failures: Sequence[IssuanceFailure]) -> None:
    if failures:
        jury_session.issuance_failures = [
            *jury_session.issuance_failures,
            *({"dossier_id": str(f.dossier_id), "message": f.message} for f in failures),
        ]


async def end_issuance(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID
) -> JurySession:
    """A run ends: « done » when every certificate is issued, « failed » otherwise."""
    jury_session = await get_session(session, jury_session_id)
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        jury_session.certificates_issued = await _count_issued(session, jury_session_id)
    complete = jury_session.certificates_issued >= jury_session.certificates_total
    jury_session.issuance_status = (
        IssuanceStatus.DONE
        if complete and not jury_session.issuance_failures
        else IssuanceStatus.FAILED
    )
    jury_session.issuance_error = "\n".join(
        f"{failure['dossier_id']} : {failure['message']}"
        for failure in jury_session.issuance_failures
    )
    if not complete and not jury_session.issuance_error:
        jury_session.issuance_error = (
            f"{jury_session.certificates_total - jury_session.certificates_issued} "
            "certificat(s) manquant(s) : relancez l'émission."
        )
    jury_session.issuance_finished_at = utcnow()
    await session.flush()
    audit.record(session, actor, "jury_session.issue_certificates", [jury_session_id])
    return jury_session


async def fail_issuance(
    session: AsyncSession, jury_session_id: uuid.UUID, message: str
) -> JurySession:
    """A run broke off (not one certificate: the run itself): « failed », with why."""
    jury_session = await get_session(session, jury_session_id)
    jury_session.issuance_status = IssuanceStatus.FAILED
    jury_session.issuance_error = "\n".join(
        [
            *(f"{f['dossier_id']} : {f['message']}" for f in jury_session.issuance_failures),
            f"Émission interrompue : {message}",
        ]
    )
    jury_session.issuance_finished_at = utcnow()
    return jury_session


async def issue_session_certificates(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    jury_session_id: uuid.UUID,
) -> JurySession:
    """Issue a closed session's missing certificates in the caller's transaction, in one go.

    The background job (``clea_platform.jobs``) does the same in batches, committing each.
    """
    await begin_issuance(session, actor, jury_session_id)
    failed: list[uuid.UUID] = []
    while batch := await missing_certificates(
        session, jury_session_id, exclude=failed, limit=ISSUANCE_BATCH
    ):
        failures = await issue_batch(session, actor, registry, jury_session_id, batch)
        failed += [f.dossier_id for f in failures]
    return await end_issuance(session, actor, jury_session_id)
