"""Clearing an item's result in the grid (value None): saved like any change, never a result."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.evaluations import service
from clea_platform.evaluations.models import Evaluation, ItemResult
from clea_platform.evaluations.results import ResultInput as Result
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from tests.dossiers.conftest import Pathway

EvaluationErrorCode = service.EvaluationErrorCode


async def management_grid(pathway: Pathway) -> Evaluation:
    """A CléA Management évaluation préalable with 1 and 2 recorded (revision 1)."""
    evaluation = await pathway.evaluation(await pathway.dossier("CLEA_MANAGEMENT"))
    await pathway.record(
        evaluation, {"1": "acquis", "2": "non_acquis"}, comments={"1": "Très à l'aise"}
    )
    return evaluation


async def rows(db_session: AsyncSession, evaluation: Evaluation) -> dict[str, tuple[object, ...]]:
    found = await db_session.scalars(
        select(ItemResult).where(ItemResult.evaluation_id == evaluation.id)
    )
    return {r.item_code: (r.value, r.comment, r.changed_in_revision) for r in found}


async def test_clearing_a_result_removes_its_value_and_comment_in_a_new_revision(
    db_session: AsyncSession,
    sophie: Actor,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    evaluation = await management_grid(pathway)

    # When the evaluator clears item 1 and changes item 2 in one save
    saved = await service.save_results(
        db_session,
        sophie,
        registry,
        evaluation,
        [Result("1", None), Result("2", "acquis")],
        expected_revision=1,
    )

    # Then item 1 has no result any more, marked with the revision that cleared it
    assert saved.revision == 2
    assert await rows(db_session, evaluation) == {
        "1": (None, "", 2),
        "2": ("acquis", "", 2),
    }


async def test_clearing_what_has_no_result_changes_nothing_but_the_revision(
    db_session: AsyncSession,
    sophie: Actor,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    evaluation = await management_grid(pathway)

    await service.save_results(
        db_session, sophie, registry, evaluation, [Result("3", None)], expected_revision=1
    )

    assert evaluation.revision == 2
    assert "3" not in await rows(db_session, evaluation)


async def test_a_stale_client_is_told_which_items_someone_else_cleared(
    db_session: AsyncSession,
    sophie: Actor,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    evaluation = await management_grid(pathway)
    await service.save_results(
        db_session, sophie, registry, evaluation, [Result("1", None)], expected_revision=1
    )

    # When a client that still saw revision 1 saves item 3
    with pytest.raises(service.EvaluationError) as stale:
        await service.save_results(
            db_session, sophie, registry, evaluation, [Result("3", "acquis")], expected_revision=1
        )

    # Then it learns that item 1 changed (it was cleared)
    assert stale.value.code == EvaluationErrorCode.STALE_REVISION
    assert stale.value.items == ["1"]


async def test_clearing_obeys_the_grids_rules_and_takes_no_comment(
    db_session: AsyncSession,
    sophie: Actor,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    evaluation = await management_grid(pathway)

    with pytest.raises(service.EvaluationError) as unknown:
        await service.save_results(
            db_session, sophie, registry, evaluation, [Result("9", None)], expected_revision=1
        )
    with pytest.raises(service.EvaluationError) as commented:
        await service.save_results(
            db_session,
            sophie,
            registry,
            evaluation,
            [Result("1", None, "À revoir")],
            expected_revision=1,
        )

    assert unknown.value.code == EvaluationErrorCode.UNKNOWN_ITEMS
    assert commented.value.code == EvaluationErrorCode.INVALID_VALUE
    assert commented.value.items == ["1"]
    assert "ne garde pas de commentaire" in commented.value.message
    assert evaluation.revision == 1
    assert (await rows(db_session, evaluation))["1"] == ("acquis", "Très à l'aise", 1)


async def test_a_cleared_item_is_missing_when_closing_then_scored_once_set_again(
    db_session: AsyncSession,
    sophie: Actor,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    evaluation = await management_grid(pathway)
    await service.save_results(
        db_session,
        sophie,
        registry,
        evaluation,
        [Result("1", None), Result("3", "acquis")],
        expected_revision=1,
    )

    # When the evaluator tries to close with item 1 cleared
    with pytest.raises(service.EvaluationError) as incomplete:
        await service.close_evaluation(db_session, sophie, registry, evaluation)
    assert incomplete.value.code == EvaluationErrorCode.INCOMPLETE
    assert incomplete.value.items == ["1"]

    # Then, once item 1 is set again, it closes and scores the new value
    await service.save_results(
        db_session, sophie, registry, evaluation, [Result("1", "acquis")], expected_revision=2
    )
    outcome = await service.close_evaluation(db_session, sophie, registry, evaluation)
    assert outcome.gaps == ("2",)


async def test_a_comment_changed_alone_is_saved_in_the_new_revision(
    db_session: AsyncSession,
    sophie: Actor,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    """The evaluator rewords the comment of an item whose result stays « acquis »: the new
    comment is kept (the upsert writes a row whose value or comment differs)."""
    evaluation = await management_grid(pathway)

    await service.save_results(
        db_session, sophie, registry, evaluation,
        [Result("1", "acquis", "À l'aise, sans aide.")], expected_revision=1,
    )  # fmt: skip

    found = await rows(db_session, evaluation)
    assert found["1"] == ("acquis", "À l'aise, sans aide.", 2)
    assert found["2"] == ("non_acquis", "", 1)
