"""GraphQL types of juries: roster, sessions, agenda, the dossier as the jury reads it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from clea_platform.juries.access import AgendaEntry, DossierReview
from clea_platform.juries.attendance import Attendee, parity_problem
from clea_platform.juries.models import JurySession, MinutesDocument
from clea_platform.juries.pool import ReadyDossier as ReadyDossierRow
from clea_platform.juries.records import DecisionMember, DecisionRecord
from clea_platform.juries.roster import RosterEntry
from clea_platform.schema.context import Info
from clea_platform.schema.errors import FromDomainError
from clea_platform.schema.juries.combined import JuryCombinedResults
from clea_platform.schema.juries.enums import (
    DecisionMode,
    IssuanceStatus,
    JuryErrorCode,
    MinutesKind,
    Outcome,
    SessionStatus,
    Side,
)
from clea_platform.schema.notfound import NotFound


@strawberry.type(name="JuryMember", description="A person on Certif'Pro's jury roster.")
class JuryMemberType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    full_name: str = strawberry.field(description="Name.")
    email: str = strawberry.field(description="E-mail address.")
    side: Side = strawberry.field(description="Employer or employee representative.")
    body: str = strawberry.field(description="Organisation represented.")
    region: str = strawberry.field(description="Région.")
    certification_codes: list[str] = strawberry.field(description="Certifications.")
    affiliations: list[str] = strawberry.field(description="SIRENs declared.")
    active: bool = strawberry.field(description="On the roster.")

    @classmethod
    def from_entry(cls, entry: RosterEntry) -> JuryMemberType:
        member = entry.member
        return cls(
            id=strawberry.ID(str(member.id)),
            full_name=entry.full_name,
            email=entry.email,
            side=member.side,
            body=member.body,
            region=member.region,
            certification_codes=list(member.certification_codes),
            affiliations=list(member.affiliations),
            active=member.active,
        )


@strawberry.type(description="A member invited to a session, and their attendance.")
class JuryAttendee:
    member_id: strawberry.ID = strawberry.field(description="Member.")
    full_name: str = strawberry.field(description="Name.")
    side: Side = strawberry.field(description="Side.")
    body: str = strawberry.field(description="Organisation represented.")
    present: bool = strawberry.field(description="Attended.")

    @classmethod
    def from_attendee(cls, attendee: Attendee) -> JuryAttendee:
        return cls(
            member_id=strawberry.ID(str(attendee.member.id)),
            full_name=attendee.full_name,
            side=attendee.member.side,
            body=attendee.member.body,
            present=attendee.present,
        )


@strawberry.type(description="A member as a decision names them.")
class JuryDecisionMember:
    member_id: strawberry.ID = strawberry.field(description="Member.")
    full_name: str = strawberry.field(description="Name.")
    side: Side = strawberry.field(description="Side.")


@strawberry.type(
    description="A decision of the jury on a dossier: collegial (who presided, the members "
    "present for it, consensus or vote) and attributable (who recorded it). Read by the "
    "jury and Certif'Pro only (the organisation reads DossierJuryDecision)."
)
class JuryDecision:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    outcome: Outcome = strawberry.field(description="Outcome.")
    reason: str = strawberry.field(description="Grounds (mandatory unless certified).")
    decided_at: dt.datetime = strawberry.field(description="When it was (last) recorded.")
    frozen: bool = strawberry.field(description="Immutable (session closed).")
    revision: int = strawberry.field(
        description="Send it back to replace this decision (optimistic concurrency)."
    )
    presided_by: JuryDecisionMember | None = strawberry.field(
        description="The member who presided (null for an amendment)."
    )
    recorded_by: str = strawberry.field(
        description="Who recorded it: a member, or Certif'Pro as the session's secretary."
    )
    present_members: list[JuryDecisionMember] = strawberry.field(
        description="The members present for it (present at the session, not recused)."
    )
    mode: DecisionMode = strawberry.field(description="Consensus or vote.")
    votes_for: int | None = strawberry.field(description="Votes for (vote only).")
    votes_against: int | None = strawberry.field(description="Votes against (vote only).")
    abstentions: int | None = strawberry.field(description="Abstentions (vote only).")
    criteria_at_issue: list[str] = strawberry.field(
        description="Référentiel codes (domains or criteria) at issue when not certified."
    )
    candidate_comment: str = strawberry.field(description="Comment for the candidate.")
    organisation_comment: str = strawberry.field(
        description="Comment for the evaluator organisation."
    )
    internal_comment: str = strawberry.field(
        description="Internal to the jury and Certif'Pro: never sent to the organisation."
    )
    obtained_at_first_evaluation: bool = strawberry.field(
        description="Certified on the évaluation préalable alone (no évaluation finale)."
    )
    amends_id: strawberry.ID | None = strawberry.field(
        description="The decision this amendment corrects (null for a decision of the session)."
    )
    effect: str = strawberry.field(
        description="What an amendment did (certificate revoked or issued, dossier moved)."
    )

    @classmethod
    def from_record(cls, record: DecisionRecord) -> JuryDecision:
        return cls(
            id=strawberry.ID(str(record.id)),
            outcome=record.outcome,
            reason=record.reason,
            decided_at=record.decided_at,
            frozen=record.frozen,
            revision=record.revision,
            presided_by=_member(record.presided_by) if record.presided_by else None,
            recorded_by=record.recorded_by,
            present_members=[_member(m) for m in record.present_members],
            mode=record.mode,
            votes_for=record.votes_for,
            votes_against=record.votes_against,
            abstentions=record.abstentions,
            criteria_at_issue=list(record.criteria_at_issue),
            candidate_comment=record.candidate_comment,
            organisation_comment=record.organisation_comment,
            internal_comment=record.internal_comment,
            obtained_at_first_evaluation=record.obtained_at_first_evaluation,
            amends_id=strawberry.ID(str(record.amends_id)) if record.amends_id else None,
            effect=record.effect,
        )


def _member(member: DecisionMember) -> JuryDecisionMember:
    return JuryDecisionMember(
        member_id=strawberry.ID(str(member.member_id)),
        full_name=member.full_name,
        side=member.side,
    )


@strawberry.type(description="A problem with a jury action, next to its field.")
class JuryProblem(FromDomainError):  # noqa: N818 (a GraphQL type, not an exception)
    code: JuryErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")
    earlier_decision: JuryDecision | None = strawberry.field(
        default=None,
        description="The decision recorded first, when that is why (STALE_REVISION, "
        "ALREADY_AMENDED): read it before recording again.",
    )


@strawberry.type(description="A member recused from a dossier, and why.")
class JuryRecusal:
    member_id: strawberry.ID = strawberry.field(description="Member.")
    reason: str = strawberry.field(description="Why (affiliation or declared conflict).")


@strawberry.type(description="A dossier on a session's agenda.")
class JuryAgendaEntry:
    dossier_id: strawberry.ID = strawberry.field(description="Dossier.")
    organisation_name: str = strawberry.field(description="Evaluator organisation.")
    certification_code: str = strawberry.field(description="Certification.")
    holder_name: str = strawberry.field(description="Candidate's name.")
    dossier_status: str = strawberry.field(description="Dossier status (machine value).")
    my_recusal: str | None = strawberry.field(description="Why you are recused, if you are.")
    recusals: list[JuryRecusal] = strawberry.field(description="Every recused member.")
    decision: JuryDecision | None = strawberry.field(description="The decision, if any.")
    amendments: list[JuryDecision] = strawberry.field(
        description="Amendments of the decision, oldest first (the last one is in force)."
    )
    parity_problem: str | None = strawberry.field(
        description="Why the session cannot decide this dossier (recusals break parity for "
        "it); null when it can."
    )
    returned_reason: str = strawberry.field(
        description="Why the dossier went back to the pool at closing, undecided (else empty)."
    )

    @classmethod
    def from_entry(cls, entry: AgendaEntry) -> JuryAgendaEntry:
        decision = entry.decision
        return cls(
            dossier_id=strawberry.ID(str(entry.dossier_id)),
            organisation_name=entry.organisation_name,
            certification_code=entry.certification_code,
            holder_name=entry.holder_name,
            dossier_status=entry.dossier_status,
            my_recusal=entry.recusal,
            recusals=[
                JuryRecusal(member_id=strawberry.ID(str(member_id)), reason=reason)
                for member_id, reason in entry.recused_members
            ],
            decision=JuryDecision.from_record(decision) if decision else None,
            amendments=[JuryDecision.from_record(a) for a in entry.amendments],
            parity_problem=entry.parity_problem,
            returned_reason=entry.returned_reason,
        )


@strawberry.type(description="A certificate the last issuance run could not issue.")
class CertificateIssuanceFailure:
    dossier_id: strawberry.ID = strawberry.field(description="Dossier without its certificate.")
    message: str = strawberry.field(description="Why (French).")


@strawberry.type(description="The frozen minutes of a session, or one of their appendices.")
class JuryMinutesDocument:
    kind: MinutesKind = strawberry.field(description="Minutes or appendix.")
    number: int = strawberry.field(description="0 for the minutes, 1, 2… for the appendices.")
    sha256: str = strawberry.field(description="SHA-256 of the PDF's bytes, as stored.")
    created_at: dt.datetime = strawberry.field(description="When it was frozen.")
    url: str = strawberry.field(description="The PDF (Certif'Pro and the session's members).")

    @classmethod
    def from_model(cls, document: MinutesDocument) -> JuryMinutesDocument:
        base = f"/jury-sessions/{document.session_id}"
        return cls(
            kind=document.kind,
            number=document.number,
            sha256=document.sha256,
            created_at=document.created_at,
            url=f"{base}/minutes.pdf"
            if document.kind == MinutesKind.MINUTES
            else f"{base}/appendices/{document.number}.pdf",
        )


@strawberry.type(name="JurySession", description="A paritaire jury session.")
class JurySessionType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    title: str = strawberry.field(description="Title.")
    certification_codes: list[str] = strawberry.field(description="Certifications.")
    region: str = strawberry.field(description="Région.")
    held_on: dt.date = strawberry.field(description="Date.")
    place: str = strawberry.field(description="Place (empty when remote).")
    remote: bool = strawberry.field(description="Held remotely.")
    starts_at: dt.time = strawberry.field(description="Start, local time (Europe/Paris).")
    ends_at: dt.time = strawberry.field(description="End, local time (Europe/Paris).")
    interviews: bool = strawberry.field(
        description="The jury hears the candidates (outcomes ABSENT and EXCUSED apply)."
    )
    status: SessionStatus = strawberry.field(description="Convened, open, closed.")
    certificates_total: int = strawberry.field(description="Certificates to issue.")
    certificates_issued: int = strawberry.field(description="Certificates issued so far.")
    issuance_error: str = strawberry.field(description="Failures of the last issuance run.")
    minutes_url: str | None = strawberry.field(description="Minutes PDF, once closed.")
    revision: int = strawberry.field(description="Revision.")
    issuance_status: IssuanceStatus | None = strawberry.field(
        description="Background issuance of the certificates (null until the session is "
        "closed): compare certificatesIssued with certificatesTotal for the progress."
    )
    issuance_failures: list[CertificateIssuanceFailure] = strawberry.field(
        description="Certificates the current or last run could not issue, one per dossier "
        "(issuanceError is the same as text, once the run has ended)."
    )
    issuance_runs: int = strawberry.field(description="Issuance runs started so far.")
    issuance_started_at: dt.datetime | None = strawberry.field(
        description="When the current or last issuance run started."
    )
    issuance_finished_at: dt.datetime | None = strawberry.field(
        description="When the last issuance run ended (null while pending or running)."
    )

    @strawberry.field(description="Members invited.")
    async def attendees(self, info: Info) -> list[JuryAttendee]:
        found = await info.context.jury_loaders.attendees.load(uuid.UUID(self.id))
        return [JuryAttendee.from_attendee(a) for a in found]

    @strawberry.field(description="Why the session is not paritaire now (null: it is).")
    async def parity_problem(self, info: Info) -> str | None:
        return parity_problem(await info.context.jury_loaders.attendees.load(uuid.UUID(self.id)))

    @strawberry.field(
        description="The minutes frozen at closing, then one appendix per amendment (empty "
        "until the session is closed)."
    )
    async def minutes_documents(self, info: Info) -> list[JuryMinutesDocument]:
        found = await info.context.jury_loaders.minutes.load(uuid.UUID(self.id))
        return [JuryMinutesDocument.from_model(document) for document in found]

    @classmethod
    def from_model(cls, jury_session: JurySession) -> JurySessionType:
        return cls(
            id=strawberry.ID(str(jury_session.id)),
            title=jury_session.title,
            certification_codes=list(jury_session.certification_codes),
            region=jury_session.region,
            held_on=jury_session.held_on,
            place=jury_session.place,
            remote=jury_session.remote,
            starts_at=jury_session.starts_at,
            ends_at=jury_session.ends_at,
            interviews=jury_session.interviews,
            status=jury_session.status,
            certificates_total=jury_session.certificates_total,
            certificates_issued=jury_session.certificates_issued,
            issuance_error=jury_session.issuance_error,
            minutes_url=f"/jury-sessions/{jury_session.id}/minutes.pdf"
            if jury_session.status == SessionStatus.CLOSED
            else None,
            revision=jury_session.revision,
            issuance_status=jury_session.issuance_status,
            issuance_failures=[
                CertificateIssuanceFailure(
                    dossier_id=strawberry.ID(failure["dossier_id"]), message=failure["message"]
                )
                for failure in jury_session.issuance_failures
            ],
            issuance_runs=jury_session.issuance_runs,
            issuance_started_at=jury_session.issuance_started_at,
            issuance_finished_at=jury_session.issuance_finished_at,
        )


JurySessionResult = Annotated[
    JurySessionType | NotFound,
    strawberry.union(
        "JurySessionResult",
        description="The session, or NotFound when it does not exist or is not yours.",
    ),
]


@strawberry.type(description="An evaluation as the jury reads it.")
class JuryEvaluation:
    kind: str = strawberry.field(description="initial or final.")
    closed_at: dt.datetime | None = strawberry.field(description="Closed.")
    mastery: JSON = strawberry.field(description="Mastery per node code: {acquired, score}.")
    results: JSON = strawberry.field(description="Result per item code.")


@strawberry.type(description="A dossier of the agenda as the jury examines it.")
class JuryDossier:
    dossier_id: strawberry.ID = strawberry.field(description="Dossier.")
    holder_name: str = strawberry.field(description="Candidate's name.")
    organisation_name: str = strawberry.field(description="Evaluator organisation.")
    certification_code: str = strawberry.field(description="Certification.")
    recusal: str | None = strawberry.field(
        description="Why you are recused (then only the name is shown)."
    )
    evaluations: list[JuryEvaluation] = strawberry.field(description="Closed evaluations.")
    training_organisation: str = strawberry.field(description="Who trained the candidate.")
    training_hours_planned: float = strawberry.field(description="Hours planned.")
    training_hours_done: float = strawberry.field(description="Hours done.")
    combined: JuryCombinedResults | None = strawberry.field(
        default=None,
        description=(
            "The évaluation préalable and the finale in one view, per domain (null when "
            "recused or without a closed évaluation préalable)."
        ),
    )

    @classmethod
    def from_review(
        cls, review: DossierReview, combined: JuryCombinedResults | None = None
    ) -> JuryDossier:
        return cls(
            dossier_id=strawberry.ID(str(review.dossier_id)),
            holder_name=review.holder_name,
            organisation_name=review.organisation_name,
            certification_code=review.certification_code,
            recusal=review.recusal,
            evaluations=[
                JuryEvaluation(
                    kind=e.kind,
                    closed_at=e.closed_at,
                    mastery=JSON(e.mastery),
                    results=JSON(dict(e.results)),
                )
                for e in review.evaluations
            ],
            training_organisation=review.training_organisation,
            training_hours_planned=review.training_hours_planned,
            training_hours_done=review.training_hours_done,
            combined=combined,
        )


JuryDossierResult = Annotated[
    JuryDossier | NotFound,
    strawberry.union(
        "JuryDossierResult",
        description="The dossier, or NotFound when it is not on the agenda of a session of yours.",
    ),
]


@strawberry.type(description="A « prêt pour le jury » dossier, for the agenda.")
class ReadyDossier:
    dossier_id: strawberry.ID = strawberry.field(description="Dossier.")
    holder_name: str = strawberry.field(description="Candidate's name.")
    organisation_name: str = strawberry.field(description="Evaluator organisation.")
    region: str = strawberry.field(description="Région of the dossier's site.")
    certification_code: str = strawberry.field(description="Certification.")
    ready_since: dt.datetime = strawberry.field(description="Ready for the jury since.")

    @classmethod
    def from_row(cls, row: ReadyDossierRow) -> ReadyDossier:
        return cls(
            dossier_id=strawberry.ID(str(row.dossier_id)),
            holder_name=row.holder_name,
            organisation_name=row.organisation_name,
            region=row.region,
            certification_code=row.certification_code,
            ready_since=row.ready_since,
        )
