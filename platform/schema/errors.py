"""How errors leave the API.

Unexpected errors are masked: the client gets a reference, the log gets the details.
Refusals decided by the domain (:class:`~clea_platform.core.errors.AccessDeniedError`,
:class:`~clea_platform.core.errors.NotAuthenticatedError`) keep their French message and get
their ``extensions.code`` (``FORBIDDEN``, ``UNAUTHENTICATED``) here, in one place.
"""

from __future__ import annotations

import logging
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


class FromDomainError:
    """Mixin of the payload error types whose ``code`` is the context's own enum.

    Each context declares its error type (``code``, ``field``, ``message``) with its code
    enum; this builds one from the :class:`~clea_platform.core.errors.DomainError` raised.
    """

    @classmethod
    def from_domain(cls, error: DomainError) -> Self:
        build: Any = cls
        built: Self = build(code=error.code, field=error.field, message=error.message)
        return built


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
