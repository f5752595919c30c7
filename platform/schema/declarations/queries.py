"""Root queries of declarations (Certif'Pro administrators)."""

from __future__ import annotations

import strawberry

from clea_platform.db.base import utcnow
from clea_platform.declarations import service
from clea_platform.schema.context import Info
from clea_platform.schema.declarations.types import DeclarationBatchType, PendingDeclaration


@strawberry.type
class DeclarationQueries:
    @strawberry.field(
        description="Certificates not declared yet, oldest first, with their deadline."
    )
    async def pending_declarations(self, info: Info) -> list[PendingDeclaration]:
        rows = await service.pending(info.context.session, info.context.actor, utcnow().date())
        return [PendingDeclaration.of(row) for row in rows]

    @strawberry.field(description="The latest declaration batches, newest first.")
    async def declaration_batches(self, info: Info) -> list[DeclarationBatchType]:
        rows = await service.batches(info.context.session, info.context.actor)
        return [DeclarationBatchType.from_model(row.batch, row.certificate_numbers) for row in rows]
