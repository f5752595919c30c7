"""Inputs of the jury mutations: one per mutation, named after it."""

from __future__ import annotations

import datetime as dt

import strawberry

from clea_platform.schema.juries.enums import DecisionMode, Outcome, Side


@strawberry.input(description="A person to put on the jury roster.")
class AddJuryMemberInput:
    email: str = strawberry.field(description="E-mail (an account is created if needed).")
    full_name: str = strawberry.field(description="Name.")
    side: Side = strawberry.field(description="Employer or employee representative.")
    body: str = strawberry.field(description="Organisation represented.")
    region: str = strawberry.field(description="Région.")
    certification_codes: list[str] = strawberry.field(description="Certifications.")
    affiliations: list[str] = strawberry.field(
        default_factory=list, description="SIRENs of organisations they work for or with."
    )


@strawberry.input(description="Changes to a roster entry.")
class UpdateJuryMemberInput(AddJuryMemberInput):
    id: strawberry.ID = strawberry.field(description="The member.")
    active: bool = strawberry.field(default=True, description="On the roster.")


@strawberry.input(description="Convene a jury session.")
class ConveneJurySessionInput:
    title: str = strawberry.field(description="Title.")
    certification_codes: list[str] = strawberry.field(description="Certifications.")
    region: str = strawberry.field(description="Région.")
    held_on: dt.date = strawberry.field(description="Date.")
    place: str = strawberry.field(default="", description="Place (unless remote).")
    remote: bool = strawberry.field(default=False, description="Held remotely.")
    member_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Members invited (at least one; at most 200)."
    )
    starts_at: dt.time = strawberry.field(
        default=dt.time(9, 0), description="Start, local time (Europe/Paris)."
    )
    ends_at: dt.time = strawberry.field(
        default=dt.time(12, 30), description="End, local time (Europe/Paris)."
    )
    interviews: bool = strawberry.field(
        default=False,
        description="The jury hears the candidates (the outcomes ABSENT and EXCUSED apply).",
    )


@strawberry.input(description="Invite one more member of the roster to a session.")
class InviteJuryMemberInput:
    session_id: strawberry.ID = strawberry.field(description="Session.")
    member_id: strawberry.ID = strawberry.field(description="Member.")


@strawberry.input(description="A member's attendance.")
class RecordJuryAttendanceInput:
    session_id: strawberry.ID = strawberry.field(description="Session.")
    member_id: strawberry.ID = strawberry.field(description="Member.")
    present: bool = strawberry.field(description="Present.")


@strawberry.input(description="The session to open.")
class OpenJurySessionInput:
    id: strawberry.ID = strawberry.field(description="Session.")


@strawberry.input(description="Dossiers to put on an agenda.")
class AddToJuryAgendaInput:
    session_id: strawberry.ID = strawberry.field(description="Session.")
    dossier_ids: list[strawberry.ID] = strawberry.field(description="Dossiers.")


@strawberry.input(description="A dossier to take off a session's agenda.")
class RemoveFromJuryAgendaInput:
    session_id: strawberry.ID = strawberry.field(description="Session.")
    dossier_id: strawberry.ID = strawberry.field(description="Dossier.")


@strawberry.input(description="A conflict of interest a member declares on a dossier.")
class DeclareJuryConflictInput:
    session_id: strawberry.ID = strawberry.field(description="Session.")
    dossier_id: strawberry.ID = strawberry.field(description="Dossier.")
    reason: str = strawberry.field(default="", description="Why (optional).")


@strawberry.input(description="The jury's decision on a dossier, and how it was reached.")
class DecideJuryDossierInput:
    session_id: strawberry.ID = strawberry.field(description="Session.")
    dossier_id: strawberry.ID = strawberry.field(description="Dossier.")
    outcome: Outcome = strawberry.field(description="Outcome.")
    reason: str = strawberry.field(default="", description="Grounds; mandatory unless certified.")
    presiding_member_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The member presiding (default: the member recording; Certif'Pro must "
        "name one).",
    )
    present_member_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="The members present for this decision (default: every member present "
        "and not recused; at most 200); they must be paritaire.",
    )
    mode: DecisionMode = strawberry.field(
        default=DecisionMode.CONSENSUS, description="Consensus, or a vote with its counts."
    )
    votes_for: int | None = strawberry.field(default=None, description="Votes for (vote).")
    votes_against: int | None = strawberry.field(default=None, description="Votes against (vote).")
    abstentions: int | None = strawberry.field(default=None, description="Abstentions (vote).")
    criteria_at_issue: list[str] = strawberry.field(
        default_factory=list,
        description="Référentiel codes (domains or criteria) at issue: mandatory when not "
        "certified, refused otherwise (at most 200).",
    )
    candidate_comment: str = strawberry.field(default="", description="For the candidate.")
    organisation_comment: str = strawberry.field(
        default="", description="For the evaluator organisation."
    )
    internal_comment: str = strawberry.field(
        default="", description="Internal to the jury and Certif'Pro (never sent)."
    )
    revision: int | None = strawberry.field(
        default=None,
        description="The revision of the decision this one replaces (null: the first). A "
        "decision recorded meanwhile is never overwritten: STALE_REVISION, with it shown.",
    )


@strawberry.input(description="The session to close.")
class CloseJurySessionInput:
    id: strawberry.ID = strawberry.field(description="Session.")


@strawberry.input(description="The closed session whose missing certificates to issue.")
class RetryCertificateIssuanceInput:
    id: strawberry.ID = strawberry.field(description="Session.")


@strawberry.input(description="An amendment to a frozen decision (it takes effect).")
class AmendJuryDecisionInput:
    decision_id: strawberry.ID = strawberry.field(
        description="The decision amended (the latest of its chain)."
    )
    outcome: Outcome = strawberry.field(description="Outcome.")
    reason: str = strawberry.field(description="Why (mandatory; annexed to the minutes).")
    criteria_at_issue: list[str] = strawberry.field(
        default_factory=list,
        description="Référentiel codes at issue: mandatory when not certified (at most 200).",
    )
    candidate_comment: str = strawberry.field(default="", description="For the candidate.")
    organisation_comment: str = strawberry.field(
        default="", description="For the evaluator organisation."
    )
    internal_comment: str = strawberry.field(
        default="", description="Internal to the jury and Certif'Pro (never sent)."
    )
