"""How errors leave the API.

Unexpected errors are masked: the client gets a reference, the log gets the details.
Refusals decided by the domain (:class:`~clea_platform.core.errors.AccessDeniedError`,
:class:`~clea_platform.core.errors.NotAuthenticatedError`) keep their French message and get
their ``extensions.code`` (``FORBIDDEN``, ``UNAUTHENTICATED``) here, in one place.
"""

from __future__ import annotations

import enum
import logging
import typing
import uuid
from typing import Any, Self

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from clea_platform.core.errors import (
    AccessDeniedError,
    CleaError,
    DomainError,
    NotAuthenticatedError,
)

logger = logging.getLogger("clea_platform.errors")


def is_unexpected(error: GraphQLError) -> bool:
    """Errors raised on purpose (GraphQL, permission, platform errors) keep their message."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError | CleaError)


ACCESS_CODES: dict[type[BaseException], str] = {
    AccessDeniedError: "FORBIDDEN",
    NotAuthenticatedError: "UNAUTHENTICATED",
}


class MaskUnexpectedErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [_with_access_code(error) for error in super()._process_errors(errors)]

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        reference = uuid.uuid4().hex[:12]
        logger.error(
            "unexpected error %s at %s",
            reference,
            error.path,
            exc_info=error.original_error,
        )
        return GraphQLError(
            message=(
                f"Erreur interne inattendue (référence {reference}). Réessayez ; si elle se "
                "reproduit, contactez le support en citant cette référence."
            ),
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None,
            extensions={"code": "INTERNAL_ERROR", "reference": reference},
        )


class UnknownProblemCodeError(TypeError):
    """A domain error whose code the payload's problem type does not know: a bug.

    A mutation must surface only codes of its payload's enum (the service raises its own
    context's error); anything else fails loudly, never silently remapped.
    """


class FromDomainError:
    """Mixin of the payload problem types (``…Problem``): the one error-payload factory.

    Each context declares its problem type (``code``, ``field``, ``message``, and any
    other field the domain error carries as an attribute of the same name, e.g. ``items``)
    with its code enum; this builds one from the
    :class:`~clea_platform.core.errors.DomainError` raised. A code of another enum raises
    :class:`UnknownProblemCodeError`.
    """

    @classmethod
    def from_domain(cls, error: DomainError) -> Self:
        code_enum, extra_fields = _problem_shape(cls)
        if not isinstance(error.code, code_enum):
            raise UnknownProblemCodeError(
                f"{cls.__name__} cannot carry {error.code!r} ({type(error).__name__}: "
                f"{error.message}): its code is a {code_enum.__name__}."
            )
        # An error raised before the context's own (the input bounds) lacks the extra
        # attributes: the problem type's defaults apply.
        extras = {name: getattr(error, name) for name in extra_fields if hasattr(error, name)}
        build: Any = cls
        built: Self = build(code=error.code, field=error.field, message=error.message, **extras)
        return built


_SHAPES: dict[type, tuple[type[enum.Enum], tuple[str, ...]]] = {}


def _problem_shape(problem_type: type) -> tuple[type[enum.Enum], tuple[str, ...]]:
    """The code enum of a problem type, and its fields beyond ``code, field, message``."""
    if problem_type not in _SHAPES:
        hints = typing.get_type_hints(problem_type)
        code_enum = hints["code"]
        if not (isinstance(code_enum, type) and issubclass(code_enum, enum.Enum)):
            raise TypeError(f"{problem_type.__name__}.code must be an enum, not {code_enum!r}")
        extras = tuple(name for name in hints if name not in ("code", "field", "message"))
        _SHAPES[problem_type] = (code_enum, extras)
    return _SHAPES[problem_type]


def _with_access_code(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    code = ACCESS_CODES.get(type(original)) if original is not None else None
    if code is None or (error.extensions or {}).get("code"):
        return error
    return GraphQLError(
        message=error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=original,
        extensions={**(error.extensions or {}), "code": code},
    )
