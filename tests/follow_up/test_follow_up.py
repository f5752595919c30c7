"""« CléA : que sont-ils devenus ? »: the certified person is asked 6 then 12 months after,
once each, and answers with the e-mailed link, without an account, once.

Certificates here are decided in 2011, a year no other test writes, so the daily run of a
day in 2011–2012 finds only this file's certificates with an e-mail address.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.candidates.models import Candidate
from clea_platform.certificates.models import Certificate
from clea_platform.db.engine import begin_writing
from clea_platform.follow_up.models import FollowUpSurvey
from clea_platform.mail.models import OutboxEmail
from clea_platform.plugins.registry import CertificationRegistry, installed_registry
from clea_platform.reminders.service import send_due_reminders
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.conftest import new_client
from tests.isolation.helpers import post, unique
from tests.statistics.seeding import History, S, add_dossiers, new_organisation

D = dt.date
CERTIFIED_ON = D(2011, 3, 20)
CERTIFIED = [
    (D(2011, 2, 1), S.OPENED, S.INITIAL_EVALUATION),
    (D(2011, 2, 8), S.INITIAL_EVALUATION, S.READY_FOR_JURY),
    (D(2011, 3, 1), S.READY_FOR_JURY, S.SUBMITTED_TO_JURY),
    (CERTIFIED_ON, S.SUBMITTED_TO_JURY, S.CERTIFIED),
]
QUESTIONNAIRE = """
query ($t: String!) { followUpQuestionnaire(token: $t) {
  __typename
  ... on FollowUpQuestionnaire { certificationTitle wave }
  ... on FollowUpRefusal { errors { code message } } } }
"""
ANSWER = """
mutation ($input: AnswerFollowUpInput!) { answerFollowUp(input: $input) {
  ok errors { code field message } } }
"""


async def certified_person(
    sessions: async_sessionmaker[AsyncSession], registry: CertificationRegistry
) -> tuple[uuid.UUID, str]:
    """A committed certificate decided on CERTIFIED_ON whose holder gave an e-mail."""
    email = f"{unique('certifie')}@exemple.test"
    async with sessions.begin() as session:
        _, site = await new_organisation(session, region="Bretagne", departement="35")
        [dossier_id] = await add_dossiers(
            session, registry, site, [History(D(2011, 2, 1), CERTIFIED, CERTIFIED_ON)]
        )
        async with cross_tenant_reads(session, "tests"):
            certificate = await session.scalar(
                select(Certificate).where(Certificate.dossier_id == dossier_id)
            )
            assert certificate is not None
            await session.execute(
                update(Candidate)
                .where(Candidate.id == certificate.candidate_id)
                .values(email=email)
            )
    return certificate.id, email


async def run_daily(sessions: async_sessionmaker[AsyncSession], today: dt.date) -> None:
    """What ``clea reminders send`` does: one transaction, a writer from its start."""
    async with sessions.begin() as session:
        await begin_writing(session)
        await send_due_reminders(
            session, installed_registry(), today, base_url="https://clea.example"
        )


async def mail_to(sessions: async_sessionmaker[AsyncSession], email: str) -> list[OutboxEmail]:
    async with sessions() as session, cross_tenant_reads(session, "tests"):
        rows = await session.scalars(
            select(OutboxEmail).where(OutboxEmail.recipient == email).order_by(OutboxEmail.id)
        )
        return list(rows)


def link_token(mail: OutboxEmail) -> str:
    found = re.search(r"https://clea\.example/suivi-certifies\?jeton=([\w-]+)", mail.body)
    assert found is not None, mail.body
    return found.group(1)


async def test_a_certified_person_is_asked_6_then_12_months_after_once_each(
    app: Any, registry: CertificationRegistry
) -> None:
    sessions = app.state.sessions
    # Given a person certified on 20 March 2011, who gave their e-mail address
    certificate_id, email = await certified_person(sessions, registry)
    # When the daily reminders run the day before the 6 months: nothing
    await run_daily(sessions, D(2011, 9, 19))
    assert await mail_to(sessions, email) == []
    # Then on the day, and again the next day (a rerun): one questionnaire
    await run_daily(sessions, D(2011, 9, 20))
    await run_daily(sessions, D(2011, 9, 21))
    mails = await mail_to(sessions, email)
    assert len(mails) == 1
    assert "il y a 6 mois" in mails[0].body
    # And 12 months after: the second wave, once, with another link
    await run_daily(sessions, D(2012, 3, 20))
    await run_daily(sessions, D(2012, 3, 21))
    mails = await mail_to(sessions, email)
    assert len(mails) == 2
    assert "il y a 12 mois" in mails[1].body
    assert link_token(mails[0]) != link_token(mails[1])
    async with sessions() as session, cross_tenant_reads(session, "tests"):
        waves = await session.scalars(
            select(FollowUpSurvey.wave)
            .where(FollowUpSurvey.certificate_id == certificate_id)
            .order_by(FollowUpSurvey.wave)
        )
        assert list(waves) == [6, 12]


async def test_the_person_answers_with_the_link_without_an_account_and_only_once(
    app: Any, registry: CertificationRegistry
) -> None:
    sessions = app.state.sessions
    # Given the 6-month questionnaire e-mailed to a certified person
    certificate_id, email = await certified_person(sessions, registry)
    await run_daily(sessions, D(2011, 9, 20))
    token = link_token((await mail_to(sessions, email))[0])
    http = new_client(app)  # no account, no session
    # When they open the link: the questionnaire, about their certification
    opened = await post(http, QUESTIONNAIRE, t=token)
    assert opened["data"]["followUpQuestionnaire"] == {
        "__typename": "FollowUpQuestionnaire",
        "certificationTitle": "CléA",
        "wave": 6,
    }
    # When they answer with values the questionnaire does not offer: French, nothing kept
    wrong = await post(
        http, ANSWER, input={"token": token, "situation": "retraite", "employer": "autre"}
    )
    problems = wrong["data"]["answerFollowUp"]["errors"]
    assert {(p["code"], p["field"]) for p in problems} == {
        ("UNKNOWN_VALUE", "situation"),
        ("UNKNOWN_VALUE", "employer"),
    }
    assert "Choisissez votre situation" in problems[0]["message"] + problems[1]["message"]
    employed_without_employer = await post(
        http, ANSWER, input={"token": token, "situation": "employed"}
    )
    assert employed_without_employer["data"]["answerFollowUp"]["errors"][0]["field"] == "employer"
    # When they answer: in employment, with a new employer, a next certification planned
    done = await post(
        http,
        ANSWER,
        input={
            "token": token,
            "situation": "employed",
            "employer": "new",
            "nextCertificationPlanned": True,
        },
    )
    assert done["data"]["answerFollowUp"] == {"ok": True, "errors": []}
    # Then a second answer with the same link is refused in French, the first one kept
    again = await post(http, ANSWER, input={"token": token, "situation": "training"})
    assert again["data"]["answerFollowUp"]["errors"][0]["code"] == "ALREADY_ANSWERED"
    assert "déjà répondu" in again["data"]["answerFollowUp"]["errors"][0]["message"]
    reopened = await post(http, QUESTIONNAIRE, t=token)
    assert reopened["data"]["followUpQuestionnaire"]["errors"][0]["code"] == "ALREADY_ANSWERED"
    async with sessions() as session, cross_tenant_reads(session, "tests"):
        survey = await session.scalar(
            select(FollowUpSurvey).where(FollowUpSurvey.certificate_id == certificate_id)
        )
        assert survey is not None
        assert (survey.situation, survey.employer, survey.next_certification_planned) == (
            "employed",
            "new",
            True,
        )


async def test_an_expired_or_altered_link_is_refused_in_french_and_changes_nothing(
    app: Any, registry: CertificationRegistry
) -> None:
    sessions = app.state.sessions
    # Given a questionnaire whose link expired (60 days)
    certificate_id, email = await certified_person(sessions, registry)
    await run_daily(sessions, D(2011, 9, 20))
    token = link_token((await mail_to(sessions, email))[0])
    async with sessions.begin() as session, cross_tenant_reads(session, "tests"):
        await session.execute(
            update(FollowUpSurvey)
            .where(FollowUpSurvey.certificate_id == certificate_id)
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
        )
    http = new_client(app)
    # When the person answers with it, or with an altered link
    expired = await post(http, ANSWER, input={"token": token, "situation": "training"})
    altered = await post(http, ANSWER, input={"token": token[:-2], "situation": "training"})
    # Then both are refused with a French reason, and nothing is recorded
    assert expired["data"]["answerFollowUp"]["errors"][0]["code"] == "EXPIRED_LINK"
    assert "expiré" in expired["data"]["answerFollowUp"]["errors"][0]["message"]
    assert altered["data"]["answerFollowUp"]["errors"][0]["code"] == "INVALID_LINK"
    async with sessions() as session, cross_tenant_reads(session, "tests"):
        survey = await session.scalar(
            select(FollowUpSurvey).where(FollowUpSurvey.certificate_id == certificate_id)
        )
        assert survey is not None
        assert survey.answered_at is None
        assert survey.situation is None
