"""Errors meant for operators and plugin authors: a French message and what to do."""

from __future__ import annotations


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


class PluginError(CleaError):
    """A certification plugin is broken or inconsistent."""
