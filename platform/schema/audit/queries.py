"""Root queries of the audit context."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from clea_platform.audit import log
from clea_platform.core.pagination import PaginationError
from clea_platform.schema.audit.types import AuditEventFilter, AuditEventType
from clea_platform.schema.context import Info
from clea_platform.schema.pagination import Connection, connection


@strawberry.type
class AuditQueries:
    @strawberry.field(
        description="The audit log, newest first: the active organisation's, or all (Certif'Pro)."
    )
    async def audit_events(
        self,
        info: Info,
        filter: Annotated[
            AuditEventFilter | None, strawberry.argument(description="Filters.")
        ] = None,
        first: Annotated[
            int | None, strawberry.argument(description="Page size (max 100).")
        ] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    ) -> Connection[AuditEventType]:
        chosen = filter or AuditEventFilter()
        try:
            organisation_id = (
                uuid.UUID(str(chosen.organisation_id)) if chosen.organisation_id else None
            )
        except ValueError:
            raise PaginationError("Identifiant d'organisation invalide.") from None
        page = await log.list_events(
            info.context.session,
            info.context.actor,
            log.AuditFilter(
                operation=chosen.operation,
                actor_email=chosen.actor_email,
                occurred_from=chosen.occurred_from,
                occurred_to=chosen.occurred_to,
                organisation_id=organisation_id,
            ),
            first=first,
            after=after,
        )
        return connection(page, AuditEventType.from_model)
