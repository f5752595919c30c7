"""Tenant isolation, layers 1 and 2: ORM filtering and PostgreSQL row-level security.

Every tenant-owned model inherits :class:`TenantScoped`: ``organisation_id`` leads its
primary key (layer 3, composite keys, follows from it). Importing this module installs
two session hooks:

* every ORM SELECT, UPDATE and DELETE is filtered to the current tenant (no tenant,
  no rows), unless a :func:`~clea_platform.tenants.context.cross_tenant` scope is open;
* on PostgreSQL each transaction starts by sending its context (tenant, user,
  cross-tenant scope, credential scope) signed for that transaction
  (:mod:`clea_platform.db.context_signature`); the row-level security policies and
  the credential functions believe nothing else.
"""

from __future__ import annotations

import contextlib
import functools
import uuid
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import ColumnElement, Connection, ForeignKey, Select, event, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    SessionTransaction,
    mapped_column,
    with_loader_criteria,
)

from clea_platform.db.base import new_id
from clea_platform.db.context_signature import (
    BINDING_QUERY,
    SET_CONTEXT,
    RowSecurityContext,
    signed_parameters,
)
from clea_platform.tenants.context import (
    credential_scope,
    cross_tenant,
    current_actor,
    current_credential_scope,
    current_cross_tenant_scope,
)


class TenantScoped:
    """Mixin for tenant-owned tables: ``(organisation_id, id)`` is the primary key.

    Each mapped subclass registers itself when its class is created (see
    :func:`tenant_models`): the tenant filter knows every tenant-owned model without
    this module importing the models of the other contexts.
    """

    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisation.id"), primary_key=True, sort_order=-100
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id, sort_order=-99)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # The declarative base maps the class during this call (whatever the order of the
        # bases): once it returns, a mapped class has its ``__mapper__``.
        super().__init_subclass__(**kwargs)
        if getattr(cls, "__mapper__", None) is not None:
            _register_tenant_model(cls)

    @classmethod
    def tenant_criteria(
        cls, organisation_id: uuid.UUID | None, user_id: uuid.UUID | None
    ) -> ColumnElement[bool]:
        """Rows visible to a request; a model may widen it (see ``Membership``)."""
        return cls.organisation_id == organisation_id


# The context last sent to the open transaction, and what signs it, in ``session.info``.
RLS_APPLIED = "clea_rls_applied"
RLS_SIGNER = "clea_rls_signer"
#: In a connection's ``info``: the context-signing key (``create_engine_for`` puts it
#: there). A connection without it (a superuser's, in tests) is sent no context.
CONTEXT_KEY = "clea_context_key"

# Built once: sent with every transaction.
_BINDING_STATEMENT = text(BINDING_QUERY)
_SET_CONTEXT_STATEMENT = text(SET_CONTEXT)


@event.listens_for(Session, "do_orm_execute")
def _filter_to_current_tenant(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if current_cross_tenant_scope() is not None:
        return
    actor = current_actor()
    state.statement = state.statement.options(
        *_tenant_options(actor.organisation_id, actor.user_id)
    )


@functools.lru_cache(maxsize=1024)
def _tenant_options(
    organisation_id: uuid.UUID | None, user_id: uuid.UUID | None
) -> tuple[Any, ...]:
    """The criteria of every tenant-owned class for one actor, built once per actor.

    One plain criterion per tenant-owned class rather than a lambda on the mixin: the
    values then travel as ordinary bound parameters of the cached statement. Building
    them for each of the dozens of classes cost more than the statement itself.
    """
    return tuple(
        with_loader_criteria(
            model, model.tenant_criteria(organisation_id, user_id), include_aliases=True
        )
        for model in tenant_models()
    )


_TENANT_MODELS: set[type[TenantScoped]] = set()


def _register_tenant_model(model: type[TenantScoped]) -> None:
    _TENANT_MODELS.add(model)
    # Criteria built before this model existed would not filter it: build them again.
    _tenant_options.cache_clear()


def tenant_models() -> list[type[TenantScoped]]:
    """Every tenant-owned model defined so far, by name.

    A model registers when its class is created, so the filter covers every model a
    statement can name. ``clea_platform.db.models`` imports all of them: import it first
    to list the platform's complete set (the isolation tests do).
    """
    return sorted(_TENANT_MODELS, key=lambda model: model.__name__)


@event.listens_for(Session, "after_begin")
def _set_tenant_for_row_level_security(
    session: Session, transaction: SessionTransaction, connection: Connection
) -> None:
    if connection.dialect.name != "postgresql":
        return
    context = _current_context()
    signer = _apply_context(connection, context)
    if signer is not None:
        session.info[RLS_SIGNER] = signer
        session.info[RLS_APPLIED] = context


@event.listens_for(Session, "after_transaction_end")
def _forget_applied_settings(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(RLS_APPLIED, None)
        session.info.pop(RLS_SIGNER, None)


def _apply_context(connection: Connection, context: RowSecurityContext) -> tuple[bytes, str] | None:
    """Read the transaction's binding, then send ``context`` signed for it.

    Returns the key and binding that sign this transaction's later contexts.
    """
    key: bytes | None = connection.info.get(CONTEXT_KEY)
    if key is None:
        return None
    binding: str = connection.execute(_BINDING_STATEMENT).scalar_one()
    connection.execute(_SET_CONTEXT_STATEMENT, signed_parameters(key, binding, context.value()))
    return key, binding


def _current_context() -> RowSecurityContext:
    actor = current_actor()
    return RowSecurityContext(
        organisation_id=actor.organisation_id,
        user_id=actor.user_id,
        cross_tenant=current_cross_tenant_scope() is not None,
        credentials=current_credential_scope() is not None,
    )


def _stale_context(session: Session) -> dict[str, str] | None:
    """The signed parameters of the current context if the transaction has another one.

    Recorded as applied at once: a session that follows its caller's tenant before each
    statement would otherwise send the same context twice.
    """
    signer: tuple[bytes, str] | None = session.info.get(RLS_SIGNER)
    if signer is None:
        return None  # not in a transaction yet (after_begin will apply it), or SQLite
    wanted = _current_context()
    if session.info.get(RLS_APPLIED) == wanted:
        return None
    session.info[RLS_APPLIED] = wanted
    return signed_parameters(*signer, wanted.value())


async def _refresh_rls_settings(session: AsyncSession) -> None:
    parameters = _stale_context(session.sync_session)
    if parameters is not None:
        await session.execute(_SET_CONTEXT_STATEMENT, parameters)


def rls_statement_if_stale(session: Session) -> tuple[str, dict[str, str]] | None:
    """The context to send before a statement run under another task's context.

    Sibling GraphQL resolvers share one transaction; each must run with its own actor
    and scope, so the context follows the task that issues each statement.
    """
    parameters = _stale_context(session)
    return None if parameters is None else (SET_CONTEXT, parameters)


async def apply_row_security_context(
    connection: AsyncConnection, context: RowSecurityContext
) -> None:
    """Send ``context``, signed, on a raw connection of an application engine.

    For work that runs SQL without a session (bulk loads, tests); the context lasts
    until the end of the connection's current transaction.
    """
    await connection.run_sync(_apply_context, context)


@contextlib.asynccontextmanager
async def cross_tenant_reads(session: AsyncSession, scope: str) -> AsyncIterator[None]:
    """A named cross-tenant scope, also applied to the session's current transaction.

    Callers record an audit event for every use (see ``audit.service``).
    """
    with cross_tenant(scope):
        await _refresh_rls_settings(session)
        yield
    await _refresh_rls_settings(session)


async def refresh_tenant(session: AsyncSession) -> None:
    """Re-apply the current actor's tenant to an open transaction (after switching)."""
    await _refresh_rls_settings(session)


@contextlib.asynccontextmanager
async def credential_reads(session: AsyncSession, purpose: str) -> AsyncIterator[None]:
    """A credential scope, also applied to the session's current transaction."""
    with credential_scope(purpose):
        await _refresh_rls_settings(session)
        yield
    await _refresh_rls_settings(session)


async def read_credential(
    session: AsyncSession, purpose: str, plain: Select[Any], function: str, *arguments: Any
) -> str | None:
    """One stored credential (a password hash, a key…), read the way the database allows.

    The ORM never loads a credential column (they are deferred and raise); the code
    that needs one asks here. On SQLite, ``plain`` (a select of the column) is run; on
    PostgreSQL, where the runtime role may not select the column, the owner's function
    ``clea_rls.<function>(*arguments)`` returns it inside a signed credential scope.
    """
    if session.get_bind().dialect.name != "postgresql":
        stored: str | None = await session.scalar(plain)
        return stored
    async with credential_reads(session, purpose):
        result: str | None = await session.scalar(
            select(getattr(func.clea_rls, function)(*arguments))
        )
    return result
