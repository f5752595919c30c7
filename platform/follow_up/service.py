"""Sending the follow-up questionnaire and recording its answers.

- **Sending** (:func:`send_follow_ups`, from the daily ``clea reminders send``): for each
  certificate not revoked whose holder gave an e-mail address, once 6 months, then once
  12 months after its issue, an e-mail with a link (each wave within the 6 months that
  follow, so that a first run does not write to people certified years ago). Each wave is
  claimed in the reminders ledger (kind ``follow_up_6m`` / ``follow_up_12m``, subject the
  certificate): sent once whatever reruns. The questionnaire row is created with it.
- **Answering** (:func:`answer`): without an account, with the link (single use, valid
  :data:`LINK_VALIDITY`); or signed in to the candidate space (:func:`pending_for` lists
  the person's questionnaires still open, :func:`answer_as_candidate` answers one of
  them, selected through the person only). Every refusal is in French and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.certificates.models import Certificate
from clea_platform.core.errors import InvalidFormError
from clea_platform.db.base import utcnow
from clea_platform.follow_up.errors import FollowUpError, FollowUpErrorCode
from clea_platform.follow_up.models import Employer, FollowUpSurvey, Situation
from clea_platform.identity.service import as_aware
from clea_platform.identity.tokens import hash_token, new_token
from clea_platform.reminders.ledger import add_months, remind_once
from clea_platform.tenants.context import Actor
from clea_platform.tenants.permissions import CANDIDATE
from clea_platform.tenants.scoping import cross_tenant_reads

WAVES = (6, 12)
#: How long after a wave is due it is still sent (a late first run, a missed day).
SENDING_WINDOW_MONTHS = 6
LINK_VALIDITY = dt.timedelta(days=60)
LINK_PATH = "/suivi-certifies"
TOKEN_SCOPE = "system:follow_up_token"
CANDIDATE_SCOPE = "candidate_space:own_follow_ups"

INVALID_LINK = "Ce lien ne marche pas. Il est peut-être incomplet : copiez-le en entier."
NOT_YOURS = "Ce questionnaire n'existe pas dans votre espace."
EXPIRED_LINK = "Ce lien a expiré : le questionnaire se remplit dans les 60 jours."
ALREADY_ANSWERED = "Vous avez déjà répondu à ce questionnaire. Merci !"

SITUATION_LABELS = {
    Situation.EMPLOYED: "En emploi",
    Situation.TRAINING: "En formation",
    Situation.JOB_SEEKING: "En recherche d'emploi",
}
EMPLOYER_LABELS = {Employer.SAME: "Même employeur", Employer.NEW: "Nouvel employeur"}


def link_url(base_url: str, token: str) -> str:
    return f"{base_url}{LINK_PATH}?jeton={token}"


def _months_before(day: dt.date, months: int) -> dt.date:
    return add_months(day, -months)


async def send_follow_ups(session: AsyncSession, today: dt.date, base_url: str) -> int:
    """Queue the questionnaires due ``today`` never sent; the caller reads every tenant."""
    sent = 0
    for wave in WAVES:
        due_by = _months_before(today, wave)
        not_before = _months_before(today, wave + SENDING_WINDOW_MONTHS)
        rows = await session.execute(
            select(Certificate, Candidate.email)
            .join(
                Candidate,
                and_(
                    Candidate.organisation_id == Certificate.organisation_id,
                    Candidate.id == Certificate.candidate_id,
                ),
            )
            .where(
                Certificate.revoked_at.is_(None),
                Certificate.issued_at >= _start_of(not_before + dt.timedelta(days=1)),
                Certificate.issued_at < _start_of(due_by + dt.timedelta(days=1)),
                Candidate.email != "",
            )
            .order_by(Certificate.id)
        )
        for certificate, email in rows:
            token = new_token()
            queued = await remind_once(
                session,
                f"follow_up_{wave}m",
                certificate.id,
                email,
                today,
                f"{certificate.certification_title} : que devenez-vous ? (2 minutes)",
                "Bonjour,\n\n"
                f"Vous avez obtenu le certificat {certificate.certification_title} il y a "
                f"{wave} mois. Que devenez-vous ? Trois questions, deux minutes, sans "
                "créer de compte. Répondre n'est pas obligatoire ; vos réponses sont "
                "comptées seulement avec celles des autres personnes certifiées.\n\n"
                f"{link_url(base_url, token)}\n\n"
                "Ce lien marche une fois, pendant 60 jours.\n",
            )
            if queued:
                session.add(
                    FollowUpSurvey(
                        organisation_id=certificate.organisation_id,
                        certificate_id=certificate.id,
                        certification_code=certificate.certification_code,
                        wave=wave,
                        token_hash=hash_token(token),
                        expires_at=utcnow() + LINK_VALIDITY,
                    )
                )
                sent += 1
    await session.flush()
    return sent


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class Answers:
    situation: Situation
    employer: Employer | None
    next_certification_planned: bool | None


def check_answers(
    situation: str, employer: str | None, next_certification_planned: bool | None
) -> Answers:
    """The answers as the questionnaire offers them, or every problem at once, in French."""

    problems: list[FollowUpError] = []
    found_situation = next((s for s in Situation if s.value == situation), None)
    if found_situation is None:
        problems.append(
            FollowUpError(
                FollowUpErrorCode.UNKNOWN_VALUE,
                "Choisissez votre situation : en emploi, en formation ou en recherche d'emploi.",
                field="situation",
            )
        )
    found_employer = None
    if employer is not None:
        found_employer = next((e for e in Employer if e.value == employer), None)
        if found_employer is None:
            problems.append(
                FollowUpError(
                    FollowUpErrorCode.UNKNOWN_VALUE,
                    "Employeur : répondez « même employeur » ou « nouvel employeur ».",
                    field="employer",
                )
            )
        elif found_situation not in (None, Situation.EMPLOYED):
            problems.append(
                FollowUpError(
                    FollowUpErrorCode.UNKNOWN_VALUE,
                    "L'employeur se précise seulement si vous êtes en emploi.",
                    field="employer",
                )
            )
    elif found_situation is Situation.EMPLOYED:
        problems.append(
            FollowUpError(
                FollowUpErrorCode.UNKNOWN_VALUE,
                "Vous êtes en emploi : dites si c'est le même employeur ou un nouveau.",
                field="employer",
            )
        )
    if problems:
        raise InvalidFormError(list(problems))
    assert found_situation is not None
    return Answers(found_situation, found_employer, next_certification_planned)


@dataclass(frozen=True, slots=True)
class FollowUpPreview:
    """What the questionnaire page shows before the answers (nothing personal)."""

    certification_title: str
    organisation_name: str
    wave: int
    expires_at: dt.datetime


async def _survey(session: AsyncSession, token: str) -> FollowUpSurvey:
    # The link names its tenant: it is looked up before anything else is known.
    async with cross_tenant_reads(session, TOKEN_SCOPE):
        survey = await session.scalar(
            select(FollowUpSurvey).where(FollowUpSurvey.token_hash == hash_token(token.strip()))
        )
    if survey is None:
        raise FollowUpError(FollowUpErrorCode.INVALID_LINK, INVALID_LINK, field="token")
    if survey.answered_at is not None:
        raise FollowUpError(FollowUpErrorCode.ALREADY_ANSWERED, ALREADY_ANSWERED, field="token")
    if as_aware(survey.expires_at) <= utcnow():
        raise FollowUpError(FollowUpErrorCode.EXPIRED_LINK, EXPIRED_LINK, field="token")
    return survey


async def preview(session: AsyncSession, token: str) -> FollowUpPreview:
    """The questionnaire behind a link still usable, or the French reason it is not."""
    survey = await _survey(session, token)
    async with cross_tenant_reads(session, TOKEN_SCOPE):
        title, organisation = (
            await session.execute(
                select(Certificate.certification_title, Certificate.organisation_name).where(
                    Certificate.organisation_id == survey.organisation_id,
                    Certificate.id == survey.certificate_id,
                )
            )
        ).one()
    return FollowUpPreview(title, organisation, survey.wave, as_aware(survey.expires_at))


async def answer(session: AsyncSession, actor: Actor, token: str, answers: Answers) -> uuid.UUID:
    """Record the answers once (two clicks at once: one is refused); the survey's id."""
    return await _record(session, actor, await _survey(session, token), answers)


@dataclass(frozen=True, slots=True)
class PendingFollowUp:
    id: uuid.UUID
    certification_title: str
    organisation_name: str
    wave: int
    expires_at: dt.datetime


def _of_person(actor: Actor) -> Any:
    """The candidate's questionnaires: through their person, never an identifier sent."""
    return (
        select(FollowUpSurvey, Certificate.certification_title, Certificate.organisation_name)
        .join(
            Certificate,
            and_(
                Certificate.organisation_id == FollowUpSurvey.organisation_id,
                Certificate.id == FollowUpSurvey.certificate_id,
            ),
        )
        .join(
            Candidate,
            and_(
                Candidate.organisation_id == Certificate.organisation_id,
                Candidate.id == Certificate.candidate_id,
            ),
        )
        .where(
            Candidate.person_id == actor.candidate_person_id,
            Candidate.person_id.is_not(None),
        )
    )


async def pending_for(session: AsyncSession, actor: Actor) -> list[PendingFollowUp]:
    """The signed-in candidate's questionnaires not answered yet and still open."""
    CANDIDATE.check(actor)
    async with cross_tenant_reads(session, CANDIDATE_SCOPE):
        rows = await session.execute(
            _of_person(actor)
            .where(FollowUpSurvey.answered_at.is_(None), FollowUpSurvey.expires_at > utcnow())
            .order_by(FollowUpSurvey.created_at)
        )
        return [
            PendingFollowUp(survey.id, title, organisation, survey.wave, survey.expires_at)
            for survey, title, organisation in rows
        ]


async def answer_as_candidate(
    session: AsyncSession, actor: Actor, survey_id: uuid.UUID, answers: Answers
) -> uuid.UUID:
    """The signed-in candidate answers one of their own questionnaires (same rules)."""
    CANDIDATE.check(actor)
    async with cross_tenant_reads(session, CANDIDATE_SCOPE):
        found = (
            await session.execute(_of_person(actor).where(FollowUpSurvey.id == survey_id))
        ).first()
    if found is None:
        raise FollowUpError(FollowUpErrorCode.INVALID_LINK, NOT_YOURS, field="surveyId")
    survey = found[0]
    if survey.answered_at is not None:
        raise FollowUpError(FollowUpErrorCode.ALREADY_ANSWERED, ALREADY_ANSWERED, field="surveyId")
    if as_aware(survey.expires_at) <= utcnow():
        raise FollowUpError(FollowUpErrorCode.EXPIRED_LINK, EXPIRED_LINK, field="surveyId")
    return await _record(session, actor, survey, answers)


async def _record(
    session: AsyncSession, actor: Actor, survey: FollowUpSurvey, answers: Answers
) -> uuid.UUID:
    async with cross_tenant_reads(session, TOKEN_SCOPE):
        claimed = await session.execute(
            update(FollowUpSurvey)
            .where(
                FollowUpSurvey.organisation_id == survey.organisation_id,
                FollowUpSurvey.id == survey.id,
                FollowUpSurvey.answered_at.is_(None),
            )
            .values(
                answered_at=utcnow(),
                situation=answers.situation,
                employer=answers.employer,
                next_certification_planned=answers.next_certification_planned,
            )
            .execution_options(synchronize_session=False)
        )
    if getattr(claimed, "rowcount", 0) != 1:
        raise FollowUpError(FollowUpErrorCode.ALREADY_ANSWERED, ALREADY_ANSWERED, field="token")
    audit.record(
        session, actor, "follow_up.answer", [survey.id], organisation_id=survey.organisation_id
    )
    return survey.id
