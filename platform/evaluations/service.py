"""Rules of evaluations: starting, planning sessions, saving the grid, closing.

Everything certification-specific (scale, scoring rule, duration limits) comes from
the certification's plugin; the pinned référentiel version gives the items. Evaluations
sit above dossiers (they move them along) and below training: what a training plan
decides here — the items of the évaluation finale, the trainer who may not evaluate — is
given by :mod:`clea_platform.training` (``final``, ``staffing``), never read from it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.db.base import utcnow
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus, TransitionError, check_transition
from clea_platform.evaluations import loading
from clea_platform.evaluations.errors import EvaluationError as EvaluationError
from clea_platform.evaluations.errors import EvaluationErrorCode as EvaluationErrorCode
from clea_platform.evaluations.errors import dossier_not_found as dossier_not_found
from clea_platform.evaluations.errors import evaluation_not_found as evaluation_not_found
from clea_platform.evaluations.models import (
    IDEMPOTENCY_KEY_MAX_LENGTH,
    PROFESSIONAL_CONTEXT_MAX_LENGTH,
    BillableEvent,
    Evaluation,
    EvaluationKind,
    EvaluationSession,
    EvaluationStatus,
    IdempotentRequest,
    ItemResult,
)
from clea_platform.evaluations.results import ResultInput, on_scale, upsert_results
from clea_platform.identity.models import Membership
from clea_platform.plugins import lifecycle
from clea_platform.plugins.certification import Certification
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels import service as referentiels
from clea_platform.referentiels.models import ReferentielVersion
from clea_platform.referentiels.scoring import Outcome, ResultScale, ResultValue
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site

BILLABLE_INITIAL_EVALUATION = "initial_evaluation"
#: Results saved by one call at most (the grid saves as the evaluator works).
MAX_RESULTS_PER_SAVE = 500


async def dossier_to_evaluate(session: AsyncSession, dossier_id: uuid.UUID) -> Dossier:
    """The organisation's dossier to evaluate; refused as an evaluation problem when missing."""
    dossier = await dossiers.find_dossier(session, dossier_id)
    if dossier is None:
        raise dossier_not_found()
    return dossier


async def _require_accredited(
    session: AsyncSession,
    registry: CertificationRegistry,
    dossier: Dossier,
    site_id: uuid.UUID,
    evaluator_id: uuid.UUID | None,
    field: str,
) -> None:
    """Ask the plugins (the accreditation rules among them) whether this evaluator may act."""
    if evaluator_id is None:
        return  # API keys record nothing here; their rule stops them earlier
    problems: list[str] = []
    for answer in registry.plugin_manager.hook.clea_evaluation_problems(
        session=session,
        organisation_id=dossier.organisation_id,
        certification_code=dossier.certification_code,
        site_id=site_id,
        evaluator_id=evaluator_id,
    ):
        if answer is not None:
            problems.extend(await answer)
    if problems:
        raise EvaluationError(EvaluationErrorCode.NOT_ACCREDITED, " ".join(problems), field=field)


async def dossier_of(session: AsyncSession, evaluation: Evaluation) -> Dossier:
    """The evaluation's dossier: from the session if already loaded, without a query."""
    dossier = await session.get(Dossier, (evaluation.organisation_id, evaluation.dossier_id))
    if dossier is None:
        raise dossier_not_found()
    return dossier


def _require_transition(dossier: Dossier, target: DossierStatus) -> None:
    """The dossier may move to ``target``: refused as this context's problem otherwise."""
    try:
        check_transition(dossier.status, target)
    except TransitionError as exc:
        raise EvaluationError(EvaluationErrorCode.FORBIDDEN_TRANSITION, str(exc)) from None


async def _leaf_codes(session: AsyncSession, version_id: uuid.UUID) -> list[str]:
    items = await referentiels.items_of_versions(session, [version_id])
    return [item.code for item in items[version_id] if item.is_leaf]


async def start_evaluation(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    dossier: Dossier,
    kind: EvaluationKind,
    *,
    target_items: Sequence[str] | None = None,
) -> Evaluation:
    """Start the évaluation préalable (whole référentiel) or finale (``target_items`` only).

    The items of an évaluation finale are the training plan's:
    :func:`clea_platform.training.final.start_final_evaluation` gives them.
    """
    if kind == EvaluationKind.INITIAL:
        target = DossierStatus.INITIAL_EVALUATION
        targets = await _leaf_codes(session, dossier.referentiel_version_id)
    else:
        target = DossierStatus.FINAL_EVALUATION
        targets = list(target_items or [])
        if not targets:
            raise EvaluationError(
                EvaluationErrorCode.NOT_TARGETED,
                "Une évaluation finale porte sur les items visés par la formation : "
                "aucun item visé.",
                field="targetItems",
            )
        leaves = set(await _leaf_codes(session, dossier.referentiel_version_id))
        if unknown := [code for code in targets if code not in leaves]:
            raise EvaluationError(
                EvaluationErrorCode.UNKNOWN_ITEMS,
                f"Items inconnus dans ce référentiel : {', '.join(unknown)}.",
                field="targetItems",
                items=unknown,
            )
    _require_transition(dossier, target)
    await dossiers.move(session, actor, registry, dossier, target)
    evaluation = Evaluation(
        organisation_id=dossier.organisation_id,
        dossier_id=dossier.id,
        kind=kind,
        status=EvaluationStatus.OPEN,
        revision=0,
        target_items=list(targets),
    )
    session.add(evaluation)
    await session.flush()
    audit.record(session, actor, f"evaluation.start_{kind.value}", [evaluation.id, dossier.id])
    return evaluation


def _professional_context(value: str) -> str:
    context = value.strip()
    if len(context) > PROFESSIONAL_CONTEXT_MAX_LENGTH:
        raise EvaluationError(
            EvaluationErrorCode.INVALID_INPUT,
            f"Le contexte professionnel ne peut dépasser {PROFESSIONAL_CONTEXT_MAX_LENGTH} "
            "caractères.",
            field="professionalContext",
        )
    return context


async def set_professional_context(
    session: AsyncSession, actor: Actor, evaluation_id: uuid.UUID, professional_context: str
) -> Evaluation:
    """Record the professional context (job, work situation) the evaluation assesses the
    skills in: while it is planned or recorded, not once closed."""
    evaluation = await get_evaluation(session, evaluation_id, field="evaluationId")
    _require_open(evaluation)
    evaluation.professional_context = _professional_context(professional_context)
    await session.flush()
    audit.record(
        session,
        actor,
        "evaluation.set_professional_context",
        [evaluation.id, evaluation.dossier_id],
    )
    return evaluation


async def find_evaluation(session: AsyncSession, evaluation_id: uuid.UUID) -> Evaluation | None:
    """The organisation's evaluation, or None (missing and another tenant's look the same)."""
    return await session.scalar(select(Evaluation).where(Evaluation.id == evaluation_id))


async def get_evaluation(
    session: AsyncSession, evaluation_id: uuid.UUID, *, field: str = "id"
) -> Evaluation:
    evaluation = await find_evaluation(session, evaluation_id)
    if evaluation is None:
        raise evaluation_not_found(field)
    return evaluation


def parse_time(value: str, field: str) -> dt.time:
    """A sitting's time as typed (``HH:MM``)."""
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise EvaluationError(
            EvaluationErrorCode.INVALID_TIMES, "Heure invalide (format HH:MM).", field=field
        ) from None


def _minutes(starts_at: dt.time, ends_at: dt.time) -> int:
    return (ends_at.hour * 60 + ends_at.minute) - (starts_at.hour * 60 + starts_at.minute)


async def plan_session(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    evaluation: Evaluation,
    *,
    day: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    site_id: uuid.UUID,
    evaluator_id: uuid.UUID,
    trainer_id: uuid.UUID | None = None,
) -> EvaluationSession:
    """Plan a sitting; the total over all sittings stays within the plugin's limit.

    ``trainer_id``: the candidate's trainer, who may not evaluate them. The training plan
    names them: :func:`clea_platform.training.staffing.plan_session` passes it.
    """
    _require_open(evaluation)
    length = _minutes(starts_at, ends_at)
    if length <= 0:
        raise EvaluationError(
            EvaluationErrorCode.INVALID_TIMES,
            "L'heure de fin doit suivre l'heure de début.",
            field="endsAt",
        )
    dossier = await dossier_of(session, evaluation)
    limits = registry.get(dossier.certification_code).limits
    limit = (
        limits.initial_evaluation_max_minutes
        if evaluation.kind == EvaluationKind.INITIAL
        else limits.final_evaluation_max_minutes
    )
    planned = await session.scalars(
        select(EvaluationSession).where(EvaluationSession.evaluation_id == evaluation.id)
    )
    total = length + sum(_minutes(s.starts_at, s.ends_at) for s in planned)
    if total > limit:
        kind = "préalable" if evaluation.kind == EvaluationKind.INITIAL else "finale"
        raise EvaluationError(
            EvaluationErrorCode.TOO_LONG,
            f"L'évaluation {kind} ne peut dépasser {limit // 60} h au total "
            f"(séances prévues : {total // 60} h {total % 60:02d}).",
            field="endsAt",
        )
    if await session.scalar(select(Site.id).where(Site.id == site_id)) is None:
        raise EvaluationError(EvaluationErrorCode.NOT_FOUND, "Site introuvable.", field="siteId")
    # The candidate's trainer never evaluates them: said first, whatever else they are.
    if trainer_id is not None and trainer_id == evaluator_id:
        raise EvaluationError(
            EvaluationErrorCode.TRAINER_IS_EVALUATOR,
            "Cette personne est le formateur du candidat dans ce dossier : le formateur d'un "
            "candidat n'est jamais son évaluateur (évaluation préalable ou finale).",
            field="evaluatorId",
        )
    membership = await session.scalar(
        select(Membership).where(
            Membership.user_id == evaluator_id,
            Membership.organisation_id == evaluation.organisation_id,
        )
    )
    if membership is None or "evaluator" not in membership.roles:
        raise EvaluationError(
            EvaluationErrorCode.NOT_AN_EVALUATOR,
            "Cette personne n'est pas évaluatrice dans l'organisation.",
            field="evaluatorId",
        )
    await _require_accredited(session, registry, dossier, site_id, evaluator_id, "evaluatorId")
    sitting = EvaluationSession(
        organisation_id=evaluation.organisation_id,
        evaluation_id=evaluation.id,
        site_id=site_id,
        evaluator_id=evaluator_id,
        day=day,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    session.add(sitting)
    await session.flush()
    audit.record(session, actor, "evaluation.plan_session", [evaluation.id, sitting.id])
    return sitting


@dataclass(frozen=True, slots=True)
class SavedGrid:
    revision: int
    saved: int


def _require_open(evaluation: Evaluation) -> None:
    if evaluation.status != EvaluationStatus.OPEN:
        raise EvaluationError(EvaluationErrorCode.INVALID_STATE, "Cette évaluation est close.")


async def save_grid(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    evaluation_id: uuid.UUID,
    entries: Sequence[ResultInput],
    *,
    expected_revision: int,
    idempotency_key: str | None = None,
    trainer_id: uuid.UUID | None = None,
) -> SavedGrid:
    """What ``saveEvaluationResults`` does: at most :data:`MAX_RESULTS_PER_SAVE` results,
    sent as text and read on the certification's scale, then :func:`save_results`
    (``trainer_id`` as there: :func:`clea_platform.training.staffing.save_grid` gives it)."""
    if len(entries) > MAX_RESULTS_PER_SAVE:
        raise EvaluationError(
            EvaluationErrorCode.INVALID_VALUE,
            f"Au plus {MAX_RESULTS_PER_SAVE} résultats par enregistrement.",
            field="results",
        )
    evaluation = await get_evaluation(session, evaluation_id)
    dossier = await dossier_of(session, evaluation)
    scale = registry.get(dossier.certification_code).scale
    results = [
        ResultInput(
            entry.item_code,
            None if entry.value is None else on_scale(scale, str(entry.value)),
            entry.comment,
        )
        for entry in entries
    ]
    return await save_results(
        session,
        actor,
        registry,
        evaluation,
        results,
        expected_revision=expected_revision,
        idempotency_key=idempotency_key,
        trainer_id=trainer_id,
    )


async def save_results(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    evaluation: Evaluation,
    results: Sequence[ResultInput],
    *,
    expected_revision: int,
    idempotency_key: str | None = None,
    trainer_id: uuid.UUID | None = None,
) -> SavedGrid:
    """Save any number of results at once: all of them, or none.

    A stale ``expected_revision`` is refused with the items someone else changed; a
    retried request with the same ``idempotency_key`` returns the first answer.
    ``trainer_id``: the candidate's trainer, who may not record their results.
    """
    if idempotency_key:
        if len(idempotency_key) > IDEMPOTENCY_KEY_MAX_LENGTH:
            raise EvaluationError(
                EvaluationErrorCode.INVALID_VALUE,
                f"Clé d'idempotence trop longue ({IDEMPOTENCY_KEY_MAX_LENGTH} caractères au plus).",
                field="idempotencyKey",
            )
        replay = await session.scalar(
            select(IdempotentRequest).where(IdempotentRequest.key == idempotency_key)
        )
        if replay is not None:
            return SavedGrid(**replay.response)
    _require_open(evaluation)
    if trainer_id is not None and actor.user_id == trainer_id:
        raise EvaluationError(
            EvaluationErrorCode.TRAINER_IS_EVALUATOR,
            "Vous êtes le formateur du candidat dans ce dossier : le formateur d'un candidat "
            "n'est jamais son évaluateur (évaluation préalable ou finale) ; rien n'a été "
            "enregistré.",
            field="results",
        )
    if expected_revision != evaluation.revision:
        changed = await session.scalars(
            select(ItemResult.item_code).where(
                ItemResult.evaluation_id == evaluation.id,
                ItemResult.changed_in_revision > expected_revision,
            )
        )
        codes = sorted(set(changed))
        raise EvaluationError(
            EvaluationErrorCode.STALE_REVISION,
            "La grille a été modifiée par quelqu'un d'autre entre-temps "
            f"({', '.join(codes) or 'aucun item'}) : rechargez-la ; rien n'a été enregistré.",
            field="revision",
            items=codes,
        )
    dossier = await dossier_of(session, evaluation)
    await _require_accredited(session, registry, dossier, dossier.site_id, actor.user_id, "results")
    scale = registry.get(dossier.certification_code).scale
    leaves = set(await _leaf_codes(session, dossier.referentiel_version_id))
    targets = set(evaluation.target_items)
    unknown = [r.item_code for r in results if r.item_code not in leaves]
    if unknown:
        raise EvaluationError(
            EvaluationErrorCode.UNKNOWN_ITEMS,
            f"Items absents du référentiel de ce dossier : {', '.join(unknown)} ; "
            "rien n'a été enregistré.",
            field="results",
            items=unknown,
        )
    outside = [r.item_code for r in results if r.item_code not in targets]
    if outside:
        raise EvaluationError(
            EvaluationErrorCode.NOT_TARGETED,
            f"Items non visés par cette évaluation : {', '.join(outside)} ; "
            "rien n'a été enregistré.",
            field="results",
            items=outside,
        )
    invalid = [
        (r.item_code, problem)
        for r in results
        if (problem := _result_problem(scale, r.value, r.comment))
    ]
    if invalid:
        raise EvaluationError(
            EvaluationErrorCode.INVALID_VALUE,
            "Valeurs invalides : "
            + " ; ".join(f"{code} ({problem})" for code, problem in invalid)
            + " ; rien n'a été enregistré.",
            field="results",
            items=[code for code, _ in invalid],
        )
    revision = evaluation.revision + 1
    await upsert_results(session, actor.user_id, evaluation, results, revision)
    evaluation.revision = revision
    saved = SavedGrid(revision=revision, saved=len(results))
    if idempotency_key:
        session.add(
            IdempotentRequest(
                organisation_id=evaluation.organisation_id,
                key=idempotency_key,
                operation="evaluation.save_results",
                response={"revision": saved.revision, "saved": saved.saved},
            )
        )
    await session.flush()
    audit.record(session, actor, "evaluation.save_results", [evaluation.id])
    return saved


def _result_problem(scale: ResultScale, value: ResultValue | None, comment: str) -> str | None:
    """Why a result cannot be saved (French), or None; clearing takes no comment."""
    if value is None:
        if comment.strip():
            return "un résultat effacé ne garde pas de commentaire"
        return None
    return scale.problem(value)


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    return {
        "eligible": outcome.eligible,
        "gaps": list(outcome.gaps),
        "mastery": {
            code: {"acquired": m.acquired, "score": round(m.score, 4)}
            for code, m in outcome.mastery.items()
        },
    }


async def close_evaluation(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    evaluation: Evaluation,
) -> Outcome:
    """Score with the plugin's rule and move the dossier: to the jury, or to training."""
    _require_open(evaluation)
    dossier = await dossier_of(session, evaluation)
    certification = registry.get(dossier.certification_code)
    version = await session.get(ReferentielVersion, dossier.referentiel_version_id)
    assert version is not None
    items = (await referentiels.items_of_versions(session, [version.id]))[version.id]
    tree = referentiels.tree_of(version, items)
    rows = await session.scalars(
        select(ItemResult).where(ItemResult.evaluation_id == evaluation.id)
    )
    values: dict[str, ResultValue] = {}
    for row in rows:
        if row.value is None:
            continue  # cleared: no result
        values[row.item_code] = on_scale(certification.scale, row.value)
    missing = [code for code in evaluation.target_items if code not in values]
    if missing:
        raise EvaluationError(
            EvaluationErrorCode.INCOMPLETE,
            f"{len(missing)} critère(s) sans résultat : {', '.join(missing[:10])}"
            f"{'…' if len(missing) > 10 else ''}.",
            items=missing,
        )
    if evaluation.kind == EvaluationKind.FINAL:
        # Items not targeted by the training were acquired at the évaluation préalable.
        acquired = await _acquired_before(session, dossier, certification)
        values = {**acquired, **values}
    outcome = certification.scoring.score(tree, values)
    evaluation.status = EvaluationStatus.CLOSED
    evaluation.closed_at = utcnow()
    evaluation.outcome = outcome_json(outcome)
    lifecycle.announce(
        session,
        registry.plugin_manager,
        "clea_evaluation_closed",
        organisation_id=dossier.organisation_id,
        dossier_id=dossier.id,
        evaluation_id=evaluation.id,
        certification_code=dossier.certification_code,
        kind=str(evaluation.kind),
        eligible=outcome.eligible,
        gaps=tuple(outcome.gaps),
    )
    target = DossierStatus.READY_FOR_JURY if outcome.eligible else DossierStatus.TRAINING
    _require_transition(dossier, target)
    await dossiers.move(session, actor, registry, dossier, target)
    if evaluation.kind == EvaluationKind.INITIAL:
        session.add(
            BillableEvent(
                organisation_id=dossier.organisation_id,
                kind=BILLABLE_INITIAL_EVALUATION,
                certification_code=dossier.certification_code,
                subject_id=evaluation.id,
                amount_cents=certification.fees.event_cents(BILLABLE_INITIAL_EVALUATION),
            )
        )
    audit.record(session, actor, "evaluation.close", [evaluation.id, dossier.id])
    return outcome


async def close(
    session: AsyncSession, actor: Actor, registry: CertificationRegistry, evaluation_id: uuid.UUID
) -> Evaluation:
    """What ``closeEvaluation`` does: :func:`close_evaluation` of the organisation's evaluation."""
    evaluation = await get_evaluation(session, evaluation_id)
    await close_evaluation(session, actor, registry, evaluation)
    return evaluation


async def _acquired_before(
    session: AsyncSession, dossier: Dossier, certification: Certification
) -> dict[str, ResultValue]:
    """Results of the dossier's earlier closed evaluations, the latest closed wins."""
    return {
        code: on_scale(certification.scale, value)
        for code, value in await loading.closed_results(session, dossier.id)
    }
