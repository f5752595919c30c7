"""Starting a dossier's evaluations: the évaluation finale covers the plan's objectives.

An évaluation préalable covers the whole référentiel; an évaluation finale only the items
the training targeted (DOMAIN.md), which the training plan names.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.dossiers.models import Dossier
from clea_platform.evaluations import service as evaluations
from clea_platform.evaluations.models import Evaluation, EvaluationKind
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.training import loading


async def start(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    dossier_id: uuid.UUID,
    kind: EvaluationKind,
) -> Evaluation:
    """What ``startEvaluation`` does, for either kind of evaluation."""
    dossier = await evaluations.dossier_to_evaluate(session, dossier_id)
    if kind == EvaluationKind.FINAL:
        return await start_final_evaluation(session, actor, registry, dossier)
    return await evaluations.start_evaluation(session, actor, registry, dossier, kind)


async def start_final_evaluation(
    session: AsyncSession, actor: Actor, registry: CertificationRegistry, dossier: Dossier
) -> Evaluation:
    """The évaluation finale, on the items of the dossier's training plan (none: refused)."""
    plan = await loading.plan_of_dossier(session, dossier.id)
    targets = [] if plan is None else await loading.targeted_items(session, plan.id)
    return await evaluations.start_evaluation(
        session, actor, registry, dossier, EvaluationKind.FINAL, target_items=targets
    )
