"""Finding certificates: the organisation's own, Certif'Pro's search, the public lookup."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.certificates.codes import normalise_code
from clea_platform.certificates.errors import CertificateError, CertificateErrorCode
from clea_platform.certificates.models import Certificate
from clea_platform.core.pagination import Page, paginate
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads

#: Certif'Pro's cross-tenant work on certificates (search, revocation, paper copies).
ADMIN_SCOPE = "certifpro_admin:certificates"
#: The public verification page's lookup by code, before anyone is known.
VERIFY_SCOPE = "system:certificate_verification"


def not_found(field: str = "id") -> CertificateError:
    return CertificateError(CertificateErrorCode.NOT_FOUND, "Certificat introuvable.", field=field)


async def get_certificate(session: AsyncSession, certificate_id: uuid.UUID) -> Certificate:
    """A certificate visible to the caller (its organisation's, or any inside a scope)."""
    certificate = await session.scalar(select(Certificate).where(Certificate.id == certificate_id))
    if certificate is None:
        raise not_found()
    return certificate


@dataclass(frozen=True, slots=True)
class CertificateFilter:
    certification_code: str | None = None
    year: int | None = None
    #: Part of the holder's name, or a number, or a verification code.
    text: str | None = None
    revoked: bool | None = None
    paper_requested: bool | None = None
    organisation_id: uuid.UUID | None = None
    dossier_id: uuid.UUID | None = None
    issued_from: dt.date | None = None
    issued_to: dt.date | None = None


def filtered(filters: CertificateFilter) -> Select[Certificate]:
    query = select(Certificate)
    if filters.certification_code:
        query = query.where(Certificate.certification_code == filters.certification_code)
    if filters.year is not None:
        query = query.where(Certificate.year == filters.year)
    if filters.organisation_id is not None:
        query = query.where(Certificate.organisation_id == filters.organisation_id)
    if filters.dossier_id is not None:
        query = query.where(Certificate.dossier_id == filters.dossier_id)
    if filters.revoked is not None:
        query = query.where(
            Certificate.revoked_at.is_not(None)
            if filters.revoked
            else Certificate.revoked_at.is_(None)
        )
    if filters.paper_requested is not None:
        query = query.where(
            Certificate.paper_requested_at.is_not(None)
            if filters.paper_requested
            else Certificate.paper_requested_at.is_(None)
        )
    if filters.issued_from is not None:
        query = query.where(
            Certificate.issued_at >= dt.datetime.combine(filters.issued_from, dt.time(), dt.UTC)
        )
    if filters.issued_to is not None:
        end = dt.datetime.combine(filters.issued_to + dt.timedelta(days=1), dt.time(), dt.UTC)
        query = query.where(Certificate.issued_at < end)
    text = (filters.text or "").strip()
    if text:
        conditions = [
            Certificate.number == text.upper(),
            Certificate.holder_name.ilike(f"%{_escape_like(text)}%", escape="\\"),
        ]
        if (code := normalise_code(text)) is not None:
            conditions.append(Certificate.verification_code == code)
        query = query.where(or_(*conditions))
    return query


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def list_certificates(
    session: AsyncSession, filters: CertificateFilter, *, first: int | None, after: str | None
) -> Page[Certificate]:
    """The active organisation's certificates, newest first."""
    return await paginate(
        session, filtered(filters), Certificate.id, first=first, after=after, newest_first=True
    )


async def search_certificates(
    session: AsyncSession,
    actor: Actor,
    filters: CertificateFilter,
    *,
    first: int | None,
    after: str | None,
) -> Page[Certificate]:
    """Every organisation's certificates, for Certif'Pro (the read is audited)."""
    async with cross_tenant_reads(session, ADMIN_SCOPE):
        page = await paginate(
            session, filtered(filters), Certificate.id, first=first, after=after, newest_first=True
        )
        audit.record(session, actor, "certificate.search", [c.id for c in page.items])
    return page


async def find_by_code(session: AsyncSession, text: str) -> Certificate | None:
    """The certificate a typed verification code designates, or None."""
    code = normalise_code(text)
    if code is None:
        return None
    async with cross_tenant_reads(session, VERIFY_SCOPE):
        return await session.scalar(
            select(Certificate).where(Certificate.verification_code == code)
        )


@dataclass(frozen=True, slots=True)
class PublicCertificate:
    """What the public verification page shows (a plain row, no ORM instance)."""

    certification_code: str
    certification_title: str
    holder_name: str
    referentiel_version_label: str
    decided_on: dt.date
    jury_session_label: str
    number: str
    verification_code: str
    issued_at: dt.datetime
    token: str
    revoked_at: dt.datetime | None
    revocation_reason: str


_PUBLIC_COLUMNS = tuple(
    getattr(Certificate, name) for name in PublicCertificate.__dataclass_fields__
)


async def verify_code(session: AsyncSession, text: str) -> PublicCertificate | None:
    """The public page's lookup: one SELECT of the shown columns, in a transaction of its own.

    A malformed code costs no statement. The session must have no transaction open
    (the page's request session): the lookup's transaction is rolled back before the
    cross-tenant scope closes, so the scope's settings are not sent back to the server
    a second time (on PostgreSQL: ``BEGIN``, the binding and the signed ``set_config``,
    ``SELECT``, ``ROLLBACK``),
    and no ORM instance is built.
    """
    code = normalise_code(text)
    if code is None:
        return None
    if session.in_transaction():
        raise RuntimeError("verify_code runs in a transaction of its own")
    async with cross_tenant_reads(session, VERIFY_SCOPE):
        try:
            row = (
                await session.execute(
                    select(*_PUBLIC_COLUMNS).where(Certificate.verification_code == code)
                )
            ).first()
        finally:
            await session.rollback()
    return PublicCertificate(*row) if row is not None else None
