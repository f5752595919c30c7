"""Why an evaluation change was refused (also the problems of a partial attestation)."""

from __future__ import annotations

import strawberry

from clea_platform.schema.errors import FromDomainError
from clea_platform.schema.evaluations.enums import EvaluationErrorCode


@strawberry.type(
    description="Why an evaluation change was refused; `items` lists the items at fault."
)
class EvaluationProblem(FromDomainError):  # noqa: N818 (a GraphQL type, not an exception)
    code: EvaluationErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")
    items: list[str] = strawberry.field(
        default_factory=list,
        description="Item codes concerned (unknown, not targeted, changed by someone else…).",
    )
