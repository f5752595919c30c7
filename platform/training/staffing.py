"""The trainer is never the evaluator of the same candidate (DOMAIN.md): both sides.

The trainer is never an evaluator of the same candidate in that dossier — évaluation
préalable or finale, past or planned — whichever is named first. Naming a plan's trainer
refuses someone who has a sitting of any of the dossier's evaluations, open or closed, or
recorded one of its results (:func:`check_trainer`); planning a sitting of either
evaluation refuses the plan's trainer as its evaluator (:func:`plan_session`), and so does
saving results as the trainer (:func:`save_grid`): both give the trainer to the
evaluations' rule.
The rule reads both contexts, so it lives in the upper one: training.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations import enforcement
from clea_platform.audit import service as audit
from clea_platform.evaluations import loading as evaluation_loading
from clea_platform.evaluations import service as evaluations
from clea_platform.evaluations.models import Evaluation
from clea_platform.evaluations.results import ResultInput
from clea_platform.identity import members
from clea_platform.identity.roles import Role
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.training import loading
from clea_platform.training.errors import TrainingError, TrainingErrorCode
from clea_platform.training.models import TrainingPlan

#: The system check of another organisation's trainers and accreditation (no personal data
#: leaves it but the yes or no; the plan's change is audited).
TRAINING_ORGANISATION_CHECK = "system:training_organisation_check"


async def check_training_organisation(
    session: AsyncSession, organisation_id: uuid.UUID, certification_code: str, *, today: dt.date
) -> str:
    """The name of an organisation that may deliver a plan of this certification, or refused.

    It must exist and hold a training (or both) accreditation for the certification,
    valid today — the evaluator itself included.
    """
    async with cross_tenant_reads(session, TRAINING_ORGANISATION_CHECK):
        organisation = await session.get(Organisation, organisation_id)
    if organisation is None:
        raise TrainingError(
            TrainingErrorCode.TRAINING_ORGANISATION_NOT_ACCREDITED,
            "Organisme de formation introuvable : choisissez-le dans l'annuaire des "
            "organismes habilités à former.",
            field="trainingOrganisationId",
        )
    if problems := await enforcement.training_problems(
        session, organisation_id, certification_code, today
    ):
        raise TrainingError(
            TrainingErrorCode.TRAINING_ORGANISATION_NOT_ACCREDITED,
            f"{organisation.name} : {problems[0]}",
            field="trainingOrganisationId",
        )
    return organisation.name


async def check_trainer(
    session: AsyncSession,
    plan: TrainingPlan,
    trainer_id: uuid.UUID,
    *,
    organisation_id: uuid.UUID | None = None,
) -> None:
    """A newly named trainer is a trainer of the training organisation (the plan's own by
    default), not an evaluator of the dossier."""
    organisation_id = organisation_id or plan.organisation_id
    async with cross_tenant_reads(session, TRAINING_ORGANISATION_CHECK):
        is_trainer = await members.is_staff(session, organisation_id, trainer_id, Role.TRAINER)
    if not is_trainer:
        raise TrainingError(
            TrainingErrorCode.NOT_A_TRAINER,
            "Cette personne n'est pas formatrice dans l'organisme de formation : choisissez "
            "un de ses formateurs, ou indiquez seulement son nom.",
            field="trainerId",
        )
    if await evaluation_loading.evaluates_dossier(session, plan.dossier_id, trainer_id):
        raise TrainingError(
            TrainingErrorCode.TRAINER_IS_EVALUATOR,
            "Cette personne évalue ou a évalué ce candidat dans ce dossier (évaluation "
            "préalable ou finale) : le formateur d'un candidat n'est jamais son évaluateur.",
            field="trainerId",
        )


async def plan_session(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    evaluation_id: uuid.UUID,
    *,
    day: dt.date,
    starts_at: str,
    ends_at: str,
    site_id: uuid.UUID,
    evaluator_id: uuid.UUID,
) -> Evaluation:
    """What ``planEvaluationSession`` does: a sitting (times as typed, ``HH:MM``) whose
    evaluator is not the candidate's trainer, within the evaluations' own rules; returns
    the evaluation, its new sitting included."""
    evaluation = await evaluations.get_evaluation(session, evaluation_id)
    start = evaluations.parse_time(starts_at, "startsAt")
    end = evaluations.parse_time(ends_at, "endsAt")
    plan = await loading.plan_of_dossier(session, evaluation.dossier_id)
    await evaluations.plan_session(
        session,
        actor,
        registry,
        evaluation,
        day=day,
        starts_at=start,
        ends_at=end,
        site_id=site_id,
        evaluator_id=evaluator_id,
        trainer_id=None if plan is None else plan.trainer_id,
    )
    return evaluation


async def save_grid(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    evaluation_id: uuid.UUID,
    entries: Sequence[ResultInput],
    *,
    expected_revision: int,
    idempotency_key: str | None = None,
) -> evaluations.SavedGrid:
    """What ``saveEvaluationResults`` does: the evaluations' :func:`save_grid`, refused to
    the candidate's trainer."""
    evaluation = await evaluations.get_evaluation(session, evaluation_id)
    plan = await loading.plan_of_dossier(session, evaluation.dossier_id)
    return await evaluations.save_grid(
        session,
        actor,
        registry,
        evaluation_id,
        entries,
        expected_revision=expected_revision,
        idempotency_key=idempotency_key,
        trainer_id=None if plan is None else plan.trainer_id,
    )


#: The evaluator reads the trainers of an accredited training organisation, to name one.
TRAINERS_SCOPE = "pathway:training_organisation_trainers"


async def trainers_of(
    session: AsyncSession,
    actor: Actor,
    organisation_id: uuid.UUID,
    certification_code: str,
    *,
    today: dt.date,
) -> list[members.StaffMember]:
    """The trainers (names) of an organisation accredited to train this certification.

    None for an organisation that may not be named on a plan (not accredited for
    training, or unknown): nobody to list. The read across tenants is audited.
    """
    try:
        await check_training_organisation(session, organisation_id, certification_code, today=today)
    except TrainingError:
        return []
    async with cross_tenant_reads(session, TRAINERS_SCOPE):
        trainers = await members.list_staff(session, organisation_id, [Role.TRAINER])
    audit.record(session, actor, "training_organisation.trainers_read", [organisation_id])
    return trainers
