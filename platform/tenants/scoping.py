"""Tenant isolation, layers 1 and 2: ORM filtering and PostgreSQL row-level security.

Every tenant-owned model inherits :class:`TenantScoped`: ``organisation_id`` leads its
primary key (layer 3, composite keys, follows from it). Importing this module installs
two session hooks:

* every ORM SELECT, UPDATE and DELETE is filtered to the current tenant (no tenant,
  no rows), unless a :func:`~clea_platform.tenants.context.cross_tenant` scope is open;
* on PostgreSQL each transaction starts with ``set_config('app.organisation_id', …,
  true)`` (and ``app.user_id``, ``app.cross_tenant``), which the row-level security
  policies read.
"""

from __future__ import annotations

import contextlib
import functools
import uuid
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import ColumnElement, ForeignKey, event, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    SessionTransaction,
    mapped_column,
    with_loader_criteria,
)

from clea_platform.db.base import new_id
from clea_platform.tenants.context import cross_tenant, current_actor, current_cross_tenant_scope


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


# The settings last sent to the open transaction, kept in ``session.info``.
RLS_APPLIED = "clea_rls_applied"

SET_RLS_SETTINGS = (
    "SELECT set_config('app.organisation_id', :organisation_id, true),"
    " set_config('app.user_id', :user_id, true),"
    " set_config('app.cross_tenant', :cross_tenant, true)"
)
_SET_RLS_STATEMENT = text(SET_RLS_SETTINGS)  # built once: sent with every transaction


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
    session: Session, transaction: SessionTransaction, connection: Any
) -> None:
    if connection.dialect.name != "postgresql":
        return
    parameters = _rls_parameters()
    connection.execute(_SET_RLS_STATEMENT, parameters)
    session.info[RLS_APPLIED] = parameters


@event.listens_for(Session, "after_transaction_end")
def _forget_applied_settings(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(RLS_APPLIED, None)


def _rls_parameters() -> dict[str, str]:
    actor = current_actor()
    return {
        "organisation_id": str(actor.organisation_id or ""),
        "user_id": str(actor.user_id or ""),
        "cross_tenant": "on" if current_cross_tenant_scope() else "off",
    }


async def _refresh_rls_settings(session: AsyncSession) -> None:
    if session.in_transaction() and session.get_bind().dialect.name == "postgresql":
        parameters = _rls_parameters()
        if session.info.get(RLS_APPLIED) == parameters:
            return  # already the transaction's settings
        # Recorded first: a session that follows its caller's tenant before each
        # statement would otherwise send the same settings twice.
        session.info[RLS_APPLIED] = parameters
        await session.execute(_SET_RLS_STATEMENT, parameters)


def rls_statement_if_stale(session: Session) -> tuple[str, dict[str, str]] | None:
    """The ``set_config`` to send before a statement run under another task's context.

    Sibling GraphQL resolvers share one transaction; each must run with its own actor
    and scope, so the settings follow the task that issues each statement.
    """
    applied = session.info.get(RLS_APPLIED)
    if applied is None:
        return None  # not in a transaction yet: after_begin will apply them
    wanted = _rls_parameters()
    if wanted == applied:
        return None
    session.info[RLS_APPLIED] = wanted
    return SET_RLS_SETTINGS, wanted


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
