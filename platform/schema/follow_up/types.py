"""GraphQL types of the follow-up questionnaire of certified people."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar

import strawberry

from clea_platform.follow_up.errors import FollowUpErrorCode
from clea_platform.schema.errors import FromDomainError

strawberry.enum(
    FollowUpErrorCode,
    name="FollowUpProblemCode",
    description="Why a follow-up questionnaire cannot be shown or answered.",
)


@strawberry.type(description="A problem with the link or an answer, in French.")
class FollowUpProblem(FromDomainError):  # noqa: N818 (a payload type, not an exception)
    code: FollowUpErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")


@strawberry.type(description="The questionnaire behind a link (nothing personal).")
class FollowUpQuestionnaire:
    certification_title: str = strawberry.field(description="The certification obtained.")
    organisation_name: str = strawberry.field(description="The organisation that evaluated.")
    wave: int = strawberry.field(description="Months since certification: 6 or 12.")
    expires_at: dt.datetime = strawberry.field(description="The link works until then.")


@strawberry.type(description="The link cannot be used: why, in French.")
class FollowUpRefusal:
    errors: list[FollowUpProblem] = strawberry.field(description="Problems.")


FollowUpQuestionnaireResult = Annotated[
    FollowUpQuestionnaire | FollowUpRefusal,
    strawberry.union(
        "FollowUpQuestionnaireResult", description="The questionnaire, or why it cannot open."
    ),
]


@strawberry.type(description="A follow-up questionnaire the signed-in candidate may answer.")
class PendingFollowUp:
    id: strawberry.ID = strawberry.field(description="The questionnaire (surveyId).")
    certification_title: str = strawberry.field(description="The certification obtained.")
    organisation_name: str = strawberry.field(description="The organisation that evaluated.")
    wave: int = strawberry.field(description="Months since certification: 6 or 12.")
    expires_at: dt.datetime = strawberry.field(description="Open until then.")


@strawberry.input(
    description="The answers to « Que devenez-vous ? »: with the e-mailed link, or, signed in "
    "to the candidate space, one's own questionnaire."
)
class AnswerFollowUpInput:
    token: str | None = strawberry.field(
        default=None, description="The secret of the e-mailed link (its « jeton »)."
    )
    survey_id: strawberry.ID | None = strawberry.field(
        default=None, description="Signed-in candidates: one of their candidateSpace.followUps."
    )
    situation: str = strawberry.field(
        description="employed, training or job_seeking (anything else is refused in French)."
    )
    employer: str | None = strawberry.field(
        default=None, description="In employment only: same or new."
    )
    next_certification_planned: bool | None = strawberry.field(
        default=None, description="A next certification planned (null: no answer)."
    )


@strawberry.type(description="Answer to the follow-up questionnaire.")
class AnswerFollowUpPayload:
    error_type: ClassVar[type[FollowUpProblem]] = FollowUpProblem
    ok: bool = strawberry.field(default=False, description="True: the answers are recorded.")
    errors: list[FollowUpProblem] = strawberry.field(default_factory=list, description="Problems.")
