"""Errors meant for operators and plugin authors: a French message and what to do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class CleaError(Exception):
    """Base of the platform's own errors; ``str()`` is the user-facing French message."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if self.hint is None else f"{self.message}\n{self.hint}"


class ConfigurationError(CleaError):
    """The environment does not describe a runnable platform."""


class DatabaseUnavailableError(CleaError):
    """The configured database cannot be reached."""


class DatabaseRoleError(ConfigurationError):
    """A database role could lift tenant isolation, or cannot be set up as required."""


class PluginError(CleaError):
    """A certification plugin is broken or inconsistent."""


class DomainError(CleaError):
    """A problem the user can fix; the API returns it as ``{code, field, message}``.

    ``code`` is a member of the context's error-code enum; ``field`` names the input
    field at fault (camelCase, as in the GraphQL input) or is None.
    """

    def __init__(self, code: Any, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


class InvalidFormError(CleaError):
    """Several problems found at once (a form with several wrong fields)."""

    def __init__(self, errors: Sequence[DomainError]) -> None:
        super().__init__("; ".join(error.message for error in errors))
        self.errors = list(errors)


class AccessDeniedError(CleaError):
    """The actor may not do or see this; the API answers ``FORBIDDEN``.

    Raised by the domain's access rules (:mod:`clea_platform.tenants.permissions`) and
    accessors; the GraphQL layer and the HTTP routes translate it, they never decide.
    """

    def __init__(
        self, message: str = "Accès refusé : votre rôle ne permet pas cette action."
    ) -> None:
        super().__init__(message)


class NotAuthenticatedError(CleaError):
    """Nobody is signed in where someone must be; the API answers ``UNAUTHENTICATED``."""

    def __init__(self, message: str = "Authentification requise : connectez-vous.") -> None:
        super().__init__(message)
