"""Root mutations of certificates: resolvers call the services, nothing more."""

from __future__ import annotations

import strawberry

from clea_platform.certificates import paper, revocation
from clea_platform.certificates.lookup import not_found
from clea_platform.schema.certificates import inputs
from clea_platform.schema.certificates.types import (
    CertificateType,
    MarkPaperSentPayload,
    RequestPaperCopyPayload,
    RevokeCertificatePayload,
)
from clea_platform.schema.context import Info
from clea_platform.schema.ids import optional_id, parse_id


@strawberry.type
class CertificateMutations:
    @strawberry.mutation(
        description="Revoke a certificate (reason mandatory; revoking twice is refused)."
    )
    async def revoke_certificate(
        self, info: Info, input: inputs.RevokeCertificateInput
    ) -> RevokeCertificatePayload:
        certificate = await revocation.revoke(
            info.context.session,
            info.context.actor,
            info.context.registry,
            parse_id(input.id, not_found()),
            input.reason,
        )
        return RevokeCertificatePayload(certificate=CertificateType.from_model(certificate))

    @strawberry.mutation(description="Ask Certif'Pro to post a paper copy to the candidate.")
    async def request_paper_copy(
        self, info: Info, input: inputs.RequestPaperCopyInput
    ) -> RequestPaperCopyPayload:
        certificate = await paper.request_paper_copy(
            info.context.session, info.context.actor, parse_id(input.id, not_found())
        )
        return RequestPaperCopyPayload(certificate=CertificateType.from_model(certificate))

    @strawberry.mutation(description="Record that paper copies were posted (all or none).")
    async def mark_paper_sent(
        self, info: Info, input: inputs.MarkPaperSentInput
    ) -> MarkPaperSentPayload:
        rows = await paper.mark_paper_sent(
            info.context.session, info.context.actor, [optional_id(value) for value in input.ids]
        )
        return MarkPaperSentPayload(certificates=[CertificateType.from_model(row) for row in rows])
