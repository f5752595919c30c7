"""Root queries of candidates."""

from __future__ import annotations

from typing import Annotated

import strawberry

from clea_platform.candidates.sectors import NAF_SECTIONS
from clea_platform.schema.candidates.types import (
    CandidateResult,
    CandidateType,
    ProfessionalSector,
)
from clea_platform.schema.context import Info
from clea_platform.schema.ids import optional_id
from clea_platform.schema.notfound import NotFound

NOT_FOUND = "Candidat introuvable."


@strawberry.type
class CandidateQueries:
    @strawberry.field(description="One candidate of the active organisation (the read is audited).")
    async def candidate(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID.")]
    ) -> CandidateResult:
        key = optional_id(id)
        row = (
            None if key is None else await info.context.candidate_loaders.candidate_by_id.load(key)
        )
        return NotFound.of(NOT_FOUND, id) if row is None else CandidateType.from_model(row)

    @strawberry.field(
        description="The professional sectors a candidate's sector is picked from: the 21 "
        "sections of the NAF rév. 2 (INSEE), in order."
    )
    def professional_sectors(self) -> list[ProfessionalSector]:
        return [ProfessionalSector(code=code, label=label) for code, label in NAF_SECTIONS.items()]
