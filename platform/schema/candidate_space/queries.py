"""Root queries of the candidate space."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from clea_platform.candidate_space import home, invitations, rights
from clea_platform.candidate_space.errors import CandidateSpaceError
from clea_platform.schema.candidate_space.types import (
    CandidateDataAccess,
    CandidateDataExport,
    CandidateSpace,
    CandidateSpaceStatus,
    CandidateSpaceStatusResult,
    CorrectionRequestType,
)
from clea_platform.schema.context import Info
from clea_platform.schema.ids import optional_id
from clea_platform.schema.notfound import NotFound


@strawberry.type
class CandidateSpaceQueries:
    @strawberry.field(
        description="The signed-in candidate's own dossiers, in every organisation (candidates)."
    )
    async def candidate_space(self, info: Info) -> CandidateSpace:
        context = info.context
        found = await home.home(context.session, context.actor, context.registry)
        return CandidateSpace.from_home(found)

    @strawberry.field(
        description="Everything stored about the signed-in candidate (GDPR access), as JSON."
    )
    async def candidate_data_export(self, info: Info) -> CandidateDataExport:
        data = await rights.export(info.context.session, info.context.actor)
        return CandidateDataExport(data=JSON(data))

    @strawberry.field(
        description="The organisations (never the people) that accessed the candidate's data."
    )
    async def candidate_data_accesses(self, info: Info) -> list[CandidateDataAccess]:
        found = await rights.accesses(info.context.session, info.context.actor)
        return [CandidateDataAccess.from_domain(access) for access in found]

    @strawberry.field(
        description="Whether one of the organisation's candidates was invited to their space "
        "and activated it (advisers)."
    )
    async def candidate_space_status(
        self,
        info: Info,
        candidate_id: Annotated[strawberry.ID, strawberry.argument(description="Candidate.")],
    ) -> CandidateSpaceStatusResult:
        key = optional_id(candidate_id)
        if key is None:
            return NotFound.of(invitations.NOT_FOUND, candidate_id)
        try:
            status = await invitations.status(info.context.session, info.context.actor, key)
        except CandidateSpaceError as error:
            return NotFound.of(error.message, candidate_id)
        return CandidateSpaceStatus.from_domain(status)

    @strawberry.field(
        description="Candidates' correction requests still to handle, oldest first (advisers)."
    )
    async def correction_requests(self, info: Info) -> list[CorrectionRequestType]:
        found = await rights.open_requests(info.context.session, info.context.actor)
        return [CorrectionRequestType.from_domain(request) for request in found]
