"""Root mutations of declarations (Certif'Pro administrators)."""

from __future__ import annotations

import strawberry

from clea_platform.declarations import service
from clea_platform.schema.context import Info
from clea_platform.schema.declarations.inputs import CreateDeclarationBatchInput
from clea_platform.schema.declarations.types import (
    CreateDeclarationBatchPayload,
    DeclarationBatchType,
    IncompleteDeclaration,
)


@strawberry.type
class DeclarationMutations:
    @strawberry.mutation(
        description="Declare the certificates issued in a period and not declared yet."
    )
    async def create_declaration_batch(
        self, info: Info, input: CreateDeclarationBatchInput
    ) -> CreateDeclarationBatchPayload:
        result = await service.create_batch(
            info.context.session,
            info.context.actor,
            info.context.registry,
            input.period_start,
            input.period_end,
        )
        return CreateDeclarationBatchPayload(
            batch=DeclarationBatchType.from_model(result.batch) if result.batch else None,
            incomplete=[IncompleteDeclaration.of(item) for item in result.incomplete],
        )
