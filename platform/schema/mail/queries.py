"""Root queries of the mail context."""

from __future__ import annotations

from typing import Annotated

import strawberry

from clea_platform.mail import dead_letters
from clea_platform.schema.context import Info
from clea_platform.schema.mail.types import UndeliverableEmailType
from clea_platform.schema.pagination import Connection, connection


@strawberry.type
class MailQueries:
    @strawberry.field(
        description="Messages the outbox set aside (undeliverable), newest first (Certif'Pro)."
    )
    async def undeliverable_emails(
        self,
        info: Info,
        first: Annotated[
            int | None, strawberry.argument(description="Page size (max 100).")
        ] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    ) -> Connection[UndeliverableEmailType]:
        page = await dead_letters.list_dead_letters(
            info.context.session, info.context.actor, first=first, after=after
        )
        return connection(page, UndeliverableEmailType.from_model)
