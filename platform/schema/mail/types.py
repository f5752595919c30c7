"""GraphQL types of the outbox."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import strawberry

from clea_platform.mail.errors import MailErrorCode
from clea_platform.mail.models import OutboxEmail
from clea_platform.schema.errors import FromDomainError

strawberry.enum(
    MailErrorCode, name="MailProblemCode", description="Why a mail operation was refused."
)


@strawberry.type(description="A problem with the input, to show next to the field.")
class MailProblem(FromDomainError):  # noqa: N818 (a payload type, not an exception)
    code: MailErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")


@strawberry.type(
    name="UndeliverableEmail",
    description="A message the outbox set aside: it could not be built, or delivery failed.",
)
class UndeliverableEmailType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    recipient: str = strawberry.field(description="Address it was for.")
    subject: str = strawberry.field(description="Subject.")
    created_at: dt.datetime = strawberry.field(description="When it was queued.")
    attempts: int = strawberry.field(description="Delivery attempts made.")
    last_error: str = strawberry.field(description="Why the last attempt failed.")
    dead_at: dt.datetime | None = strawberry.field(description="When it was set aside.")

    @classmethod
    def from_model(cls, email: OutboxEmail) -> UndeliverableEmailType:
        return cls(
            id=strawberry.ID(str(email.id)),
            recipient=email.recipient,
            subject=email.subject,
            created_at=email.created_at,
            attempts=email.attempts,
            last_error=email.last_error,
            dead_at=email.dead_at,
        )


@strawberry.type(description="Result of sending a message again.")
class RetryEmailPayload:
    error_type: ClassVar[type[MailProblem]] = MailProblem
    queued: bool = strawberry.field(default=False, description="True when it is queued again.")
    errors: list[MailProblem] = strawberry.field(default_factory=list, description="Problems.")
