"""Reading control procedures (the organisation its own, Certif'Pro any organisation's,
audited) and the reply's PDFs over HTTP: who may upload and download them.

The routes (``web/accreditations.py``) translate :class:`NotAuthenticatedError` (401),
:class:`AccessDeniedError` (403), ``NOT_FOUND`` (404) and the other refusals (422).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.control import (
    CONTROL_SCOPE,
    PROCEDURE_NOT_FOUND,
    attach_reply_document,
    own_procedure,
)
from clea_platform.accreditations.errors import AccreditationErrorCode, error
from clea_platform.accreditations.models import (
    Accreditation,
    ControlDocument,
    ControlProcedure,
    Signalement,
)
from clea_platform.accreditations.storage import DocumentStore
from clea_platform.audit import service as audit
from clea_platform.core.errors import AccessDeniedError, NotAuthenticatedError
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.permissions import ORG_ADMIN, PLATFORM_ADMIN
from clea_platform.tenants.scoping import cross_tenant_reads


@dataclass(frozen=True, slots=True)
class ProcedureRow:
    procedure: ControlProcedure
    signalement: Signalement
    site: Site | None
    organisation: Organisation | None
    documents: list[ControlDocument]


async def _rows(session: AsyncSession, procedures: list[ControlProcedure]) -> list[ProcedureRow]:
    signalement_ids = {p.signalement_id for p in procedures}
    signalements = {
        s.id: s
        for s in await session.scalars(
            select(Signalement).where(Signalement.id.in_(signalement_ids))
        )
    }
    site_ids = {s.site_id for s in signalements.values()}
    sites = {s.id: s for s in await session.scalars(select(Site).where(Site.id.in_(site_ids)))}
    organisation_ids = {p.organisation_id for p in procedures}
    organisations = {
        o.id: o
        for o in await session.scalars(
            select(Organisation).where(Organisation.id.in_(organisation_ids))
        )
    }
    documents: dict[uuid.UUID, list[ControlDocument]] = {}
    for document in await session.scalars(
        select(ControlDocument)
        .where(ControlDocument.procedure_id.in_([p.id for p in procedures]))
        .order_by(ControlDocument.uploaded_at)
    ):
        documents.setdefault(document.procedure_id, []).append(document)
    rows = []
    for procedure in procedures:
        signalement = signalements[procedure.signalement_id]
        rows.append(
            ProcedureRow(
                procedure,
                signalement,
                sites.get(signalement.site_id),
                organisations.get(procedure.organisation_id),
                documents.get(procedure.id, []),
            )
        )
    return rows


async def procedure_row(
    session: AsyncSession, procedure: ControlProcedure, *, certifpro: bool
) -> ProcedureRow:
    """One procedure just changed, as it is shown (Certif'Pro's under its scope)."""
    if certifpro:
        async with cross_tenant_reads(session, CONTROL_SCOPE):
            (row,) = await _rows(session, [procedure])
        return row
    (row,) = await _rows(session, [procedure])
    return row


async def site_of(session: AsyncSession, signalement: Signalement) -> Site | None:
    """The site a signalement Certif'Pro just recorded is about."""
    async with cross_tenant_reads(session, CONTROL_SCOPE):
        return await session.scalar(select(Site).where(Site.id == signalement.site_id))


async def my_procedures(session: AsyncSession) -> list[ProcedureRow]:
    """The active organisation's control procedures, latest first."""
    procedures = list(
        await session.scalars(select(ControlProcedure).order_by(ControlProcedure.created_at.desc()))
    )
    return await _rows(session, procedures)


@dataclass(frozen=True, slots=True)
class ControlFile:
    """An organisation's control history, as Certif'Pro reads it."""

    organisation: Organisation
    sites: list[Site]
    #: The certifications of its accreditations (what an outcome may cover).
    certification_codes: list[str]
    signalements: list[tuple[Signalement, Site | None]]
    procedures: list[ProcedureRow]


async def control_file(
    session: AsyncSession, actor: Actor, organisation_id: uuid.UUID
) -> ControlFile | None:
    """Every signalement and procedure about an organisation (Certif'Pro, audited); None
    for an organisation that does not exist."""
    organisation = await session.get(Organisation, organisation_id)
    if organisation is None:
        return None
    async with cross_tenant_reads(session, CONTROL_SCOPE):
        signalements = list(
            await session.scalars(
                select(Signalement)
                .where(Signalement.organisation_id == organisation_id)
                .order_by(Signalement.created_at.desc())
            )
        )
        procedures = list(
            await session.scalars(
                select(ControlProcedure)
                .where(ControlProcedure.organisation_id == organisation_id)
                .order_by(ControlProcedure.created_at.desc())
            )
        )
        rows = await _rows(session, procedures)
        sites = {
            s.id: s
            for s in await session.scalars(
                select(Site).where(Site.organisation_id == organisation_id).order_by(Site.name)
            )
        }
        codes = await session.scalars(
            select(Accreditation.certification_code)
            .where(Accreditation.organisation_id == organisation_id)
            .distinct()
            .order_by(Accreditation.certification_code)
        )
        audit.record(
            session,
            actor,
            "accreditation.read_control",
            [organisation_id],
            organisation_id=organisation_id,
        )
    return ControlFile(
        organisation,
        list(sites.values()),
        list(codes),
        [(s, sites.get(s.site_id)) for s in signalements],
        rows,
    )


async def document_for_download(
    session: AsyncSession, actor: Actor, document_id: uuid.UUID, *, certifpro: bool
) -> ControlDocument:
    """A reply's document: the organisation's own, or any for Certif'Pro (audited)."""
    query = select(ControlDocument).where(ControlDocument.id == document_id)
    if certifpro:
        async with cross_tenant_reads(session, CONTROL_SCOPE):
            document = await session.scalar(query)
    else:
        document = await session.scalar(query)
    if document is None:
        raise error(AccreditationErrorCode.NOT_FOUND, "Document introuvable.", "documentId")
    audit.record(
        session,
        actor,
        "accreditation.download_control_document",
        [document.procedure_id, document.id],
        organisation_id=document.organisation_id,
    )
    return document


async def upload_reply_document(
    session: AsyncSession,
    actor: Actor,
    store: DocumentStore,
    procedure_id: uuid.UUID | None,
    filename: str,
    read_content: Callable[[], Awaitable[bytes]],
    today: dt.date,
) -> ControlDocument:
    """A PDF joined to a reply over HTTP: a person administering the organisation (its
    own procedures only); the body is read only once the caller may upload.

    Raises:
        NotAuthenticatedError (401), AccessDeniedError (403), AccreditationError
        (``NOT_FOUND``: 404; the other refusals: 422).
    """
    if not actor.is_authenticated:
        raise NotAuthenticatedError()
    if actor.user_id is None or not ORG_ADMIN.allows(actor, writes=True):
        raise AccessDeniedError("Accès refusé : réservé aux administrateurs de l'organisme.")
    if procedure_id is None:
        raise error(AccreditationErrorCode.NOT_FOUND, PROCEDURE_NOT_FOUND, "procedureId")
    await own_procedure(session, procedure_id)
    content = await read_content()
    return await attach_reply_document(
        session, actor, store, procedure_id, filename, content, today
    )


async def reply_document_for_download(
    session: AsyncSession,
    actor: Actor,
    procedure_id: uuid.UUID | None,
    document_id: uuid.UUID | None,
) -> ControlDocument:
    """A reply's PDF: the organisation's administrators their own, Certif'Pro any (audited)."""
    if not actor.is_authenticated:
        raise NotAuthenticatedError()
    if PLATFORM_ADMIN.allows(actor):
        certifpro = True
    elif ORG_ADMIN.allows(actor):
        certifpro = False
    else:
        raise AccessDeniedError("Accès refusé.")
    if procedure_id is None or document_id is None:
        raise error(AccreditationErrorCode.NOT_FOUND, "Document introuvable.", "documentId")
    document = await document_for_download(session, actor, document_id, certifpro=certifpro)
    if document.procedure_id != procedure_id:
        raise error(AccreditationErrorCode.NOT_FOUND, "Document introuvable.", "documentId")
    return document
