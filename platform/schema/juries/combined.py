"""GraphQL types of the jury's combined view of the évaluation préalable and finale."""

from __future__ import annotations

import strawberry

from clea_platform.juries.combined import CombinedResults, DomainProgress


@strawberry.type(description="One domain across the évaluation préalable and the finale.")
class JuryDomainProgress:
    code: str = strawberry.field(description="Domain code.")
    title: str = strawberry.field(description="Domain title.")
    criteria: int = strawberry.field(description="Criteria (leaves) of the domain.")
    acquired_at_initial: int = strawberry.field(
        description="Criteria acquired at the évaluation préalable."
    )
    evaluated_at_final: int = strawberry.field(
        description="Criteria evaluated at the évaluation finale (the trained ones)."
    )
    acquired_at_final: int = strawberry.field(
        description="Criteria acquired at the évaluation finale."
    )
    acquired: int = strawberry.field(
        description="Criteria acquired in the end (at the finale, else at the préalable)."
    )
    domain_acquired: bool = strawberry.field(
        description="The domain is acquired in the end, by the certification's rule."
    )

    @classmethod
    def from_domain(cls, row: DomainProgress) -> JuryDomainProgress:
        return cls(
            code=row.code,
            title=row.title,
            criteria=row.criteria,
            acquired_at_initial=row.acquired_at_initial,
            evaluated_at_final=row.evaluated_at_final,
            acquired_at_final=row.acquired_at_final,
            acquired=row.acquired,
            domain_acquired=row.domain_acquired,
        )


@strawberry.type(
    description=(
        "The évaluation préalable and the finale in one view, per domain, computed from "
        "the certification's rules (the finale covers only the trained criteria)."
    )
)
class JuryCombinedResults:
    domains: list[JuryDomainProgress] = strawberry.field(description="Per domain, in order.")
    has_final: bool = strawberry.field(description="An évaluation finale was closed.")
    domains_acquired: int = strawberry.field(description="Domains acquired in the end.")
    domains_total: int = strawberry.field(description="Domains of the référentiel.")
    summary: str = strawberry.field(description="« 7/7 domaines acquis », in French.")

    @classmethod
    def from_results(cls, results: CombinedResults) -> JuryCombinedResults:
        return cls(
            domains=[JuryDomainProgress.from_domain(d) for d in results.domains],
            has_final=results.has_final,
            domains_acquired=results.domains_acquired,
            domains_total=len(results.domains),
            summary=results.summary,
        )
