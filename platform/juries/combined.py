"""The jury's one view of a dossier: the évaluation préalable and the finale, per domain.

DOMAIN.md: the évaluation préalable covers the whole référentiel; the évaluation finale
only the criteria the training targeted; certification requires every criterion of every
domain. So a criterion counts as acquired in the end when the finale acquired it, or —
not evaluated at the finale — when the préalable did; the certification's own scoring
rule (its plugin) then says which domains are acquired. This is the same reading as
closing an évaluation finale (``evaluations.service.close_evaluation``), shown per domain:
criteria, acquired at the préalable, evaluated and acquired at the finale, and the
domains acquired in the end (« 7/7 domaines acquis »).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.evaluations.results import on_scale
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels import service as referentiels
from clea_platform.referentiels.models import ReferentielVersion
from clea_platform.referentiels.scoring import ResultScale, ResultValue, ScoringRule
from clea_platform.referentiels.tree import ReferentielTree

INITIAL, FINAL = "initial", "final"


@dataclass(frozen=True, slots=True)
class DomainProgress:
    """One domain across both evaluations (counts are criteria, i.e. leaves)."""

    code: str
    title: str
    criteria: int
    acquired_at_initial: int
    evaluated_at_final: int
    acquired_at_final: int
    #: Criteria acquired in the end (finale, else préalable).
    acquired: int
    #: The domain is acquired in the end, by the certification's rule.
    domain_acquired: bool


@dataclass(frozen=True, slots=True)
class CombinedResults:
    domains: tuple[DomainProgress, ...]
    has_final: bool

    @property
    def domains_acquired(self) -> int:
        return sum(1 for domain in self.domains if domain.domain_acquired)

    @property
    def summary(self) -> str:
        """« 7/7 domaines acquis » (French, as the jury reads it)."""
        total = len(self.domains)
        word = "domaine acquis" if self.domains_acquired <= 1 else "domaines acquis"
        return f"{self.domains_acquired}/{total} {word}"


def combine(
    tree: ReferentielTree,
    rule: ScoringRule,
    initial: Mapping[str, ResultValue],
    final: Mapping[str, ResultValue] | None,
) -> CombinedResults:
    """Both evaluations per domain; ``final`` holds only the criteria it evaluated."""
    before = rule.score(tree, initial)
    after = rule.score(tree, {**initial, **final}) if final is not None else before
    evaluated_at_final = set(final or {})
    domains = []
    for domain in tree.roots:
        leaves = [leaf.code for leaf in domain.leaves()]
        domains.append(
            DomainProgress(
                code=domain.code,
                title=domain.title,
                criteria=len(leaves),
                acquired_at_initial=sum(1 for c in leaves if before.mastery[c].acquired),
                evaluated_at_final=sum(1 for c in leaves if c in evaluated_at_final),
                acquired_at_final=sum(
                    1 for c in leaves if c in evaluated_at_final and after.mastery[c].acquired
                ),
                acquired=sum(1 for c in leaves if after.mastery[c].acquired),
                domain_acquired=after.mastery[domain.code].acquired,
            )
        )
    return CombinedResults(domains=tuple(domains), has_final=final is not None)


class ClosedResults(Protocol):
    """A closed evaluation's kind (``initial``, ``final``) and results as text."""

    @property
    def kind(self) -> str: ...

    @property
    def results(self) -> Sequence[tuple[str, str]]: ...


def _values(scale: ResultScale, results: Sequence[tuple[str, str]]) -> dict[str, ResultValue]:
    return {code: on_scale(scale, value) for code, value in results}


async def combined_results(
    session: AsyncSession,
    registry: CertificationRegistry,
    *,
    certification_code: str,
    referentiel_version_id: uuid.UUID,
    evaluations: Sequence[ClosedResults],
) -> CombinedResults | None:
    """The latest closed préalable and the latest closed finale after it, combined;
    ``None`` without a closed préalable. ``evaluations`` are oldest first (référentiels
    are not tenant data: no scope is needed to read the version)."""
    initial_at = max(
        (index for index, e in enumerate(evaluations) if e.kind == INITIAL), default=None
    )
    if initial_at is None:
        return None
    finals = [e for e in evaluations[initial_at + 1 :] if e.kind == FINAL]
    certification = registry.get(certification_code)
    version = await session.get(ReferentielVersion, referentiel_version_id)
    assert version is not None
    items = (await referentiels.items_of_versions(session, [version.id]))[version.id]
    tree = referentiels.tree_of(version, items)
    scale = certification.scale
    return combine(
        tree,
        certification.scoring,
        _values(scale, evaluations[initial_at].results),
        _values(scale, finals[-1].results) if finals else None,
    )
