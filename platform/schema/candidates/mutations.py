"""Root mutations of candidates: resolvers call the services, nothing more."""

from __future__ import annotations

import datetime as dt

import strawberry

from clea_platform.candidates import service as candidates
from clea_platform.candidates.validation import CandidateData
from clea_platform.schema.candidates.inputs import CreateCandidateInput, UpdateCandidateInput
from clea_platform.schema.candidates.types import (
    CandidateType,
    CreateCandidatePayload,
    UpdateCandidatePayload,
)
from clea_platform.schema.context import Info
from clea_platform.schema.ids import parse_id


def candidate_data(input: CreateCandidateInput | UpdateCandidateInput) -> CandidateData:
    return CandidateData(
        civility=input.civility,
        birth_name=input.birth_name,
        first_names=input.first_names,
        birth_date=input.birth_date,
        birth_country=input.birth_country,
        birth_city=input.birth_city,
        status_at_registration=input.status_at_registration,
        education_level=input.education_level,
        usage_name=input.usage_name,
        birth_postal_code=input.birth_postal_code,
        born_abroad=input.born_abroad,
        email=input.email,
        phone=input.phone,
        address_line=input.address_line,
        postal_code=input.postal_code,
        city=input.city,
        professional_project=input.professional_project,
        professional_sector=input.professional_sector,
    )


@strawberry.type
class CandidateMutations:
    @strawberry.mutation(description="Register a candidate (possible duplicates are flagged).")
    async def create_candidate(
        self, info: Info, input: CreateCandidateInput
    ) -> CreateCandidatePayload:
        candidate = await candidates.create_candidate(
            info.context.session,
            info.context.actor,
            candidate_data(input),
            today=dt.date.today(),
            confirm_not_duplicate=input.confirm_not_duplicate,
        )
        return CreateCandidatePayload(candidate=CandidateType.from_model(candidate))

    @strawberry.mutation(
        description=(
            "Correct a candidate's data (checks of creation, revision the user saw; audited)."
        )
    )
    async def update_candidate(
        self, info: Info, input: UpdateCandidateInput
    ) -> UpdateCandidatePayload:
        candidate = await candidates.update_candidate(
            info.context.session,
            info.context.actor,
            parse_id(input.id, candidates.candidate_not_found()),
            candidate_data(input),
            expected_revision=input.revision,
            today=dt.date.today(),
            confirm_not_duplicate=input.confirm_not_duplicate,
        )
        return UpdateCandidatePayload(candidate=CandidateType.from_model(candidate))
