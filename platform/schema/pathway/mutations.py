"""Root mutations of the pathway seen whole: GDPR erasure (it reads the dossiers)."""

from __future__ import annotations

import strawberry

from clea_platform.candidates.service import candidate_not_found
from clea_platform.pathway import gdpr
from clea_platform.schema.candidates.types import CandidateType
from clea_platform.schema.context import Info
from clea_platform.schema.ids import parse_id
from clea_platform.schema.pathway.inputs import EraseCandidateInput
from clea_platform.schema.pathway.types import EraseCandidatePayload


@strawberry.type
class PathwayMutations:
    @strawberry.mutation(
        description="Erase a candidate's personal data (GDPR); every dossier must be closed."
    )
    async def erase_candidate(
        self, info: Info, input: EraseCandidateInput
    ) -> EraseCandidatePayload:
        candidate = await gdpr.erase(
            info.context.session, info.context.actor, parse_id(input.id, candidate_not_found())
        )
        return EraseCandidatePayload(candidate=CandidateType.from_model(candidate))
