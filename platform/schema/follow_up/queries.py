"""Root query and mutation of the follow-up questionnaire (keyed by the e-mailed link)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from clea_platform.follow_up import service
from clea_platform.follow_up.errors import FollowUpError, FollowUpErrorCode
from clea_platform.schema.context import Info
from clea_platform.schema.follow_up.types import (
    AnswerFollowUpInput,
    AnswerFollowUpPayload,
    FollowUpProblem,
    FollowUpQuestionnaire,
    FollowUpQuestionnaireResult,
    FollowUpRefusal,
)
from clea_platform.schema.ids import optional_id


@strawberry.type
class FollowUpQueries:
    @strawberry.field(
        description="The follow-up questionnaire an e-mailed link opens (no account needed), "
        "or why the link cannot be used."
    )
    async def follow_up_questionnaire(
        self,
        info: Info,
        token: Annotated[str, strawberry.argument(description="The link's « jeton ».")],
    ) -> FollowUpQuestionnaireResult:
        try:
            found = await service.preview(info.context.session, token)
        except FollowUpError as refusal:
            return FollowUpRefusal(errors=[FollowUpProblem.from_domain(refusal)])
        return FollowUpQuestionnaire(
            certification_title=found.certification_title,
            organisation_name=found.organisation_name,
            wave=found.wave,
            expires_at=found.expires_at,
        )


@strawberry.type
class FollowUpMutations:
    @strawberry.mutation(
        description="Answer the follow-up questionnaire with its e-mailed link (once)."
    )
    async def answer_follow_up(
        self, info: Info, input: AnswerFollowUpInput
    ) -> AnswerFollowUpPayload:
        answers = service.check_answers(
            input.situation, input.employer, input.next_certification_planned
        )
        session, actor = info.context.session, info.context.actor
        if input.survey_id is not None and actor.is_candidate:
            survey_id = optional_id(str(input.survey_id))
            if survey_id is None:
                raise FollowUpError(
                    FollowUpErrorCode.INVALID_LINK, service.NOT_YOURS, field="surveyId"
                )
            await service.answer_as_candidate(session, actor, survey_id, answers)
        else:
            await service.answer(session, actor, input.token or "", answers)
        return AnswerFollowUpPayload(ok=True)
