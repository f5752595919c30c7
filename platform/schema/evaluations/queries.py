"""Root queries of evaluations."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from clea_platform.evaluations import billing
from clea_platform.evaluations import service as evaluations
from clea_platform.schema.context import Info
from clea_platform.schema.evaluations.types import (
    BillableCountType,
    EvaluationResult,
    EvaluationType,
)
from clea_platform.schema.ids import optional_id
from clea_platform.schema.notfound import NotFound

NOT_FOUND = "Évaluation introuvable."


@strawberry.type
class EvaluationQueries:
    @strawberry.field(description="One evaluation, with its grid.")
    async def evaluation(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID.")]
    ) -> EvaluationResult:
        key = optional_id(id)
        row = None if key is None else await evaluations.find_evaluation(info.context.session, key)
        return NotFound.of(NOT_FOUND, id) if row is None else EvaluationType.from_model(row)

    @strawberry.field(
        description="Billable events per organisation and certification over a period (Certif'Pro)."
    )
    async def billable_events(
        self,
        info: Info,
        since: Annotated[dt.date, strawberry.argument(description="First day.")],
        until: Annotated[dt.date, strawberry.argument(description="Last day (included).")],
    ) -> list[BillableCountType]:
        counts = await billing.billable_counts(
            info.context.session, info.context.actor, since=since, until=until
        )
        return [BillableCountType.from_count(count) for count in counts]
