"""Root mutations of imports: resolvers call the services, nothing more."""

from __future__ import annotations

import strawberry

from clea_platform.exchange import service as imports
from clea_platform.jobs import imports as import_jobs
from clea_platform.schema.context import Info
from clea_platform.schema.exchange.inputs import ConfirmImportInput, DiscardImportInput
from clea_platform.schema.exchange.types import (
    ConfirmImportPayload,
    DiscardImportPayload,
    ImportBatchType,
)


@strawberry.type
class ExchangeMutations:
    @strawberry.mutation(
        description="Confirm a validated import: every row is checked again and created in "
        "one transaction, or nothing is (large files: in a background job)."
    )
    async def confirm_import(self, info: Info, input: ConfirmImportInput) -> ConfirmImportPayload:
        batch = await import_jobs.confirm(
            info.context.session,
            info.context.sessions,
            info.context.registry,
            info.context.actor,
            imports.parse_batch_id(input.id),
        )
        return ConfirmImportPayload(import_batch=ImportBatchType.from_model(batch))

    @strawberry.mutation(description="Drop an import that was not confirmed (file and report).")
    async def discard_import(self, info: Info, input: DiscardImportInput) -> DiscardImportPayload:
        batch_id = imports.parse_batch_id(input.id)
        await imports.discard(info.context.session, info.context.actor, batch_id)
        return DiscardImportPayload(discarded_id=input.id)
