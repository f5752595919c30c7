"""Root mutations of the mail context."""

from __future__ import annotations

import strawberry

from clea_platform.mail import dead_letters
from clea_platform.mail.errors import MailError, MailErrorCode
from clea_platform.schema.context import Info
from clea_platform.schema.ids import parse_id
from clea_platform.schema.mail.inputs import RetryEmailInput
from clea_platform.schema.mail.types import RetryEmailPayload

NOT_FOUND = MailError(MailErrorCode.NOT_FOUND, "Message introuvable.", field="id")


@strawberry.type
class MailMutations:
    @strawberry.mutation(description="Queue a message set aside again, with fresh attempts.")
    async def retry_email(self, info: Info, input: RetryEmailInput) -> RetryEmailPayload:
        await dead_letters.retry(
            info.context.session, info.context.actor, parse_id(input.id, NOT_FOUND)
        )
        return RetryEmailPayload(queued=True)
