"""Root query of the statistics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from clea_platform.core.errors import InvalidFormError
from clea_platform.schema.context import Info
from clea_platform.schema.statistics.types import (
    StatisticsFilterInput,
    StatisticsProblem,
    StatisticsRefusal,
    StatisticsResult,
    StatisticsType,
)
from clea_platform.statistics import service
from clea_platform.statistics.filters import StatisticsFilter


def _selected(fields: Sequence[Selection]) -> set[str]:
    """The names of the fields asked for under ``statistics`` (through its fragments):
    a breakdown's request does not pay for the funnel."""
    names: set[str] = set()

    def walk(selections: Sequence[Selection]) -> None:
        for selection in selections:
            if isinstance(selection, SelectedField):
                names.add(selection.name)
            else:
                walk(selection.selections)

    for field in fields:
        walk(field.selections)
    return names


@strawberry.type
class StatisticsQueries:
    @strawberry.field(
        description="The funnel and breakdowns of the dossiers opened in a period: an "
        "organisation's administrator sees their organisation, Certif'Pro every one "
        "(audited). Small cells of the breakdowns are masked."
    )
    async def statistics(
        self,
        info: Info,
        filter: Annotated[StatisticsFilterInput, strawberry.argument(description="What to count.")],
    ) -> StatisticsResult:
        try:
            chosen = StatisticsFilter(
                opened_from=filter.opened_from,
                opened_to=filter.opened_to,
                certification_code=filter.certification_code,
                region=filter.region,
                departement=filter.departement,
                organisation_id=service.organisation_filter(
                    None if filter.organisation_id is None else str(filter.organisation_id)
                ),
                breakdowns=tuple(dict.fromkeys(filter.breakdowns)),
                with_activity=filter.with_activity,
                whole_network=filter.whole_network,
                with_follow_up=filter.with_follow_up,
            )
            asked = _selected(info.selected_fields)
            report = await service.statistics(
                info.context.session,
                info.context.actor,
                info.context.registry,
                chosen,
                today=dt.date.today(),
                with_funnel=bool(asked & {"funnel", "total"}),
                with_pools=bool(asked & {"readyForJuryByRegion", "certificatesThisMonth"}),
            )
        except InvalidFormError as refusal:
            return StatisticsRefusal(
                errors=[StatisticsProblem.from_domain(error) for error in refusal.errors]
            )
        return StatisticsType.of(report)
