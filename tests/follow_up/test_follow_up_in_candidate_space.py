"""A candidate signed in to their space answers their own follow-up questionnaire there,
and can reach no one else's."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from clea_platform.follow_up.models import FollowUpSurvey
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.candidate_space.helpers import (
    Seeded,
    invited_candidate,
    seed_candidate,
    seed_organisation,
)
from tests.isolation.helpers import post, unique

FOLLOW_UPS = "{ candidateSpace { followUps { id certificationTitle wave } } }"
ANSWER = """
mutation ($input: AnswerFollowUpInput!) { answerFollowUp(input: $input) {
  ok errors { code field message } } }
"""


async def questionnaire_for(app: Any, seeded: Seeded) -> uuid.UUID:
    """The 6-month questionnaire of the seeded certificate, as the daily run records it."""
    assert seeded.certificate_id is not None
    async with app.state.sessions.begin() as session, cross_tenant_reads(session, "tests"):
        survey = FollowUpSurvey(
            organisation_id=seeded.organisation.id,
            certificate_id=seeded.certificate_id,
            certification_code="CLEA",
            wave=6,
            token_hash=unique("hash"),
            expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=60),
        )
        session.add(survey)
        await session.flush()
        return survey.id


async def test_a_signed_in_candidate_answers_their_own_questionnaire_and_no_one_elses(
    app: Any,
) -> None:
    # Given Léa and Hugo, both certified, each with an open 6-month questionnaire
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta, certified=True)
    hugo = await seed_candidate(app, greta, first_names="Hugo", certified=True)
    hers, his = await questionnaire_for(app, lea), await questionnaire_for(app, hugo)
    browser = await invited_candidate(app, lea)
    # When Léa opens her space: her questionnaire only
    space = await post(browser, FOLLOW_UPS)
    assert space["data"]["candidateSpace"]["followUps"] == [
        {"id": str(hers), "certificationTitle": "CléA", "wave": 6}
    ]
    # When she answers Hugo's by its identifier: refused in French, his stays unanswered
    refused = await post(browser, ANSWER, input={"surveyId": str(his), "situation": "training"})
    (problem,) = refused["data"]["answerFollowUp"]["errors"]
    assert problem["code"] == "INVALID_LINK"
    assert "n'existe pas dans votre espace" in problem["message"]
    # When she answers hers: recorded, and no longer to answer
    done = await post(browser, ANSWER, input={"surveyId": str(hers), "situation": "job_seeking"})
    assert done["data"]["answerFollowUp"] == {"ok": True, "errors": []}
    assert (await post(browser, FOLLOW_UPS))["data"]["candidateSpace"]["followUps"] == []
    async with app.state.sessions() as session, cross_tenant_reads(session, "tests"):
        answers = dict(
            (
                await session.execute(
                    select(FollowUpSurvey.id, FollowUpSurvey.situation).where(
                        FollowUpSurvey.id.in_([hers, his])
                    )
                )
            ).all()
        )
    assert answers == {hers: "job_seeking", his: None}
