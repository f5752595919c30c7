"""GraphQL types of the candidate space."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar

import strawberry
from strawberry.scalars import JSON

from clea_platform.candidate_space import home, invitations, rights
from clea_platform.candidate_space.errors import CandidateSpaceErrorCode
from clea_platform.certificates.codes import format_code
from clea_platform.db.base import utcnow
from clea_platform.follow_up import service as follow_up
from clea_platform.schema.context import Info
from clea_platform.schema.errors import FromDomainError
from clea_platform.schema.follow_up.types import PendingFollowUp
from clea_platform.schema.notfound import NotFound

strawberry.enum(
    CandidateSpaceErrorCode,
    name="CandidateSpaceProblemCode",
    description="Why a candidate space operation was refused.",
)


@strawberry.type(description="A problem with the input, to show next to the field.")
class CandidateSpaceProblem(FromDomainError):  # noqa: N818 (a payload type, not an exception)
    code: CandidateSpaceErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")


@strawberry.type(description="A planned sitting of an evaluation.")
class CandidateSitting:
    kind_label: str = strawberry.field(description="« Évaluation préalable » or « finale ».")
    day: dt.date = strawberry.field(description="Day.")
    starts_at: dt.time = strawberry.field(description="Start time.")
    ends_at: dt.time = strawberry.field(description="End time.")
    place: str = strawberry.field(description="The site's name.")


@strawberry.type(description="The training plan's calendar, as the candidate sees it.")
class CandidateTraining:
    organisation_name: str = strawberry.field(description="Who trains.")
    starts_on: dt.date | None = strawberry.field(description="First day planned.")
    ends_on: dt.date | None = strawberry.field(description="Last day planned.")
    days_done: list[dt.date] = strawberry.field(description="Days of training recorded.")


@strawberry.type(description="A partial attestation the candidate may download.")
class CandidateAttestation:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    reference: str = strawberry.field(description="Reference printed on it.")
    issued_at: dt.datetime = strawberry.field(description="When it was issued.")
    download_url: str = strawberry.field(description="The PDF, for the signed-in candidate.")


@strawberry.type(
    description="What the certificate's Open Badge (a signed file for a wallet) states, "
    "read from the credential itself."
)
class CandidateBadge:
    holder_name: str = strawberry.field(description="To whom it was issued.")
    achievement_name: str = strawberry.field(description="The certification it attests.")
    issuer_name: str = strawberry.field(description="Who issued and signed it.")
    issued_on: dt.date = strawberry.field(description="Day it takes effect (Europe/Paris).")
    valid_until: dt.date | None = strawberry.field(
        description="Last day it is valid; none: no end."
    )
    download_url: str = strawberry.field(
        description="The credential file (VC-JWT), for the signed-in candidate."
    )


@strawberry.type(description="The candidate's certificate.")
class CandidateCertificate:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    number: str = strawberry.field(description="Certificate number.")
    issued_at: dt.datetime = strawberry.field(description="When it was issued.")
    revoked: bool = strawberry.field(description="True when it was revoked.")
    download_url: str = strawberry.field(description="The PDF, for the signed-in candidate.")
    verify_path: str = strawberry.field(description="The public verification page (/verify/…).")
    paper_requested_at: dt.datetime | None = strawberry.field(
        description="When a paper copy was requested, if it was."
    )
    paper_sent_at: dt.datetime | None = strawberry.field(
        description="When the paper copy was sent, if it was."
    )
    paper_address: str = strawberry.field(
        description="Where the paper copy goes (or went); empty: no postal address recorded."
    )
    badge: CandidateBadge | None = strawberry.field(
        description="Its Open Badges 3.0 credential in plain words; none once revoked."
    )


@strawberry.type(description="One of the candidate's dossiers, in plain words.")
class CandidateDossier:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    organisation_name: str = strawberry.field(description="The organisation following it.")
    certification_title: str = strawberry.field(description="The certification.")
    status: str = strawberry.field(description="The dossier's status code.")
    step_title: str = strawberry.field(description="The current step, in a few words.")
    step_now: str = strawberry.field(description="What is happening now (plain French).")
    step_next: str = strawberry.field(description="What comes next (plain French).")
    adviser_name: str = strawberry.field(description="The adviser to contact.")
    site_name: str = strawberry.field(description="The site following the dossier.")
    site_address: str = strawberry.field(description="Its address.")
    site_phone: str = strawberry.field(description="Its phone number.")
    consent_at: dt.datetime = strawberry.field(description="When the candidate consented.")
    window_ends_on: dt.date | None = strawberry.field(
        description="Last day of the 5-year window after the évaluation préalable."
    )
    days_left: int | None = strawberry.field(description="Days left in that window.")
    sittings: list[CandidateSitting] = strawberry.field(description="Evaluation sittings.")
    acquired_domains: list[str] = strawberry.field(
        description="Titles of the domains acquired (no evaluator comments)."
    )
    training: CandidateTraining | None = strawberry.field(description="Training calendar.")
    attestations: list[CandidateAttestation] = strawberry.field(description="Partial attestations.")
    certificate: CandidateCertificate | None = strawberry.field(description="The certificate.")

    @classmethod
    def from_view(cls, view: home.CandidateDossier) -> CandidateDossier:
        certificate = view.certificate
        return cls(
            id=strawberry.ID(str(view.id)),
            organisation_name=view.organisation_name,
            certification_title=view.certification_title,
            status=view.status.value,
            step_title=view.step_title,
            step_now=view.step_now,
            step_next=view.step_next,
            adviser_name=view.adviser_name,
            site_name=view.site_name,
            site_address=view.site_address,
            site_phone=view.site_phone,
            consent_at=view.consent_at,
            window_ends_on=view.window_ends_on,
            days_left=view.days_left(utcnow().date()),
            sittings=[
                CandidateSitting(
                    kind_label=s.kind_label,
                    day=s.day,
                    starts_at=s.starts_at,
                    ends_at=s.ends_at,
                    place=s.place,
                )
                for s in view.sittings
            ],
            acquired_domains=view.acquired_domains,
            training=None
            if view.training is None
            else CandidateTraining(
                organisation_name=view.training.organisation_name,
                starts_on=view.training.starts_on,
                ends_on=view.training.ends_on,
                days_done=view.training.days_done,
            ),
            attestations=[
                CandidateAttestation(
                    id=strawberry.ID(str(a.id)),
                    reference=a.reference,
                    issued_at=a.issued_at,
                    download_url=f"/documents/candidate-space/attestations/{a.id}.pdf",
                )
                for a in view.attestations
            ],
            certificate=None
            if certificate is None
            else CandidateCertificate(
                id=strawberry.ID(str(certificate.id)),
                number=certificate.number,
                issued_at=certificate.issued_at,
                revoked=certificate.revoked,
                download_url=f"/documents/candidate-space/certificates/{certificate.id}.pdf",
                verify_path=f"/verify/{format_code(certificate.verification_code)}",
                paper_requested_at=certificate.paper_requested_at,
                paper_sent_at=certificate.paper_sent_at,
                paper_address=certificate.paper_address,
                badge=None
                if certificate.badge is None
                else CandidateBadge(
                    holder_name=certificate.badge.holder_name,
                    achievement_name=certificate.badge.achievement_name,
                    issuer_name=certificate.badge.issuer_name,
                    issued_on=certificate.badge.issued_on,
                    valid_until=certificate.badge.valid_until,
                    download_url=(
                        f"/documents/candidate-space/certificates/{certificate.id}/badge.jwt"
                    ),
                ),
            ),
        )


@strawberry.type(description="The signed-in candidate's space.")
class CandidateSpace:
    first_name: str = strawberry.field(description="The candidate's first name.")
    dossiers: list[CandidateDossier] = strawberry.field(description="Newest first.")

    @strawberry.field(
        description="Follow-up questionnaires to answer (« Que devenez-vous ? »), open ones."
    )
    async def follow_ups(self, info: Info) -> list[PendingFollowUp]:
        found = await follow_up.pending_for(info.context.session, info.context.actor)
        return [
            PendingFollowUp(
                id=strawberry.ID(str(item.id)),
                certification_title=item.certification_title,
                organisation_name=item.organisation_name,
                wave=item.wave,
                expires_at=item.expires_at,
            )
            for item in found
        ]

    @classmethod
    def from_home(cls, found: home.CandidateHome) -> CandidateSpace:
        return cls(
            first_name=found.first_name,
            dossiers=[CandidateDossier.from_view(view) for view in found.dossiers],
        )


@strawberry.type(description="An organisation that read or changed the candidate's data.")
class CandidateDataAccess:
    organisation_name: str = strawberry.field(description="The organisation (never a person).")
    last_access_at: dt.datetime = strawberry.field(description="Its latest access.")

    @classmethod
    def from_domain(cls, access: rights.OrganisationAccess) -> CandidateDataAccess:
        return cls(organisation_name=access.organisation_name, last_access_at=access.last_access_at)


@strawberry.type(description="Everything stored about the candidate, per organisation.")
class CandidateDataExport:
    data: JSON = strawberry.field(
        description="{exported_at, organisations: [{organisation, data: {candidate, dossiers…}}]}"
    )


@strawberry.type(description="Whether a candidate was invited to their space and used it.")
class CandidateSpaceStatus:
    email: str = strawberry.field(description="The address the invitation goes to.")
    invited_at: dt.datetime | None = strawberry.field(description="Latest invitation.")
    activated_at: dt.datetime | None = strawberry.field(
        description="First sign-in: the space is activated."
    )

    @classmethod
    def from_domain(cls, status: invitations.SpaceStatus) -> CandidateSpaceStatus:
        return cls(
            email=status.email, invited_at=status.invited_at, activated_at=status.activated_at
        )


CandidateSpaceStatusResult = Annotated[
    CandidateSpaceStatus | NotFound,
    strawberry.union("CandidateSpaceStatusResult", description="The status, or not found."),
]


@strawberry.type(description="A candidate's correction request, a task for the advisers.")
class CorrectionRequestType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    candidate_id: strawberry.ID = strawberry.field(description="The candidate.")
    candidate_name: str = strawberry.field(description="The candidate's name.")
    message: str = strawberry.field(description="What the candidate asks to correct.")
    created_at: dt.datetime = strawberry.field(description="When it was asked.")

    @classmethod
    def from_domain(cls, found: rights.OpenCorrection) -> CorrectionRequestType:
        return cls(
            id=strawberry.ID(str(found.id)),
            candidate_id=strawberry.ID(str(found.candidate_id)),
            candidate_name=found.candidate_name,
            message=found.message,
            created_at=found.created_at,
        )


@strawberry.type(description="Answer to a sign-in link request: the same whoever asks.")
class RequestCandidateSignInLinkPayload:
    error_type: ClassVar[type[CandidateSpaceProblem]] = CandidateSpaceProblem
    sent: bool = strawberry.field(
        default=False, description="True: if the address is known, a link is on its way."
    )
    errors: list[CandidateSpaceProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Answer to signing in with a one-time link.")
class SignInCandidatePayload:
    error_type: ClassVar[type[CandidateSpaceProblem]] = CandidateSpaceProblem
    ok: bool = strawberry.field(default=False, description="True: the candidate is signed in.")
    errors: list[CandidateSpaceProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Answer to signing out.")
class SignOutCandidatePayload:
    error_type: ClassVar[type[CandidateSpaceProblem]] = CandidateSpaceProblem
    ok: bool = strawberry.field(default=False, description="True when signed out.")
    errors: list[CandidateSpaceProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Answer to inviting a candidate to their space.")
class InviteCandidateToSpacePayload:
    error_type: ClassVar[type[CandidateSpaceProblem]] = CandidateSpaceProblem
    status: CandidateSpaceStatus | None = strawberry.field(
        default=None, description="The space's status after the invitation."
    )
    errors: list[CandidateSpaceProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Answer to a correction request.")
class RequestDataCorrectionPayload:
    error_type: ClassVar[type[CandidateSpaceProblem]] = CandidateSpaceProblem
    ok: bool = strawberry.field(default=False, description="True: the organisation has it.")
    errors: list[CandidateSpaceProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Answer to marking a correction request handled.")
class ResolveCorrectionRequestPayload:
    error_type: ClassVar[type[CandidateSpaceProblem]] = CandidateSpaceProblem
    ok: bool = strawberry.field(default=False, description="True when handled.")
    errors: list[CandidateSpaceProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Answer to the candidate's paper copy request.")
class RequestMyPaperCopyPayload:
    error_type: ClassVar[type[CandidateSpaceProblem]] = CandidateSpaceProblem
    ok: bool = strawberry.field(default=False, description="True: the copy is requested.")
    errors: list[CandidateSpaceProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Answer to a sign-in code request: the same whoever asks.")
class RequestCandidateSignInCodePayload:
    error_type: ClassVar[type[CandidateSpaceProblem]] = CandidateSpaceProblem
    sent: bool = strawberry.field(
        default=False, description="True: if the number is known, a code is on its way."
    )
    errors: list[CandidateSpaceProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="An OpenID4VCI credential offer, for a wallet to scan.")
class WalletOffer:
    uri: str = strawberry.field(
        description="openid-credential-offer://?credential_offer_uri=… (the offer by "
        "reference; show it as a QR code)."
    )
    expires_at: dt.datetime = strawberry.field(description="When its code stops working.")
    tx_code: str | None = strawberry.field(
        default=None,
        description="The transaction code (6 digits) the wallet asks for: show it beside the "
        "QR code, never inside it. Three wrong codes burn the offer.",
    )


@strawberry.type(description="Answer to the candidate's wallet offer request.")
class CreateWalletOfferPayload:
    error_type: ClassVar[type[CandidateSpaceProblem]] = CandidateSpaceProblem
    offer: WalletOffer | None = strawberry.field(default=None, description="The offer.")
    errors: list[CandidateSpaceProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )
