"""The candidate's own documents: their partial attestations and certificates as PDFs,
and their certificates' Open Badges 3.0 credentials.

The same files as the organisation downloads (``documents.attestations.pdf``,
``certificates.pdf.render``, ``certificates.badge.badge_jwt``), found only through the
signed-in candidate's person: an identifier of another candidate's document is « not
found », like a missing one. Every download is audited in the organisation that issued
the document.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidate_space.errors import CandidateSpaceError, CandidateSpaceErrorCode
from clea_platform.candidate_space.home import SCOPE, own_candidates
from clea_platform.certificates import badge, paper, wallet
from clea_platform.certificates import pdf as certificate_pdf
from clea_platform.certificates.errors import CertificateError, CertificateErrorCode
from clea_platform.certificates.models import Certificate
from clea_platform.core.errors import CleaError
from clea_platform.db.base import utcnow
from clea_platform.documents import attestations
from clea_platform.documents.downloads import DocumentNotFoundError, PdfDocument, document_id
from clea_platform.documents.models import PartialAttestation
from clea_platform.dossiers.models import Dossier
from clea_platform.evaluations.models import Evaluation
from clea_platform.identity import ratelimit
from clea_platform.identity.ratelimit import Limit
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.permissions import CANDIDATE
from clea_platform.tenants.scoping import cross_tenant_reads


async def attestation(
    session: AsyncSession, actor: Actor, registry: CertificationRegistry, attestation_id: str
) -> PdfDocument:
    """One of the candidate's own partial attestations."""
    CANDIDATE.check(actor)
    key = document_id(attestation_id)
    async with cross_tenant_reads(session, SCOPE):
        candidates = {(c.organisation_id, c.id) for c in await own_candidates(session, actor)}
        row = (
            await session.execute(
                select(PartialAttestation, Dossier.organisation_id, Dossier.candidate_id)
                .join(
                    Evaluation,
                    (Evaluation.organisation_id == PartialAttestation.organisation_id)
                    & (Evaluation.id == PartialAttestation.evaluation_id),
                )
                .join(
                    Dossier,
                    (Dossier.organisation_id == Evaluation.organisation_id)
                    & (Dossier.id == Evaluation.dossier_id),
                )
                .where(PartialAttestation.id == key)
            )
        ).first()
    if row is None or (row[1], row[2]) not in candidates:
        raise DocumentNotFoundError()
    found: PartialAttestation = row[0]
    audit.record(
        session,
        actor,
        "candidate_space.attestation_download",
        [found.id],
        organisation_id=found.organisation_id,
    )
    return PdfDocument(
        filename=f"{found.reference}.pdf",
        disposition="attachment",
        render=lambda: attestations.pdf(registry, found),
    )


async def _own_certificate(
    session: AsyncSession, actor: Actor, certificate_id: uuid.UUID | None
) -> Certificate | None:
    """The certificate if it is one of the actor's own, else None (to be called in an open
    ``cross_tenant_reads`` scope: a person's certificates may be in several organisations)."""
    candidates = {(c.organisation_id, c.id) for c in await own_candidates(session, actor)}
    if certificate_id is None:
        return None
    found = await session.scalar(select(Certificate).where(Certificate.id == certificate_id))
    if found is None or (found.organisation_id, found.candidate_id) not in candidates:
        return None
    return found


async def certificate(
    session: AsyncSession, actor: Actor, registry: CertificationRegistry, certificate_id: str
) -> PdfDocument:
    """One of the candidate's own certificates."""
    CANDIDATE.check(actor)
    key = document_id(certificate_id)
    async with cross_tenant_reads(session, SCOPE):
        found = await _own_certificate(session, actor, key)
    if found is None:
        raise DocumentNotFoundError()
    audit.record(
        session,
        actor,
        "candidate_space.certificate_download",
        [found.id],
        organisation_id=found.organisation_id,
    )
    return PdfDocument(
        filename=f"{found.number}.pdf",
        disposition="attachment",
        render=lambda: certificate_pdf.render(registry, found),
    )


BADGE_WITHDRAWN = (
    "Ce certificat a été retiré : son badge numérique n'est plus délivré. "
    "Pour toute question, contactez votre conseiller."
)


class BadgeWithdrawnError(CleaError):
    """The certificate was revoked: its credential is no longer handed out."""

    def __init__(self) -> None:
        super().__init__(BADGE_WITHDRAWN)


@dataclass(frozen=True, slots=True)
class BadgeFile:
    filename: str
    token: str


def badge_filename(certificate: Certificate) -> str:
    """``certificat-clea-2026-000123.jwt``: the number, in a file name's lower case."""
    return f"certificat-{certificate.number.lower()}.jwt"


async def certificate_badge(
    session: AsyncSession, actor: Actor, registry: CertificationRegistry, certificate_id: str
) -> BadgeFile:
    """The Open Badges 3.0 credential (VC-JWT) of one of the candidate's own certificates,
    not revoked; audited ``candidate_space.badge_download``.

    Raises:
        DocumentNotFoundError: not theirs, missing or malformed.
        BadgeWithdrawnError: the certificate was revoked.
    """
    CANDIDATE.check(actor)
    key = document_id(certificate_id)
    async with cross_tenant_reads(session, SCOPE):
        found = await _own_certificate(session, actor, key)
        if found is None:
            raise DocumentNotFoundError()
        if found.revoked_at is not None:
            raise BadgeWithdrawnError()
        # The first badge gives the certificate its status list entry (a write on the
        # organisation's row): inside the scope it was read with.
        token = await badge.badge_jwt(session, registry, found)
    audit.record(
        session,
        actor,
        "candidate_space.badge_download",
        [found.id],
        organisation_id=found.organisation_id,
    )
    return BadgeFile(filename=badge_filename(found), token=token)


NO_ADDRESS = (
    "Nous n'avons pas votre adresse postale. Demandez à votre conseiller de l'ajouter, "
    "puis revenez ici."
)


async def request_paper_copy(
    session: AsyncSession, actor: Actor, certificate_id: uuid.UUID | None
) -> Certificate:
    """The candidate asks for the paper copy of their own certificate, posted to the
    address their organisation recorded (shown to them to confirm): the organisations'
    flow (``certificates.paper``), refusals in the candidate's words."""
    CANDIDATE.check(actor, writes=True)
    async with cross_tenant_reads(session, SCOPE):
        found = await _own_certificate(session, actor, certificate_id)
        if found is None:
            raise CandidateSpaceError(
                CandidateSpaceErrorCode.NOT_FOUND, "Certificat introuvable.", field="certificateId"
            )
        try:
            return await paper.request_paper_copy(session, actor, found.id)
        except CertificateError as refusal:
            message = (
                NO_ADDRESS if refusal.code == CertificateErrorCode.NO_ADDRESS else refusal.message
            )
            raise CandidateSpaceError(CandidateSpaceErrorCode.PAPER_REFUSED, message) from refusal


WALLET_REFUSED = "Ce certificat a été retiré : il ne peut pas aller dans un portefeuille."
#: A few offers per account (each is a QR code on the screen; more would be a flood).
OFFERS_PER_ACCOUNT = Limit("wallet-offer:account", 10, dt.timedelta(minutes=15))


async def wallet_offer(
    session: AsyncSession, actor: Actor, certificate_id: uuid.UUID | None, base_url: str
) -> wallet.Offer:
    """An OpenID4VCI offer of the candidate's own certificate, to scan with their wallet
    (``certificates.wallet``): single use, valid 15 minutes, with a transaction code to
    show beside the QR code."""
    CANDIDATE.check(actor, writes=True)
    async with cross_tenant_reads(session, SCOPE):
        found = await _own_certificate(session, actor, certificate_id)
    if found is None:
        raise CandidateSpaceError(
            CandidateSpaceErrorCode.NOT_FOUND, "Certificat introuvable.", field="certificateId"
        )
    if found.revoked_at is not None:
        raise CandidateSpaceError(CandidateSpaceErrorCode.WALLET_REFUSED, WALLET_REFUSED)
    subject = str(actor.candidate_account_id)
    if not await ratelimit.take(session, OFFERS_PER_ACCOUNT, subject, utcnow()):
        raise CandidateSpaceError(
            CandidateSpaceErrorCode.RATE_LIMITED,
            f"Trop de demandes. Attendez {OFFERS_PER_ACCOUNT.minutes} minutes, puis réessayez.",
        )
    offer = wallet.new_offer(
        session, found, base_url, wallet.PAGE_OFFER_VALIDITY, with_tx_code=True
    )
    audit.record(
        session,
        actor,
        "candidate_space.wallet_offer",
        [found.id],
        organisation_id=found.organisation_id,
    )
    return offer
