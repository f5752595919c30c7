"""Inputs of the jury mutations: one per mutation, named after it."""

from __future__ import annotations

import datetime as dt

import strawberry

from clea_platform.schema.juries.enums import Outcome, Side


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
        default_factory=list, description="Members invited."
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


@strawberry.input(description="The jury's decision on a dossier.")
class DecideJuryDossierInput:
    session_id: strawberry.ID = strawberry.field(description="Session.")
    dossier_id: strawberry.ID = strawberry.field(description="Dossier.")
    outcome: Outcome = strawberry.field(description="Outcome.")
    reason: str = strawberry.field(default="", description="Mandatory unless certified.")


@strawberry.input(description="The session to close.")
class CloseJurySessionInput:
    id: strawberry.ID = strawberry.field(description="Session.")


@strawberry.input(description="The closed session whose missing certificates to issue.")
class RetryCertificateIssuanceInput:
    id: strawberry.ID = strawberry.field(description="Session.")


@strawberry.input(description="An amendment to a frozen decision.")
class AmendJuryDecisionInput:
    decision_id: strawberry.ID = strawberry.field(description="The decision amended.")
    outcome: Outcome = strawberry.field(description="Outcome.")
    reason: str = strawberry.field(description="Why.")
