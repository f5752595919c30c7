"""GraphQL types of the audit log."""

from __future__ import annotations

import datetime as dt
import uuid

import strawberry

from clea_platform.audit.models import AuditEvent
from clea_platform.schema.context import Info


@strawberry.type(name="AuditEvent", description="One recorded operation or read.")
class AuditEventType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    occurred_at: dt.datetime = strawberry.field(description="When.")
    actor_label: str = strawberry.field(description="Who (person or API key).")
    organisation_id: strawberry.ID | None = strawberry.field(
        description="For which organisation; null for platform-level operations."
    )
    operation: str = strawberry.field(description="What, e.g. site.create.")
    outcome: str = strawberry.field(description="ok, or refused when nothing changed.")
    object_ids: list[str] = strawberry.field(description="Objects concerned.")
    request_id: str = strawberry.field(description="Request identifier, as in the logs.")
    ip_address: str = strawberry.field(description="Client address.")

    @strawberry.field(description="Name of the organisation, if any.")
    async def organisation_name(self, info: Info) -> str | None:
        if self.organisation_id is None:
            return None
        loader = info.context.tenant_loaders.organisation_by_id
        organisation = await loader.load(uuid.UUID(str(self.organisation_id)))
        return None if organisation is None else organisation.name

    @classmethod
    def from_model(cls, event: AuditEvent) -> AuditEventType:
        return cls(
            id=strawberry.ID(str(event.id)),
            occurred_at=event.occurred_at,
            actor_label=event.actor_label,
            organisation_id=(
                strawberry.ID(str(event.organisation_id)) if event.organisation_id else None
            ),
            operation=event.operation,
            outcome=event.outcome,
            object_ids=list(event.object_ids),
            request_id=event.request_id,
            ip_address=event.ip_address,
        )


@strawberry.input(description="Filters of the audit log; all optional, combined with AND.")
class AuditEventFilter:
    operation: str | None = strawberry.field(default=None, description="Part of the operation.")
    actor_email: str | None = strawberry.field(default=None, description="Exact actor email.")
    occurred_from: dt.datetime | None = strawberry.field(default=None, description="From.")
    occurred_to: dt.datetime | None = strawberry.field(default=None, description="Until.")
    organisation_id: strawberry.ID | None = strawberry.field(
        default=None, description="Certif'Pro only: one organisation."
    )
