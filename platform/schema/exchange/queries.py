"""Root queries of imports: resolvers call the service, nothing more."""

from __future__ import annotations

from typing import Annotated

import strawberry

from clea_platform.exchange import service as imports
from clea_platform.schema.context import Info
from clea_platform.schema.exchange.types import ImportBatchResult, ImportBatchType
from clea_platform.schema.ids import optional_id
from clea_platform.schema.notfound import NotFound

NOT_FOUND = "Import introuvable."


@strawberry.type
class ExchangeQueries:
    @strawberry.field(description="The organisation's latest imports, the newest first (50).")
    async def imports(self, info: Info) -> list[ImportBatchType]:
        rows = await imports.list_batches(info.context.session, info.context.actor)
        return [ImportBatchType.from_model(row) for row in rows]

    @strawberry.field(description="One import of the organisation: status, progress, report.")
    async def import_batch(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID.")]
    ) -> ImportBatchResult:
        key = optional_id(id)
        row = (
            None
            if key is None
            else await imports.find_batch(info.context.session, info.context.actor, key)
        )
        return NotFound.of(NOT_FOUND, id) if row is None else ImportBatchType.from_model(row)
