"""The jury's one view of the évaluation préalable and the finale, per domain.

Worked example (DOMAIN.md's pathway on CléA's référentiel: 7 domains of 18, 20, 20, 11,
11, 11 and 16 criteria): the évaluation préalable leaves three criteria — 1.4.4 (prise de
notes), 2.2.2 (pourcentages), 7.2.4 (déplacement de charges); the training targets them;
the évaluation finale evaluates only those three. Every criterion of every domain must be
acquired, so:

- finale acquires all three → every domain is acquired: « 7/7 domaines acquis »;
- finale leaves 2.2.2 → domain 2 keeps one criterion missing: « 6/7 domaines acquis »,
  domain 2 showing 19 of 20 acquired at the préalable, 1 evaluated at the finale, 0
  acquired there, 19 in the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.evaluations.models import ItemResult
from clea_platform.juries.combined import DomainProgress, combine, combined_results
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.training import final
from clea_platform.training import service as training
from tests.dossiers.conftest import Pathway, clea_leaves, pathway  # noqa: F401 (fixture)

GAPS = ("1.4.4", "2.2.2", "7.2.4")
#: Criteria per domain of CléA's référentiel (the bundled version).
CRITERIA = {"1": 18, "2": 20, "3": 20, "4": 11, "5": 11, "6": 11, "7": 16}


def preliminary(registry: CertificationRegistry) -> dict[str, str]:
    return {code: "non_acquis" if code in GAPS else "acquis" for code in clea_leaves(registry)}


def rows(domains: tuple[DomainProgress, ...]) -> list[tuple[str, int, int, int, int, int, bool]]:
    return [
        (
            d.code,
            d.criteria,
            d.acquired_at_initial,
            d.evaluated_at_final,
            d.acquired_at_final,
            d.acquired,
            d.domain_acquired,
        )
        for d in domains
    ]


def test_a_finale_that_acquires_the_trained_criteria_makes_seven_domains_out_of_seven(
    registry: CertificationRegistry,
) -> None:
    clea = registry.get("CLEA")
    tree = clea.bundled_referentiel.tree

    combined = combine(tree, clea.scoring, preliminary(registry), dict.fromkeys(GAPS, "acquis"))

    assert combined.summary == "7/7 domaines acquis"
    assert rows(combined.domains) == [
        ("1", 18, 17, 1, 1, 18, True),
        ("2", 20, 19, 1, 1, 20, True),
        ("3", 20, 20, 0, 0, 20, True),
        ("4", 11, 11, 0, 0, 11, True),
        ("5", 11, 11, 0, 0, 11, True),
        ("6", 11, 11, 0, 0, 11, True),
        ("7", 16, 15, 1, 1, 16, True),
    ]


def test_a_criterion_still_missing_at_the_finale_leaves_its_domain_unacquired(
    registry: CertificationRegistry,
) -> None:
    clea = registry.get("CLEA")
    finale = {"1.4.4": "acquis", "2.2.2": "non_acquis", "7.2.4": "acquis"}

    combined = combine(clea.bundled_referentiel.tree, clea.scoring, preliminary(registry), finale)

    assert combined.summary == "6/7 domaines acquis"
    assert rows(combined.domains)[1] == ("2", 20, 19, 1, 0, 19, False)
    assert [d.domain_acquired for d in combined.domains] == [
        True, False, True, True, True, True, True,
    ]  # fmt: skip


def test_before_any_finale_the_view_is_the_preliminary_evaluation(
    registry: CertificationRegistry,
) -> None:
    clea = registry.get("CLEA")

    combined = combine(clea.bundled_referentiel.tree, clea.scoring, preliminary(registry), None)

    assert combined.summary == "4/7 domaines acquis"
    assert not combined.has_final
    assert [d.criteria for d in combined.domains] == list(CRITERIA.values())


@dataclass(frozen=True)
class Closed:
    kind: str
    results: list[tuple[str, str]]


async def test_the_jury_view_reads_the_dossiers_own_evaluations(
    db_session: AsyncSession,
    greta: Actor,
    registry: CertificationRegistry,
    pathway: Pathway,  # noqa: F811
) -> None:
    # Given the worked example recorded on a dossier: préalable, plan, finale leaving 2.2.2
    dossier, initial, _ = await pathway.evaluated("CLEA", preliminary(registry))
    await training.create_from_gaps(db_session, greta, dossier.id)
    finale = await final.start_final_evaluation(db_session, greta, registry, dossier)
    assert sorted(finale.target_items) == list(GAPS)
    await pathway.record(finale, {"1.4.4": "acquis", "2.2.2": "non_acquis", "7.2.4": "acquis"})
    await pathway.close(finale)

    async def results_of(evaluation_id: object) -> list[tuple[str, str]]:
        found = await db_session.execute(
            select(ItemResult.item_code, ItemResult.value).where(
                ItemResult.evaluation_id == evaluation_id
            )
        )
        return [(code, value) for code, value in found if value is not None]

    # When the jury's view is computed from what was stored
    combined = await combined_results(
        db_session,
        registry,
        certification_code="CLEA",
        referentiel_version_id=dossier.referentiel_version_id,
        evaluations=[
            Closed("initial", await results_of(initial.id)),
            Closed("final", await results_of(finale.id)),
        ],
    )

    # Then it is the worked example's answer
    assert combined is not None
    assert combined.summary == "6/7 domaines acquis"
    assert rows(combined.domains)[1] == ("2", 20, 19, 1, 0, 19, False)
