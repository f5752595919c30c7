"""Issuing certificates: numbering, canonical data, signature, billing, audit.

The jury context calls :func:`issue_certificate` (one dossier) or :func:`issue_many` (a
closed session) inside its own transaction, usually within a cross-tenant scope of a
Certif'Pro administrator, once it has moved the dossiers to ``certified``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from joserfc.jwk import OKPKey
from sqlalchemy import select, tuple_
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.certificates import signing, wallet
from clea_platform.certificates.codes import (
    certificate_number,
    format_code,
    new_verification_code,
)
from clea_platform.certificates.errors import CertificateError, CertificateErrorCode
from clea_platform.certificates.models import Certificate
from clea_platform.certificates.numbering import next_sequence
from clea_platform.db.base import new_id, utcnow
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations.models import BillableEvent
from clea_platform.mail.service import Attachment, enqueue
from clea_platform.plugins import lifecycle
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels.models import ReferentielVersion
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation

BILLABLE_CERTIFICATE = "certificate"
#: Dossiers per read-ahead statement of a batch (two bound parameters each).
PREFETCH_CHUNK = 200
#: ``typ`` of the certificate JWS: what the payload is (documented in docs/certificates.md).
TOKEN_TYPE = "clea-certificate+jws"


def holder_name(candidate: Candidate) -> str:
    """First names then usage name (birth name when none), as printed on the certificate."""
    last = candidate.usage_name or candidate.birth_name
    return " ".join(part for part in (candidate.first_names, last) if part)


def canonical_data(certificate: Certificate, certifier: str, base_url: str) -> dict[str, Any]:
    """What the signature covers (see docs/certificates.md for each field)."""
    code = format_code(certificate.verification_code)
    return {
        "iss": base_url,
        "jti": str(certificate.id),
        "iat": int(certificate.issued_at.timestamp()),
        "number": certificate.number,
        "verification_code": code,
        "verify_url": f"{base_url}/verify/{code}",
        "certification": {
            "code": certificate.certification_code,
            "title": certificate.certification_title,
            "certifier": certifier,
        },
        "referentiel_version": certificate.referentiel_version_label,
        "holder": {"name": certificate.holder_name},
        "decided_on": certificate.decided_on.isoformat(),
        "jury_session": {
            "id": str(certificate.jury_session_id) if certificate.jury_session_id else None,
            "label": certificate.jury_session_label,
        },
        "organisation": {"name": certificate.organisation_name},
    }


@dataclass
class _Issuer:
    """Issues certificates in one transaction, remembering what every one of them shares."""

    session: AsyncSession
    actor: Actor
    registry: CertificationRegistry
    key: tuple[str, OKPKey] | None = None
    organisations: dict[uuid.UUID, str] = field(default_factory=dict)
    versions: dict[uuid.UUID, str] = field(default_factory=dict)
    #: Read ahead for a batch (``prefetch``), by (organisation, dossier or candidate ID):
    #: the certificates already issued and the candidates. None: ask per certificate.
    issued: dict[tuple[uuid.UUID, uuid.UUID], Certificate] | None = None
    candidates: dict[tuple[uuid.UUID, uuid.UUID], Candidate] | None = None

    async def prefetch(self, dossiers: Sequence[Dossier]) -> None:
        """Read the batch's existing certificates and candidates in a few statements."""
        self.issued, self.candidates = {}, {}
        for start in range(0, len(dossiers), PREFETCH_CHUNK):
            chunk = dossiers[start : start + PREFETCH_CHUNK]
            by_dossier = [(d.organisation_id, d.id) for d in chunk]
            for certificate in await self.session.scalars(
                select(Certificate).where(
                    tuple_(Certificate.organisation_id, Certificate.dossier_id).in_(by_dossier)
                )
            ):
                self.issued[(certificate.organisation_id, certificate.dossier_id)] = certificate
            by_candidate = [(d.organisation_id, d.candidate_id) for d in chunk]
            for candidate in await self.session.scalars(
                select(Candidate).where(
                    tuple_(Candidate.organisation_id, Candidate.id).in_(by_candidate)
                )
            ):
                self.candidates[(candidate.organisation_id, candidate.id)] = candidate

    async def _existing(self, dossier: Dossier) -> Certificate | None:
        if self.issued is not None:
            return self.issued.get((dossier.organisation_id, dossier.id))
        found: Certificate | None = await self.session.scalar(
            select(Certificate).where(
                Certificate.organisation_id == dossier.organisation_id,
                Certificate.dossier_id == dossier.id,
            )
        )
        return found

    async def _candidate(self, dossier: Dossier) -> Candidate | None:
        if self.candidates is not None:
            candidate = self.candidates.get((dossier.organisation_id, dossier.candidate_id))
            if candidate is not None:
                return candidate
        found: Candidate | None = await self.session.scalar(
            select(Candidate).where(
                Candidate.organisation_id == dossier.organisation_id,
                Candidate.id == dossier.candidate_id,
            )
        )
        return found

    async def _organisation_name(self, organisation_id: uuid.UUID) -> str:
        if organisation_id not in self.organisations:
            organisation = await self.session.get(Organisation, organisation_id)
            self.organisations[organisation_id] = organisation.name if organisation else ""
        return self.organisations[organisation_id]

    async def _version_label(self, version_id: uuid.UUID) -> str:
        if version_id not in self.versions:
            version = await self.session.get(ReferentielVersion, version_id)
            assert version is not None
            self.versions[version_id] = version.label
        return self.versions[version_id]

    async def signing_key(self) -> tuple[str, OKPKey]:
        if self.key is None:
            self.key = await signing.active_key(self.session)
        return self.key

    async def issue(
        self,
        dossier: Dossier,
        decided_on: dt.date,
        jury_session_id: uuid.UUID | None,
        jury_session_label: str,
    ) -> Certificate:
        session = self.session
        existing = await self._existing(dossier)
        if existing is not None:
            return existing
        if dossier.status != DossierStatus.CERTIFIED:
            raise CertificateError(
                CertificateErrorCode.NOT_CERTIFIED,
                "Seul un dossier certifié par le jury reçoit un certificat.",
                field="dossierId",
            )
        candidate = await self._candidate(dossier)
        assert candidate is not None
        certification = self.registry.get(dossier.certification_code)
        kid, key = await self.signing_key()
        sequence = await next_sequence(session, certification.code, decided_on.year)
        certificate = Certificate(
            organisation_id=dossier.organisation_id,
            id=new_id(),
            dossier_id=dossier.id,
            candidate_id=candidate.id,
            certification_code=certification.code,
            year=decided_on.year,
            sequence=sequence,
            number=certificate_number(certification.code, decided_on.year, sequence),
            verification_code=new_verification_code(),
            holder_name=holder_name(candidate),
            certification_title=certification.title,
            referentiel_version_id=dossier.referentiel_version_id,
            referentiel_version_label=await self._version_label(dossier.referentiel_version_id),
            decided_on=decided_on,
            jury_session_id=jury_session_id,
            jury_session_label=jury_session_label.strip(),
            organisation_name=await self._organisation_name(dossier.organisation_id),
            issued_at=utcnow().replace(microsecond=0),
            issued_by_id=self.actor.user_id,
            kid=kid,
        )
        base_url = signing.signer_settings().base_url
        certificate.token = signing.sign(
            canonical_data(certificate, certification.certifier, base_url),
            kid,
            key,
            typ=TOKEN_TYPE,
        )
        session.add(certificate)
        session.add(
            BillableEvent(
                organisation_id=dossier.organisation_id,
                kind=BILLABLE_CERTIFICATE,
                certification_code=certification.code,
                subject_id=certificate.id,
                amount_cents=certification.fees.event_cents(BILLABLE_CERTIFICATE),
            )
        )
        # Recorded before the flush, so that it is saved within the caller's savepoint.
        audit.record(
            session,
            self.actor,
            "certificate.issue",
            [certificate.id, dossier.id],
            organisation_id=dossier.organisation_id,
        )
        await session.flush()
        if candidate.email:
            tell_the_holder(session, candidate, certificate, base_url)
        # Inside the caller's savepoint too: a certificate rolled back is never announced.
        lifecycle.announce(
            session,
            self.registry.plugin_manager,
            "clea_certificate_issued",
            organisation_id=certificate.organisation_id,
            dossier_id=certificate.dossier_id,
            certificate_id=certificate.id,
            certification_code=certificate.certification_code,
            number=certificate.number,
            verification_code=format_code(certificate.verification_code),
        )
        return certificate


def tell_the_holder(
    session: AsyncSession, candidate: Candidate, certificate: Certificate, base_url: str
) -> None:
    """E-mail the candidate that their certificate is issued: the links, never the file.

    Queued in the issuance's transaction (or savepoint): a certificate rolled back sends
    nothing. The verification page is public; the PDF is in the candidate space.
    """
    code = format_code(certificate.verification_code)
    first_name = candidate.first_names.split(" ")[0]
    # An OpenID4VCI offer (single use, valid as long as an invitation link), its QR code
    # attached: a wallet app on the phone scans it or opens the link. No transaction code:
    # it would travel in this same e-mail (docs/certificates.md, « Transaction code »).
    offer = wallet.new_offer(
        session, certificate, base_url, wallet.MAIL_OFFER_VALIDITY, with_tx_code=False
    )
    enqueue(
        session,
        candidate.email,
        f"Bravo ! Vous avez le certificat {certificate.certification_title}",
        f"Bonjour {first_name},\n\n"
        f"Le jury vous a donné le certificat {certificate.certification_title}.\n"
        f"Son numéro : {certificate.number}.\n\n"
        "Votre certificat est numérique. Pour le télécharger, entrez dans votre espace "
        "candidat :\n"
        f"{base_url}/espace-candidat\n\n"
        "Pour prouver à un employeur que votre certificat est vrai, donnez-lui ce lien :\n"
        f"{base_url}/verify/{code}\n\n"
        "Vous avez un portefeuille numérique sur votre téléphone ? Pour y ranger votre "
        "certificat, lisez avec lui le code QR joint à ce message, ou ouvrez ce lien sur "
        "votre téléphone. Il marche une seule fois, pendant 7 jours :\n"
        f"{offer.uri}\n",
        attachment=Attachment("portefeuille-certificat.png", "image/png", wallet.qr_png(offer.uri)),
    )


async def issue_certificate(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    *,
    dossier: Dossier,
    decided_on: dt.date,
    jury_session_id: uuid.UUID | None,
    jury_session_label: str,
) -> Certificate:
    """Number, sign and store the certificate of a certified dossier (idempotent).

    Called inside the caller's transaction (nothing is committed here); a second call for
    the same dossier returns the certificate already issued. Records a billable event
    (kind ``certificate``) and an audit event. The dossier must already be ``certified``.

    Example:
        >>> certificate = await issue_certificate(  # doctest: +SKIP
        ...     session, admin, registry, dossier=dossier, decided_on=dt.date(2026, 3, 12),
        ...     jury_session_id=session_id, jury_session_label="Jury de mars 2026 — Paris")
        >>> certificate.number  # doctest: +SKIP
        'CLEA-2026-000123'

    Raises:
        CertificateError: ``NOT_CERTIFIED`` when the dossier is not certified.
    """
    issuer = _Issuer(session, actor, registry)
    return await issuer.issue(dossier, decided_on, jury_session_id, jury_session_label)


@dataclass(frozen=True, slots=True)
class IssueRequest:
    """One certificate to issue in a batch."""

    dossier: Dossier
    decided_on: dt.date
    jury_session_id: uuid.UUID | None
    jury_session_label: str


@dataclass(frozen=True, slots=True)
class IssueFailure:
    dossier_id: uuid.UUID
    message: str


@dataclass(frozen=True, slots=True)
class BatchResult:
    issued: list[Certificate]
    failed: list[IssueFailure]


async def issue_many(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    requests: Sequence[IssueRequest],
) -> BatchResult:
    """Issue a batch, each certificate in its own SAVEPOINT.

    A certificate that fails (a domain error, a database error) is rolled back alone —
    its number too, so numbers keep no gap — and reported in ``failed``; the others are
    kept. Calling again with the same requests retries the failures and returns the
    certificates already issued (issuance is idempotent per dossier).
    """
    issuer = _Issuer(session, actor, registry)
    await issuer.signing_key()
    # The caller's audit events are saved now, outside the savepoints below.
    session.add_all(session.info.pop(audit.PENDING, []))
    await session.flush()
    # Two statements for the batch instead of two per certificate.
    await issuer.prefetch([request.dossier for request in requests])
    issued: list[Certificate] = []
    failed: list[IssueFailure] = []
    for request in requests:
        try:
            async with session.begin_nested():
                certificate = await issuer.issue(
                    request.dossier,
                    request.decided_on,
                    request.jury_session_id,
                    request.jury_session_label,
                )
        except (CertificateError, SQLAlchemyError) as exc:
            # Events recorded for the rolled-back certificate must not be saved.
            session.info.pop(audit.PENDING, None)
            message = exc.message if isinstance(exc, CertificateError) else str(exc)
            failed.append(IssueFailure(request.dossier.id, message))
            continue
        # Kept only once its savepoint is released: a repeated request returns it.
        if issuer.issued is not None:
            issuer.issued[(certificate.organisation_id, certificate.dossier_id)] = certificate
        issued.append(certificate)
    return BatchResult(issued=issued, failed=failed)
