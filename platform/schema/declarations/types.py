"""GraphQL types of declarations."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import strawberry

from clea_platform.declarations.errors import DeclarationErrorCode
from clea_platform.declarations.format import REQUIRED_FIELDS
from clea_platform.declarations.models import DeclarationBatch, Transmission
from clea_platform.declarations.service import Incomplete, Pending
from clea_platform.schema.errors import FromDomainError

strawberry.enum(
    Transmission,
    name="DeclarationTransmission",
    description="Where a batch's file is: handed over by Certif'Pro itself (manual, batches "
    "made before automatic transmission), waiting for the transmitter or retrying (pending), "
    "transmitted, or set aside after its last attempt (dead).",
)
strawberry.enum(
    DeclarationErrorCode,
    name="DeclarationProblemCode",
    description="Why a declaration was refused.",
)


@strawberry.type(description="A problem with a declaration, to show next to the field.")
class DeclarationProblem(FromDomainError):  # noqa: N818 (a payload type, not an exception)
    code: DeclarationErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")


@strawberry.type(name="DeclarationBatch", description="A declaration file produced for a period.")
class DeclarationBatchType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    period_start: dt.date = strawberry.field(description="First day of issue covered.")
    period_end: dt.date = strawberry.field(description="Last day of issue covered.")
    created_at: dt.datetime = strawberry.field(description="Produced at.")
    certificate_count: int = strawberry.field(description="Certificates it declares.")
    format: str = strawberry.field(description="Generator that wrote it.")
    file_name: str = strawberry.field(description="File name to save it under.")
    document: str = strawberry.field(description="The file's content (XML).")
    certificate_numbers: list[str] = strawberry.field(
        description="Numbers of the certificates it declared."
    )
    transmission: Transmission = strawberry.field(description="Its transmission's state.")
    transmission_attempts: int = strawberry.field(description="Attempts to transmit it.")
    transmitted_at: dt.datetime | None = strawberry.field(description="Transmitted at.")
    transmission_error: str = strawberry.field(
        description="What the last failed attempt answered (empty once transmitted)."
    )

    @classmethod
    def from_model(
        cls, batch: DeclarationBatch, numbers: list[str] | None = None
    ) -> DeclarationBatchType:
        return cls(
            id=strawberry.ID(str(batch.id)),
            period_start=batch.period_start,
            period_end=batch.period_end,
            created_at=batch.created_at,
            certificate_count=batch.certificate_count,
            format=batch.format,
            file_name=batch.file_name,
            document=batch.document,
            transmission=batch.transmission,
            transmission_attempts=batch.attempts,
            transmitted_at=batch.transmitted_at,
            transmission_error=batch.last_error,
            certificate_numbers=list(numbers or []),
        )


@strawberry.type(description="A certificate left out of a batch: the fields it lacks.")
class IncompleteDeclaration:
    certificate_id: strawberry.ID = strawberry.field(description="The certificate.")
    number: str = strawberry.field(description="Its number.")
    organisation_name: str = strawberry.field(description="Evaluator organisation.")
    missing: list[str] = strawberry.field(description="Missing fields (API names).")
    missing_labels: list[str] = strawberry.field(description="The same, in French.")

    @classmethod
    def of(cls, item: Incomplete) -> IncompleteDeclaration:
        return cls(
            certificate_id=strawberry.ID(str(item.certificate_id)),
            number=item.number,
            organisation_name=item.organisation_name,
            missing=list(item.missing),
            missing_labels=[REQUIRED_FIELDS[name] for name in item.missing],
        )


@strawberry.type(description="A certificate not declared yet, and its deadline.")
class PendingDeclaration:
    certificate_id: strawberry.ID = strawberry.field(description="The certificate.")
    number: str = strawberry.field(description="Its number.")
    organisation_name: str = strawberry.field(description="Evaluator organisation.")
    issued_on: dt.date = strawberry.field(description="Day of issue.")
    deadline: dt.date = strawberry.field(description="Last day to declare it (3 months).")
    approaching: bool = strawberry.field(description="Within 30 days of the deadline.")
    overdue: bool = strawberry.field(description="Past the deadline.")

    @classmethod
    def of(cls, item: Pending) -> PendingDeclaration:
        return cls(
            certificate_id=strawberry.ID(str(item.certificate_id)),
            number=item.number,
            organisation_name=item.organisation_name,
            issued_on=item.issued_on,
            deadline=item.deadline,
            approaching=item.approaching,
            overdue=item.overdue,
        )


@strawberry.type(description="Result of producing a declaration batch.")
class CreateDeclarationBatchPayload:
    error_type: ClassVar[type[DeclarationProblem]] = DeclarationProblem
    batch: DeclarationBatchType | None = strawberry.field(
        default=None, description="The batch (null when nothing was ready to declare)."
    )
    incomplete: list[IncompleteDeclaration] = strawberry.field(
        default_factory=list, description="Certificates left out, with the fields they lack."
    )
    errors: list[DeclarationProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )
