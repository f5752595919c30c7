"""Raw SQL as the application's runtime role, for the row-level security tests.

Statements go through the app's own engine with a context signed the way the ORM hook
signs it, but bypass the ORM filter (layer 1) entirely.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import Table, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from clea_platform.db.base import CREDENTIAL
from clea_platform.db.context_signature import RowSecurityContext
from clea_platform.db.engine import create_sync_engine_for
from clea_platform.db.models import Base
from clea_platform.tenants.scoping import apply_row_security_context, tenant_models
from tests.databases import engine_under_test

postgresql_only = pytest.mark.skipif(
    engine_under_test() != "postgresql",
    reason="row-level security and database roles exist only on PostgreSQL",
)

TENANT_TABLES = [model.__table__.name for model in tenant_models()]  # type: ignore[attr-defined]
#: (table, column) of every credential column.
CREDENTIAL_COLUMNS = [
    (name, column.name)
    for name, t in sorted(Base.metadata.tables.items())
    for column in t.columns
    if column.info.get(CREDENTIAL)
]


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def signed(
    organisation_id: uuid.UUID | str | None,
    *,
    cross_tenant: bool = False,
    credentials: bool = False,
    user_id: uuid.UUID | None = None,
) -> RowSecurityContext:
    organisation = uuid.UUID(str(organisation_id)) if organisation_id else None
    return RowSecurityContext(
        organisation, user_id, cross_tenant=cross_tenant, credentials=credentials
    )


@contextlib.asynccontextmanager
async def as_app(
    engine: AsyncEngine,
    organisation_id: uuid.UUID | str | None,
    *,
    cross_tenant: bool = False,
    credentials: bool = False,
    set_tenant: bool = True,
) -> AsyncIterator[AsyncConnection]:
    """A transaction of the runtime role with the tenant set; always rolled back."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            if set_tenant and engine.dialect.name == "postgresql":
                context = signed(
                    organisation_id, cross_tenant=cross_tenant, credentials=credentials
                )
                await apply_row_security_context(connection, context)
            yield connection
        finally:
            await transaction.rollback()


async def count(connection: AsyncConnection, sql: str, **params: Any) -> int:
    return int((await connection.execute(text(sql), params)).scalar_one())


async def a_row(engine: AsyncEngine, name: str, a: uuid.UUID) -> dict[str, Any]:
    """One of ``a``'s rows, but its credential columns (the runtime role cannot read them)."""
    readable = [c for c in table(name).columns if not c.info.get(CREDENTIAL)]
    async with as_app(engine, None, cross_tenant=True) as connection:
        result = await connection.execute(
            select(*readable).where(table(name).c.organisation_id == a).limit(1)
        )
        return dict(result.mappings().one())


def catalogue(database_url: str, sql: str, **params: Any) -> list[Any]:
    """Rows of a query on the catalogue (or any table), on a connection of its own."""
    engine = create_sync_engine_for(database_url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(sql), params))
    finally:
        engine.dispose()
