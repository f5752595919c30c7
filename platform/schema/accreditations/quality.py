"""An organisation's quality indicators over GraphQL (Certif'Pro): one call to
``accreditations/quality.py``, its result mapped."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from clea_platform.accreditations import quality
from clea_platform.core.errors import InvalidFormError
from clea_platform.schema.context import Info
from clea_platform.schema.ids import optional_id
from clea_platform.schema.notfound import NotFound
from clea_platform.schema.statistics.types import StatisticsProblem, StatisticsRefusal
from clea_platform.statistics.filters import StatisticsFilter

#: The indicators' French labels, in the order they are shown.
LABELS = {
    "opened": "Dossiers ouverts",
    "abandonment_rate": "Taux d'abandon (%)",
    "opening_to_initial_days": "Délai médian ouverture → évaluation préalable (jours)",
    "opening_to_jury_days": "Délai médian ouverture → décision du jury (jours)",
    "first_jury_success_rate": "Réussite au premier jury (%)",
    "final_evaluation_share": "Dossiers en formation avec évaluation finale (%)",
    "jury_remarks": "Remarques du jury",
}


@strawberry.type(description="One indicator: the organisation's, each site's, the national median.")
class QualityIndicator:
    key: str = strawberry.field(description="Stable name (opened, abandonment_rate…).")
    label: str = strawberry.field(description="French label, with its unit.")
    organisation: float | None = strawberry.field(
        description="The organisation's figure (null: nothing to divide)."
    )
    sites: list[float | None] = strawberry.field(
        description="Each site's figure, in the order of `sites`."
    )
    national_median: float | None = strawberry.field(
        description="Median of the organisations' figures (nearest rank)."
    )


@strawberry.type(description="A site of the organisation (a column of the indicators).")
class QualitySite:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    name: str = strawberry.field(description="Its name.")
    siret: str = strawberry.field(description="Its SIRET.")


@strawberry.type(
    name="OrganisationQuality",
    description="Quality indicators of the dossiers opened in a period, per site, beside "
    "the national median.",
)
class OrganisationQualityType:
    organisation_id: strawberry.ID = strawberry.field(description="The organisation.")
    organisation_name: str = strawberry.field(description="Its name.")
    opened_from: dt.date = strawberry.field(description="First day of the period.")
    opened_to: dt.date = strawberry.field(description="Last day of the period.")
    sites: list[QualitySite] = strawberry.field(description="Its sites, by name.")
    indicators: list[QualityIndicator] = strawberry.field(description="In display order.")
    organisations_compared: int = strawberry.field(
        description="Organisations with a dossier opened in the period (the median's base)."
    )

    @classmethod
    def of(cls, found: quality.OrganisationQuality) -> OrganisationQualityType:
        return cls(
            organisation_id=strawberry.ID(str(found.organisation.id)),
            organisation_name=found.organisation.name,
            opened_from=found.period.opened_from,
            opened_to=found.period.opened_to,
            sites=[
                QualitySite(id=strawberry.ID(str(s.site.id)), name=s.site.name, siret=s.site.siret)
                for s in found.sites
            ],
            indicators=[
                QualityIndicator(
                    key=key,
                    label=LABELS[key],
                    organisation=found.whole.values[key],
                    sites=[s.figures.values[key] for s in found.sites],
                    national_median=found.national_median.values[key],
                )
                for key in quality.INDICATORS
            ],
            organisations_compared=found.organisations_compared,
        )


OrganisationQualityResult = Annotated[
    OrganisationQualityType | StatisticsRefusal | NotFound,
    strawberry.union(
        "OrganisationQualityResult",
        description="The indicators, what to correct in the period, or not found.",
    ),
]


@strawberry.type
class QualityQueries:
    @strawberry.field(
        description="An organisation's quality indicators per site, with the national "
        "median (Certif'Pro, audited)."
    )
    async def organisation_quality(
        self,
        info: Info,
        organisation_id: Annotated[
            strawberry.ID, strawberry.argument(description="The organisation.")
        ],
        opened_from: Annotated[
            dt.date, strawberry.argument(description="First day of the period (opening).")
        ],
        opened_to: Annotated[
            dt.date, strawberry.argument(description="Last day of the period, included.")
        ],
    ) -> OrganisationQualityResult:
        key = optional_id(organisation_id)
        if key is None:
            return NotFound.of("Organisme introuvable.", organisation_id)
        try:
            found = await quality.organisation_quality(
                info.context.session,
                info.context.actor,
                info.context.registry,
                key,
                StatisticsFilter(opened_from=opened_from, opened_to=opened_to),
            )
        except InvalidFormError as refusal:
            return StatisticsRefusal(
                errors=[StatisticsProblem.from_domain(error) for error in refusal.errors]
            )
        if found is None:
            return NotFound.of("Organisme introuvable.", organisation_id)
        return OrganisationQualityType.of(found)
