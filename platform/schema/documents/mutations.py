"""Root mutations of documents: resolvers call the services, nothing more."""

from __future__ import annotations

import strawberry

from clea_platform.documents import attestations
from clea_platform.evaluations.service import evaluation_not_found
from clea_platform.schema.context import Info
from clea_platform.schema.documents.inputs import IssuePartialAttestationInput
from clea_platform.schema.documents.types import (
    IssuePartialAttestationPayload,
    PartialAttestationType,
)
from clea_platform.schema.ids import parse_id


@strawberry.type
class DocumentMutations:
    @strawberry.mutation(description="Issue the attestation of the skills acquired (gaps remain).")
    async def issue_partial_attestation(
        self, info: Info, input: IssuePartialAttestationInput
    ) -> IssuePartialAttestationPayload:
        attestation = await attestations.issue(
            info.context.session,
            info.context.actor,
            info.context.registry,
            parse_id(input.evaluation_id, evaluation_not_found()),
        )
        return IssuePartialAttestationPayload(
            attestation=PartialAttestationType.from_model(attestation)
        )
