"""Payload error types of the pathway: one per context, each with its code enum."""

from __future__ import annotations

import enum
from typing import TypeVar

import strawberry

from clea_platform.core.errors import DomainError
from clea_platform.schema.pathway.enums import (
    CandidateErrorCode,
    DossierErrorCode,
    EvaluationErrorCode,
    TrainingErrorCode,
)

E = TypeVar("E", bound=enum.Enum)


def coerce_code(enum_class: type[E], code: object) -> E:
    """A code of another context, expressed in this context's enum (same name, else state)."""
    if isinstance(code, enum_class):
        return code
    name = getattr(code, "name", "")
    if name in enum_class.__members__:
        return enum_class[name]
    return enum_class["INVALID_STATE"]


@strawberry.type(description="A problem with a candidate's data, next to its field.")
class CandidateError:
    code: CandidateErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")

    @classmethod
    def from_domain(cls, error: DomainError) -> CandidateError:
        return cls(
            code=coerce_code(CandidateErrorCode, error.code),
            field=error.field,
            message=error.message,
        )


@strawberry.type(description="Why a dossier change was refused.")
class DossierError:
    code: DossierErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")

    @classmethod
    def from_domain(cls, error: DomainError) -> DossierError:
        return cls(
            code=coerce_code(DossierErrorCode, error.code), field=error.field, message=error.message
        )


@strawberry.type(
    description="Why an evaluation change was refused; `items` lists the items at fault."
)
class EvaluationError:
    code: EvaluationErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")
    items: list[str] = strawberry.field(
        description="Item codes concerned (unknown, not targeted, changed by someone else…)."
    )

    @classmethod
    def from_domain(cls, error: DomainError) -> EvaluationError:
        return cls(
            code=coerce_code(EvaluationErrorCode, error.code),
            field=error.field,
            message=error.message,
            items=list(getattr(error, "items", [])),
        )


@strawberry.type(description="Why a training plan change was refused.")
class TrainingError:
    code: TrainingErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")

    @classmethod
    def from_domain(cls, error: DomainError) -> TrainingError:
        return cls(
            code=coerce_code(TrainingErrorCode, error.code),
            field=error.field,
            message=error.message,
        )
