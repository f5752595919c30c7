"""Root queries of dossiers (the dossier list is the pathway's: ``schema/pathway``)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from clea_platform.dossiers import interviews
from clea_platform.dossiers import service as dossiers
from clea_platform.schema.context import Info
from clea_platform.schema.dossiers.types import (
    DossierResult,
    DossierType,
    InformationInterviewType,
)
from clea_platform.schema.ids import optional_id
from clea_platform.schema.notfound import NotFound

NOT_FOUND = "Dossier introuvable."


@strawberry.type
class DossierQueries:
    @strawberry.field(description="One dossier of the active organisation.")
    async def dossier(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID.")]
    ) -> DossierResult:
        key = optional_id(id)
        row = None if key is None else await dossiers.find_dossier(info.context.session, key)
        return NotFound.of(NOT_FOUND, id) if row is None else DossierType.from_model(row)

    @strawberry.field(
        description="The information interviews the organisation held with a candidate, the "
        "latest first (another organisation's candidate: none)."
    )
    async def information_interviews(
        self,
        info: Info,
        candidate_id: Annotated[strawberry.ID, strawberry.argument(description="The candidate.")],
    ) -> list[InformationInterviewType]:
        key = optional_id(candidate_id)
        rows = [] if key is None else await interviews.interviews_of(info.context.session, key)
        return [InformationInterviewType.from_row(row) for row in rows]
