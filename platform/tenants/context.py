"""Who is acting, for which organisation: set once per request, read everywhere.

The actor flows one way: the authentication middleware resolves it and stores it in a
context variable; the tenant is never a GraphQL argument. Services and the database
layer read :func:`current_actor`. Reading across tenants is only possible inside
:func:`cross_tenant`, a named scope that the caller must audit; reading a stored
credential (a password hash…) only inside :func:`credential_scope`.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Actor:
    """The authenticated person or machine behind a request (or nobody)."""

    label: str = "anonyme"
    user_id: uuid.UUID | None = None
    email: str | None = None
    api_key_id: uuid.UUID | None = None
    session_id: uuid.UUID | None = None
    platform_roles: frozenset[str] = field(default_factory=frozenset)
    organisation_id: uuid.UUID | None = None
    organisation_active: bool = True
    # A pending organisation (applying for accreditation) may only work on its application.
    organisation_pending: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)
    ip_address: str = ""
    request_id: str = ""
    # A candidate signed in to their space (``candidate_space``): never a member of an
    # organisation, never authenticated as a professional.
    candidate_account_id: uuid.UUID | None = None
    candidate_person_id: uuid.UUID | None = None
    candidate_session_id: uuid.UUID | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None or self.api_key_id is not None

    @property
    def is_candidate(self) -> bool:
        return self.candidate_account_id is not None

    @property
    def is_platform_admin(self) -> bool:
        return "certifpro_admin" in self.platform_roles


ANONYMOUS = Actor()

_actor: ContextVar[Actor] = ContextVar("clea_actor", default=ANONYMOUS)
_cross_tenant_scope: ContextVar[str | None] = ContextVar("clea_cross_tenant", default=None)
_credential_scope: ContextVar[str | None] = ContextVar("clea_credentials", default=None)


def current_actor() -> Actor:
    return _actor.get()


def current_tenant() -> uuid.UUID | None:
    """The active organisation of the request, or None for platform-level work."""
    return _actor.get().organisation_id


def current_cross_tenant_scope() -> str | None:
    return _cross_tenant_scope.get()


def current_credential_scope() -> str | None:
    return _credential_scope.get()


@contextlib.contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Run the block as ``actor`` (the middleware, tests and commands use it)."""
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)


@contextlib.contextmanager
def cross_tenant(scope: str) -> Iterator[None]:
    """Lift tenant filtering for the block; ``scope`` names why (it is audited by callers).

    Row-level security on PostgreSQL honours the scope only for transactions begun
    inside the block, so open it before the first query of the unit of work.
    """
    token = _cross_tenant_scope.set(scope)
    try:
        yield
    finally:
        _cross_tenant_scope.reset(token)


@contextlib.contextmanager
def credential_scope(purpose: str) -> Iterator[None]:
    """Allow the block to read stored credentials; ``purpose`` names why.

    On PostgreSQL the runtime role cannot select a credential column: it calls the
    ``clea_rls`` function that returns it, which answers only inside this scope (see
    :func:`clea_platform.tenants.scoping.read_credential`). Tenant filtering is untouched.
    """
    token = _credential_scope.set(purpose)
    try:
        yield
    finally:
        _credential_scope.reset(token)
