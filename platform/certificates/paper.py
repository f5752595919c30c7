"""Paper copies: the candidate's organisation asks, Certif'Pro prints the queue and posts them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.certificates.errors import CertificateError, CertificateErrorCode
from clea_platform.certificates.lookup import ADMIN_SCOPE, get_certificate, not_found
from clea_platform.certificates.models import Certificate
from clea_platform.db.base import utcnow
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads

#: At most this many certificates per printed batch (one PDF page each).
MAX_BATCH = 200


def postal_address(candidate: Candidate, holder_name: str) -> str:
    lines = [holder_name, candidate.address_line, f"{candidate.postal_code} {candidate.city}"]
    return "\n".join(line.strip() for line in lines if line.strip())


async def request_paper_copy(
    session: AsyncSession, actor: Actor, certificate_id: uuid.UUID
) -> Certificate:
    """Queue a paper copy, posted to the candidate's address as recorded today.

    Raises:
        CertificateError: ``NOT_FOUND``, ``REVOKED``, ``ALREADY_REQUESTED``, ``NO_ADDRESS``.
    """
    certificate = await get_certificate(session, certificate_id)
    if certificate.revoked_at is not None:
        raise CertificateError(
            CertificateErrorCode.REVOKED, "Ce certificat est retiré : pas de copie papier."
        )
    if certificate.paper_requested_at is not None:
        raise CertificateError(
            CertificateErrorCode.ALREADY_REQUESTED,
            f"Copie papier déjà demandée le {certificate.paper_requested_at:%d/%m/%Y}.",
        )
    candidate = await session.scalar(
        select(Candidate).where(Candidate.id == certificate.candidate_id)
    )
    if candidate is None or not (candidate.address_line and candidate.postal_code):
        raise CertificateError(
            CertificateErrorCode.NO_ADDRESS,
            "L'adresse postale du candidat est incomplète : complétez-la avant de demander "
            "la copie papier.",
        )
    certificate.paper_requested_at = utcnow()
    certificate.paper_requested_by_id = actor.user_id
    certificate.paper_address = postal_address(candidate, certificate.holder_name)
    audit.record(session, actor, "certificate.request_paper_copy", [certificate.id])
    await session.flush()
    return certificate


async def paper_queue(
    session: AsyncSession, actor: Actor, *, limit: int = MAX_BATCH
) -> list[Certificate]:
    """Requested copies not sent yet, oldest request first (every organisation; audited)."""
    async with cross_tenant_reads(session, ADMIN_SCOPE):
        rows = list(
            await session.scalars(
                select(Certificate)
                .where(
                    Certificate.paper_requested_at.is_not(None),
                    Certificate.paper_sent_at.is_(None),
                )
                .order_by(Certificate.paper_requested_at, Certificate.id)
                .limit(limit)
            )
        )
        audit.record(session, actor, "certificate.paper_queue", [c.id for c in rows])
    return rows


async def mark_paper_sent(
    session: AsyncSession, actor: Actor, given_ids: Sequence[uuid.UUID | None]
) -> list[Certificate]:
    """Record that these copies were posted (all of them, or none when one cannot be).

    ``None`` is an identifier that could not be read: not found (``ids[<position>]``).

    Raises:
        CertificateError: ``INVALID`` (not 1 to ``MAX_BATCH`` of them), ``NOT_FOUND``,
            ``NOT_REQUESTED``, ``ALREADY_SENT``.
    """
    if not 1 <= len(given_ids) <= MAX_BATCH:
        raise CertificateError(
            CertificateErrorCode.INVALID,
            f"Indiquez entre 1 et {MAX_BATCH} certificats.",
            field="ids",
        )
    certificate_ids: list[uuid.UUID] = []
    for index, given in enumerate(given_ids):
        if given is None:
            raise not_found(f"ids[{index}]")
        certificate_ids.append(given)
    now = utcnow()
    done: list[Certificate] = []
    async with cross_tenant_reads(session, ADMIN_SCOPE):
        rows = {
            c.id: c
            for c in await session.scalars(
                select(Certificate).where(Certificate.id.in_(set(certificate_ids)))
            )
        }
        for index, certificate_id in enumerate(dict.fromkeys(certificate_ids)):
            certificate = rows.get(certificate_id)
            field = f"ids[{index}]"
            if certificate is None:
                raise not_found(field)
            if certificate.paper_requested_at is None:
                raise CertificateError(
                    CertificateErrorCode.NOT_REQUESTED,
                    f"{certificate.number} : aucune copie papier demandée.",
                    field=field,
                )
            if certificate.paper_sent_at is not None:
                raise CertificateError(
                    CertificateErrorCode.ALREADY_SENT,
                    f"{certificate.number} : copie déjà envoyée le "
                    f"{certificate.paper_sent_at:%d/%m/%Y}.",
                    field=field,
                )
            certificate.paper_sent_at = now
            done.append(certificate)
            audit.record(
                session,
                actor,
                "certificate.paper_sent",
                [certificate.id],
                organisation_id=certificate.organisation_id,
            )
        await session.flush()
    return done
