"""GraphQL types of certificates."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import strawberry

from clea_platform.certificates.codes import format_code
from clea_platform.certificates.models import Certificate
from clea_platform.schema.certificates.enums import CertificateErrorCode, CertificateStatus
from clea_platform.schema.errors import FromDomainError


@strawberry.type(description="A problem with a certificate change, next to its field.")
class CertificateProblem(FromDomainError):  # noqa: N818 (a GraphQL type, not an exception)
    code: CertificateErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")


@strawberry.type(
    name="Certificate",
    description="A certificate delivered on a jury's decision; what it states is a snapshot.",
)
class CertificateType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    dossier_id: strawberry.ID = strawberry.field(description="The certified dossier.")
    number: str = strawberry.field(description="Number, e.g. CLEA-2026-000123.")
    verification_code: str = strawberry.field(description="Code printed on it (ABCDE-FGHJK).")
    certification_code: str = strawberry.field(description="Certification.")
    certification_title: str = strawberry.field(description="Certification's title.")
    holder_name: str = strawberry.field(description="Holder's name as printed.")
    referentiel_version: str = strawberry.field(description="Référentiel version label.")
    decided_on: dt.date = strawberry.field(description="Date of the jury's decision.")
    jury_session_id: strawberry.ID | None = strawberry.field(description="Jury session.")
    jury_session_label: str = strawberry.field(description="Jury session, as printed.")
    organisation_name: str = strawberry.field(description="Evaluator organisation.")
    issued_at: dt.datetime = strawberry.field(description="Issued (signed) at.")
    kid: str = strawberry.field(description="Identifier of the signing key (in the JWKS).")
    status: CertificateStatus = strawberry.field(description="Valid or revoked.")
    revoked_at: dt.datetime | None = strawberry.field(description="Revoked at.")
    revocation_reason: str = strawberry.field(description="Why it was revoked.")
    paper_requested_at: dt.datetime | None = strawberry.field(description="Paper copy asked.")
    paper_sent_at: dt.datetime | None = strawberry.field(description="Paper copy posted.")
    paper_address: str = strawberry.field(description="Where the paper copy goes.")
    verify_url: str = strawberry.field(description="Public verification page (path).")
    pdf_url: str = strawberry.field(description="PDF download (path).")
    badge_url: str = strawberry.field(description="Open Badges 3.0 credential (path, VC-JWT).")

    @classmethod
    def from_model(cls, certificate: Certificate) -> CertificateType:
        code = format_code(certificate.verification_code)
        return cls(
            id=strawberry.ID(str(certificate.id)),
            dossier_id=strawberry.ID(str(certificate.dossier_id)),
            number=certificate.number,
            verification_code=code,
            certification_code=certificate.certification_code,
            certification_title=certificate.certification_title,
            holder_name=certificate.holder_name,
            referentiel_version=certificate.referentiel_version_label,
            decided_on=certificate.decided_on,
            jury_session_id=(
                strawberry.ID(str(certificate.jury_session_id))
                if certificate.jury_session_id
                else None
            ),
            jury_session_label=certificate.jury_session_label,
            organisation_name=certificate.organisation_name,
            issued_at=certificate.issued_at,
            kid=certificate.kid,
            status=CertificateStatus.REVOKED if certificate.revoked_at else CertificateStatus.VALID,
            revoked_at=certificate.revoked_at,
            revocation_reason=certificate.revocation_reason,
            paper_requested_at=certificate.paper_requested_at,
            paper_sent_at=certificate.paper_sent_at,
            paper_address=certificate.paper_address,
            verify_url=f"/verify/{code}",
            pdf_url=f"/documents/certificates/{certificate.id}.pdf",
            badge_url=f"/documents/certificates/{certificate.id}/badge.jwt",
        )


@strawberry.type(description="Fields shared by the results of a change to one certificate.")
class CertificateChange:
    error_type: ClassVar[type[CertificateProblem]] = CertificateProblem
    certificate: CertificateType | None = strawberry.field(default=None, description="It.")
    errors: list[CertificateProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Result of revoking a certificate.")
class RevokeCertificatePayload(CertificateChange):
    pass


@strawberry.type(description="Result of asking for a paper copy.")
class RequestPaperCopyPayload(CertificateChange):
    pass


@strawberry.type(description="Result of marking paper copies as posted.")
class MarkPaperSentPayload:
    error_type: ClassVar[type[CertificateProblem]] = CertificateProblem
    certificates: list[CertificateType] | None = strawberry.field(
        default=None, description="The certificates marked."
    )
    errors: list[CertificateProblem] = strawberry.field(
        default_factory=list, description="Problems (nothing is marked when there is one)."
    )
