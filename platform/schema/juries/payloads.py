"""Payloads of the jury mutations: one per mutation, named after it, sharing a base per
result (a roster entry, a session, a decision)."""

from __future__ import annotations

from typing import ClassVar

import strawberry

from clea_platform.schema.juries.types import (
    JuryDecision,
    JuryMemberType,
    JuryProblem,
    JurySessionType,
)


@strawberry.type(description="Fields shared by the results of roster changes.")
class JuryMemberChange:
    error_type: ClassVar[type[JuryProblem]] = JuryProblem
    member: JuryMemberType | None = strawberry.field(
        default=None, description="The roster entry, when the change succeeded."
    )
    errors: list[JuryProblem] = strawberry.field(
        default_factory=list, description="Problems to fix; nothing was saved if any."
    )


@strawberry.type(description="Result of putting a person on the jury roster.")
class AddJuryMemberPayload(JuryMemberChange):
    pass


@strawberry.type(description="Result of changing a roster entry.")
class UpdateJuryMemberPayload(JuryMemberChange):
    pass


@strawberry.type(description="Fields shared by the results of session changes.")
class JurySessionChange:
    error_type: ClassVar[type[JuryProblem]] = JuryProblem
    session: JurySessionType | None = strawberry.field(
        default=None, description="The session, when the change succeeded."
    )
    errors: list[JuryProblem] = strawberry.field(
        default_factory=list, description="Problems to fix; nothing was saved if any."
    )


@strawberry.type(description="Result of convening a session (its members receive a convocation).")
class ConveneJurySessionPayload(JurySessionChange):
    pass


@strawberry.type(description="Result of inviting one more member.")
class InviteJuryMemberPayload(JurySessionChange):
    pass


@strawberry.type(description="Result of recording a member's attendance.")
class RecordJuryAttendancePayload(JurySessionChange):
    pass


@strawberry.type(description="Result of opening a session.")
class OpenJurySessionPayload(JurySessionChange):
    pass


@strawberry.type(description="Result of putting dossiers on the agenda.")
class AddToJuryAgendaPayload(JurySessionChange):
    pass


@strawberry.type(description="Result of taking a dossier off the agenda.")
class RemoveFromJuryAgendaPayload(JurySessionChange):
    pass


@strawberry.type(description="Result of a member declaring a conflict of interest.")
class DeclareJuryConflictPayload(JurySessionChange):
    pass


@strawberry.type(description="Result of closing a session.")
class CloseJurySessionPayload(JurySessionChange):
    pass


@strawberry.type(description="Result of asking again for a closed session's certificates.")
class RetryCertificateIssuancePayload(JurySessionChange):
    pass


@strawberry.type(description="Fields shared by the results of decisions.")
class JuryDecisionChange:
    error_type: ClassVar[type[JuryProblem]] = JuryProblem
    decision: JuryDecision | None = strawberry.field(
        default=None, description="The decision, when it was recorded."
    )
    errors: list[JuryProblem] = strawberry.field(
        default_factory=list, description="Problems to fix; nothing was saved if any."
    )


@strawberry.type(description="Result of recording the jury's decision on a dossier.")
class DecideJuryDossierPayload(JuryDecisionChange):
    pass


@strawberry.type(description="Result of amending a frozen decision (its effect included).")
class AmendJuryDecisionPayload(JuryDecisionChange):
    pass
