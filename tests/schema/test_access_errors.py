"""A refusal decided in the domain leaves the API as FORBIDDEN / UNAUTHENTICATED."""

from __future__ import annotations

import strawberry

from clea_platform.core.errors import AccessDeniedError, NotAuthenticatedError
from clea_platform.schema.errors import MaskUnexpectedErrors


@strawberry.type
class Query:
    @strawberry.field
    def refused(self) -> str:
        raise AccessDeniedError("Accès refusé : ce dossier n'est pas à votre jury.")

    @strawberry.field
    def anonymous(self) -> str:
        raise NotAuthenticatedError()

    @strawberry.field
    def broken(self) -> str:
        raise RuntimeError("secret detail")


schema = strawberry.Schema(query=Query, extensions=[MaskUnexpectedErrors])


def test_an_access_denied_raised_by_a_service_is_forbidden_with_its_french_message() -> None:
    result = schema.execute_sync("{ refused }")
    assert result.errors is not None
    (error,) = result.errors
    assert error.extensions == {"code": "FORBIDDEN"}
    assert error.message == "Accès refusé : ce dossier n'est pas à votre jury."


def test_a_missing_sign_in_raised_by_a_service_is_unauthenticated() -> None:
    result = schema.execute_sync("{ anonymous }")
    assert result.errors is not None
    assert result.errors[0].extensions == {"code": "UNAUTHENTICATED"}
    assert "connectez-vous" in result.errors[0].message


def test_anything_else_stays_masked_behind_a_reference() -> None:
    result = schema.execute_sync("{ broken }")
    assert result.errors is not None
    assert result.errors[0].extensions is not None
    assert result.errors[0].extensions["code"] == "INTERNAL_ERROR"
    assert "secret detail" not in result.errors[0].message
