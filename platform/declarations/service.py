"""Declaring certificates: a batch per period, exactly the certificates not yet declared.

Certif'Pro must declare every certificate to the national training-account system within
:data:`DEADLINE_MONTHS` months of its issue. :func:`create_batch` takes the certificates
issued in a period (valid, not revoked) that no batch has declared yet, writes the
declaration file (``format.py``) for those with every required identity field, records
them as declared by this batch, and lists the others with the fields they lack — they
stay undeclared, and a later batch takes them once completed. A certificate is declared
once whatever happens: ``declared_certificate.certificate_id`` is unique, so a batch
created at the same time as another over the same certificates fails and changes nothing.
:func:`pending` lists the certificates not declared yet with their deadline (flagging
those within :data:`APPROACHING_DAYS` days of it).

Reads every organisation's certificates and candidates on behalf of a Certif'Pro
administrator: the scope is audited.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.certificates.models import Certificate
from clea_platform.core.errors import AccessDeniedError
from clea_platform.db.base import utcnow
from clea_platform.declarations import format as declaration_format
from clea_platform.declarations.errors import DeclarationError, DeclarationErrorCode
from clea_platform.declarations.models import DeclarationBatch, DeclaredCertificate
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.reminders.ledger import add_months
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads

SCOPE = "certifpro:declarations"
DEADLINE_MONTHS = 3
APPROACHING_DAYS = 30
MAX_PERIOD_DAYS = 366


@dataclass(frozen=True, slots=True)
class Incomplete:
    """A certificate left out of a batch, and the required fields it lacks."""

    certificate_id: uuid.UUID
    number: str
    organisation_name: str
    missing: list[str]


@dataclass(frozen=True, slots=True)
class BatchResult:
    batch: DeclarationBatch | None
    incomplete: list[Incomplete]


@dataclass(frozen=True, slots=True)
class Pending:
    """A certificate not declared yet, and the last day to declare it."""

    certificate_id: uuid.UUID
    number: str
    organisation_name: str
    issued_on: dt.date
    deadline: dt.date
    approaching: bool
    overdue: bool


def _require_platform_admin(actor: Actor) -> None:
    if not actor.is_platform_admin:
        raise AccessDeniedError()


def _undeclared() -> ColumnElement[bool]:
    return (
        ~select(DeclaredCertificate.id)
        .where(DeclaredCertificate.certificate_id == Certificate.id)
        .exists()
    )


def _line(
    certificate: Certificate, candidate: Candidate, registry: CertificationRegistry
) -> declaration_format.Line:
    # A certificate of a certification no installed plugin provides has no registry code:
    # it is listed as incomplete (the field missing), never a reason to refuse the batch.
    code = certificate.certification_code
    registry_code = registry.get(code).registry_code if code in registry else ""
    return declaration_format.Line(
        registry_code=registry_code,
        certificate_number=certificate.number,
        certification_code=certificate.certification_code,
        obtained_on=certificate.decided_on,
        civility=str(candidate.civility.value) if candidate.anonymised_at is None else "",
        birth_name=candidate.birth_name if candidate.anonymised_at is None else "",
        usage_name=candidate.usage_name,
        first_names=candidate.first_names if candidate.anonymised_at is None else "",
        birth_date=candidate.birth_date if candidate.anonymised_at is None else None,
        birth_country=candidate.birth_country,
        birth_city=candidate.birth_city,
        birth_postal_code=candidate.birth_postal_code,
        born_abroad=candidate.born_abroad,
    )


def _issued_between(
    start: dt.date, end: dt.date
) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    low = dt.datetime.combine(start, dt.time.min, tzinfo=dt.UTC)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    return Certificate.issued_at >= low, Certificate.issued_at < high


async def create_batch(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    period_start: dt.date,
    period_end: dt.date,
) -> BatchResult:
    """Declare the period's certificates not declared yet (see the module's docstring).

    Raises:
        DeclarationError: ``INVALID_PERIOD`` (end before start, or over a year).
    """
    _require_platform_admin(actor)
    if period_end < period_start:
        raise DeclarationError(
            DeclarationErrorCode.INVALID_PERIOD,
            "La fin de la période doit suivre son début.",
            field="periodEnd",
        )
    if (period_end - period_start).days >= MAX_PERIOD_DAYS:
        raise DeclarationError(
            DeclarationErrorCode.INVALID_PERIOD,
            "Une déclaration couvre au plus un an : découpez la période.",
            field="periodStart",
        )
    now = utcnow()
    async with cross_tenant_reads(session, SCOPE):
        rows = (
            await session.execute(
                select(Certificate, Candidate)
                .join(
                    Candidate,
                    and_(
                        Candidate.organisation_id == Certificate.organisation_id,
                        Candidate.id == Certificate.candidate_id,
                    ),
                )
                .where(
                    *_issued_between(period_start, period_end),
                    Certificate.revoked_at.is_(None),
                    _undeclared(),
                )
                .order_by(Certificate.issued_at, Certificate.number)
            )
        ).all()
        ready: list[tuple[Certificate, declaration_format.Line]] = []
        incomplete = []
        for certificate, candidate in rows:
            line = _line(certificate, candidate, registry)
            missing = declaration_format.missing_fields(line)
            if missing:
                incomplete.append(
                    Incomplete(
                        certificate.id, certificate.number, certificate.organisation_name, missing
                    )
                )
            else:
                ready.append((certificate, line))
        batch = None
        if ready:
            batch = DeclarationBatch(
                period_start=period_start,
                period_end=period_end,
                created_by_id=actor.user_id,
                certificate_count=len(ready),
                format=declaration_format.FORMAT,
                file_name=declaration_format.file_name(period_start, period_end),
                document=declaration_format.render(
                    [line for _, line in ready],
                    period_start=period_start,
                    period_end=period_end,
                    produced_at=now,
                ),
            )
            session.add(batch)
            await session.flush()
            for certificate, _ in ready:
                session.add(
                    DeclaredCertificate(
                        organisation_id=certificate.organisation_id,
                        certificate_id=certificate.id,
                        batch_id=batch.id,
                        declared_at=now,
                    )
                )
            await session.flush()
        audit.record(
            session,
            actor,
            "declaration.create_batch",
            [batch.id] if batch else [],
        )
    return BatchResult(batch, incomplete)


async def pending(
    session: AsyncSession, actor: Actor, today: dt.date, *, limit: int = 200
) -> list[Pending]:
    """Certificates not declared yet, the nearest deadline first."""
    _require_platform_admin(actor)
    async with cross_tenant_reads(session, SCOPE):
        rows = await session.execute(
            select(
                Certificate.id,
                Certificate.number,
                Certificate.organisation_name,
                Certificate.issued_at,
            )
            .where(Certificate.revoked_at.is_(None), _undeclared())
            .order_by(Certificate.issued_at, Certificate.number)
            .limit(limit)
        )
        audit.record(session, actor, "declaration.read_pending", ["*"])
        found = []
        for certificate_id, number, organisation_name, issued_at in rows:
            issued_on = issued_at.astimezone(dt.UTC).date()
            deadline = add_months(issued_on, DEADLINE_MONTHS)
            days_left = (deadline - today).days
            found.append(
                Pending(
                    certificate_id,
                    number,
                    organisation_name,
                    issued_on,
                    deadline,
                    approaching=0 <= days_left <= APPROACHING_DAYS,
                    overdue=days_left < 0,
                )
            )
    return found


@dataclass(frozen=True, slots=True)
class BatchView:
    """A batch and the certificates it declared (numbers, in issue order)."""

    batch: DeclarationBatch
    certificate_numbers: list[str]


async def batches(session: AsyncSession, actor: Actor, *, limit: int = 50) -> list[BatchView]:
    """The latest batches, newest first, each with the certificates it declared (when: the
    batch's ``created_at``, also each ``declared_certificate.declared_at``)."""
    _require_platform_admin(actor)
    rows = list(
        await session.scalars(
            select(DeclarationBatch).order_by(DeclarationBatch.id.desc()).limit(limit)
        )
    )
    numbers: dict[uuid.UUID, list[str]] = {row.id: [] for row in rows}
    if rows:
        async with cross_tenant_reads(session, SCOPE):
            declared = await session.execute(
                select(DeclaredCertificate.batch_id, Certificate.number)
                .join(
                    Certificate,
                    and_(
                        Certificate.organisation_id == DeclaredCertificate.organisation_id,
                        Certificate.id == DeclaredCertificate.certificate_id,
                    ),
                )
                .where(DeclaredCertificate.batch_id.in_(list(numbers)))
                .order_by(Certificate.issued_at, Certificate.number)
            )
            for batch_id, number in declared:
                numbers[batch_id].append(number)
            audit.record(session, actor, "declaration.read_batches", list(numbers))
    return [BatchView(row, numbers[row.id]) for row in rows]
