"""Root mutations of juries: each reads its input, calls one service and maps the result."""

from __future__ import annotations

import datetime as dt

import strawberry

from clea_platform.jobs import closing
from clea_platform.juries import (
    agenda,
    amendments,
    attendance,
    decisions,
    recusal,
    roster,
    sessions,
)
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.schema.context import Info
from clea_platform.schema.ids import parse_id
from clea_platform.schema.juries import inputs
from clea_platform.schema.juries.payloads import (
    AddJuryMemberPayload,
    AddToJuryAgendaPayload,
    AmendJuryDecisionPayload,
    CloseJurySessionPayload,
    ConveneJurySessionPayload,
    DecideJuryDossierPayload,
    DeclareJuryConflictPayload,
    InviteJuryMemberPayload,
    OpenJurySessionPayload,
    RecordJuryAttendancePayload,
    RemoveFromJuryAgendaPayload,
    RetryCertificateIssuancePayload,
    UpdateJuryMemberPayload,
)
from clea_platform.schema.juries.types import JuryDecision, JuryMemberType, JurySessionType

SESSION_NOT_FOUND = JuryError(JuryErrorCode.NOT_FOUND, "Session introuvable.", field="sessionId")
DOSSIER_NOT_FOUND = JuryError(JuryErrorCode.NOT_FOUND, "Dossier introuvable.", field="dossierId")
MEMBER_NOT_FOUND = JuryError(JuryErrorCode.NOT_FOUND, "Membre introuvable.", field="memberId")
DECISION_NOT_FOUND = JuryError(JuryErrorCode.NOT_FOUND, "Décision introuvable.", field="decisionId")
PRESIDENT_NOT_FOUND = JuryError(
    JuryErrorCode.NOT_FOUND, "Membre introuvable.", field="presidingMemberId"
)
PRESENT_NOT_FOUND = JuryError(
    JuryErrorCode.NOT_FOUND, "Membre introuvable.", field="presentMemberIds"
)


def _member_data(input: inputs.AddJuryMemberInput) -> roster.MemberInput:
    return roster.MemberInput(
        email=input.email,
        full_name=input.full_name,
        side=input.side,
        body=input.body,
        region=input.region,
        certification_codes=input.certification_codes,
        affiliations=input.affiliations,
    )


@strawberry.type
class JuryMutations:
    @strawberry.mutation(description="Put a person on the jury roster.")
    async def add_jury_member(
        self, info: Info, input: inputs.AddJuryMemberInput
    ) -> AddJuryMemberPayload:
        session = info.context.session
        member = await roster.add_member(
            session,
            info.context.actor,
            info.context.registry,
            _member_data(input),
            base_url=info.context.settings.base_url,
        )
        (entry,) = await roster.entries(session, [member])
        return AddJuryMemberPayload(member=JuryMemberType.from_entry(entry))

    @strawberry.mutation(description="Change a roster entry (side, body, affiliations…).")
    async def update_jury_member(
        self, info: Info, input: inputs.UpdateJuryMemberInput
    ) -> UpdateJuryMemberPayload:
        session = info.context.session
        member = await roster.update_member(
            session,
            info.context.actor,
            info.context.registry,
            parse_id(input.id, MEMBER_NOT_FOUND),
            _member_data(input),
            active=input.active,
        )
        (entry,) = await roster.entries(session, [member])
        return UpdateJuryMemberPayload(member=JuryMemberType.from_entry(entry))

    @strawberry.mutation(description="Convene a jury session and invite its members.")
    async def convene_jury_session(
        self, info: Info, input: inputs.ConveneJurySessionInput
    ) -> ConveneJurySessionPayload:
        jury_session = await sessions.convene(
            info.context.session,
            info.context.actor,
            info.context.registry,
            sessions.SessionInput(
                title=input.title,
                certification_codes=input.certification_codes,
                region=input.region,
                held_on=input.held_on,
                place=input.place,
                remote=input.remote,
                member_ids=[parse_id(m, MEMBER_NOT_FOUND) for m in input.member_ids],
                starts_at=input.starts_at,
                ends_at=input.ends_at,
                interviews=input.interviews,
            ),
            today=dt.date.today(),
        )
        return ConveneJurySessionPayload(session=JurySessionType.from_model(jury_session))

    @strawberry.mutation(description="Invite one more member to a session.")
    async def invite_jury_member(
        self, info: Info, input: inputs.InviteJuryMemberInput
    ) -> InviteJuryMemberPayload:
        jury_session = await sessions.invite(
            info.context.session,
            info.context.actor,
            parse_id(input.session_id, SESSION_NOT_FOUND),
            parse_id(input.member_id, MEMBER_NOT_FOUND),
        )
        return InviteJuryMemberPayload(session=JurySessionType.from_model(jury_session))

    @strawberry.mutation(description="Record whether a member attends.")
    async def record_jury_attendance(
        self, info: Info, input: inputs.RecordJuryAttendanceInput
    ) -> RecordJuryAttendancePayload:
        jury_session = await attendance.record_attendance(
            info.context.session,
            info.context.actor,
            parse_id(input.session_id, SESSION_NOT_FOUND),
            parse_id(input.member_id, MEMBER_NOT_FOUND),
            input.present,
        )
        return RecordJuryAttendancePayload(session=JurySessionType.from_model(jury_session))

    @strawberry.mutation(description="Open a paritaire session.")
    async def open_jury_session(
        self, info: Info, input: inputs.OpenJurySessionInput
    ) -> OpenJurySessionPayload:
        jury_session = await attendance.open_session(
            info.context.session, info.context.actor, parse_id(input.id, SESSION_NOT_FOUND)
        )
        return OpenJurySessionPayload(session=JurySessionType.from_model(jury_session))

    @strawberry.mutation(description="Put « prêt pour le jury » dossiers on the agenda.")
    async def add_to_jury_agenda(
        self, info: Info, input: inputs.AddToJuryAgendaInput
    ) -> AddToJuryAgendaPayload:
        jury_session = await agenda.add_to_agenda(
            info.context.session,
            info.context.actor,
            info.context.registry,
            parse_id(input.session_id, SESSION_NOT_FOUND),
            [parse_id(d, DOSSIER_NOT_FOUND) for d in input.dossier_ids],
        )
        return AddToJuryAgendaPayload(session=JurySessionType.from_model(jury_session))

    @strawberry.mutation(description="Take a dossier off the agenda (back to « prêt »).")
    async def remove_from_jury_agenda(
        self, info: Info, input: inputs.RemoveFromJuryAgendaInput
    ) -> RemoveFromJuryAgendaPayload:
        jury_session = await agenda.remove_from_agenda(
            info.context.session,
            info.context.actor,
            info.context.registry,
            parse_id(input.session_id, SESSION_NOT_FOUND),
            parse_id(input.dossier_id, DOSSIER_NOT_FOUND),
        )
        return RemoveFromJuryAgendaPayload(session=JurySessionType.from_model(jury_session))

    @strawberry.mutation(description="As a jury member, declare a conflict on a dossier.")
    async def declare_jury_conflict(
        self, info: Info, input: inputs.DeclareJuryConflictInput
    ) -> DeclareJuryConflictPayload:
        jury_session = await recusal.declare_conflict(
            info.context.session,
            info.context.actor,
            parse_id(input.session_id, SESSION_NOT_FOUND),
            parse_id(input.dossier_id, DOSSIER_NOT_FOUND),
            input.reason,
        )
        return DeclareJuryConflictPayload(session=JurySessionType.from_model(jury_session))

    @strawberry.mutation(
        description="Record the jury's decision on a dossier of the agenda: who presides, the "
        "members present for it (paritaire once recusals are set aside), consensus or vote, "
        "the outcome and the comments. A second recording must start from the first "
        "(its revision)."
    )
    async def decide_jury_dossier(
        self, info: Info, input: inputs.DecideJuryDossierInput
    ) -> DecideJuryDossierPayload:
        record = await decisions.decide(
            info.context.session,
            info.context.actor,
            parse_id(input.session_id, SESSION_NOT_FOUND),
            parse_id(input.dossier_id, DOSSIER_NOT_FOUND),
            decisions.DecisionInput(
                outcome=input.outcome,
                reason=input.reason,
                presiding_member_id=parse_id(input.presiding_member_id, PRESIDENT_NOT_FOUND)
                if input.presiding_member_id is not None
                else None,
                present_member_ids=[
                    parse_id(m, PRESENT_NOT_FOUND) for m in input.present_member_ids
                ]
                if input.present_member_ids is not None
                else None,
                mode=input.mode,
                votes_for=input.votes_for,
                votes_against=input.votes_against,
                abstentions=input.abstentions,
                criteria_at_issue=input.criteria_at_issue,
                candidate_comment=input.candidate_comment,
                organisation_comment=input.organisation_comment,
                internal_comment=input.internal_comment,
                revision=input.revision,
            ),
        )
        return DecideJuryDossierPayload(decision=JuryDecision.from_record(record))

    @strawberry.mutation(
        description="Close the session: decisions frozen, dossiers moved, certificates issued "
        "by a background job committed with the closing (progress on the session)."
    )
    async def close_jury_session(
        self, info: Info, input: inputs.CloseJurySessionInput
    ) -> CloseJurySessionPayload:
        jury_session = await closing.close_session(
            info.context.session,
            info.context.sessions,
            info.context.registry,
            info.context.actor,
            parse_id(input.id, SESSION_NOT_FOUND),
        )
        return CloseJurySessionPayload(session=JurySessionType.from_model(jury_session))

    @strawberry.mutation(
        description="Issue again, in the background, the certificates a closed session lacks "
        "(progress on the session; nothing happens when none is missing)."
    )
    async def retry_certificate_issuance(
        self, info: Info, input: inputs.RetryCertificateIssuanceInput
    ) -> RetryCertificateIssuancePayload:
        jury_session = await closing.retry_issuance(
            info.context.session,
            info.context.sessions,
            info.context.registry,
            info.context.actor,
            parse_id(input.id, SESSION_NOT_FOUND),
        )
        return RetryCertificateIssuancePayload(session=JurySessionType.from_model(jury_session))

    @strawberry.mutation(
        description="Amend a frozen decision (reason mandatory): the original stays, an "
        "appendix is added to the minutes, and it takes effect — the dossier moves, the "
        "certificate is revoked or issued, the organisation is told."
    )
    async def amend_jury_decision(
        self, info: Info, input: inputs.AmendJuryDecisionInput
    ) -> AmendJuryDecisionPayload:
        record = await amendments.amend_decision(
            info.context.session,
            info.context.actor,
            info.context.registry,
            parse_id(input.decision_id, DECISION_NOT_FOUND),
            amendments.AmendmentInput(
                outcome=input.outcome,
                reason=input.reason,
                criteria_at_issue=input.criteria_at_issue,
                candidate_comment=input.candidate_comment,
                organisation_comment=input.organisation_comment,
                internal_comment=input.internal_comment,
            ),
        )
        return AmendJuryDecisionPayload(decision=JuryDecision.from_record(record))
