"""Plausible rows for any tenant-owned table, built from the table's own description.

The isolation fixture furnishes what it knows through the API (sites, invitations, API
keys, OIDC settings…). A tenant table it does not know yet still gets one row per
organisation from :func:`furnish`, so the database and ORM suites cover a new table the
day it is added. Foreign keys are honoured: tenant parents are the same organisation's
rows (composite keys), people are the organisation's admin, other references pick any
existing row.
"""

from __future__ import annotations

import datetime as dt
import enum
import secrets
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Integer,
    Interval,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    Time,
    TypeDecorator,
    Uuid,
    insert,
    select,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from clea_platform.db.context_signature import RowSecurityContext
from clea_platform.db.models import Base
from clea_platform.tenants.scoping import apply_row_security_context, tenant_models

TENANT_TABLES = [model.__table__.name for model in tenant_models()]  # type: ignore[attr-defined]
# Values that leave a row at rest: a pending webhook delivery would be taken up (and
# changed) by the outbox dispatcher while the fixture builds the other tenant.
AT_REST: dict[str, dict[str, Any]] = {"webhook_delivery": {"status": "delivered"}}


def tenant_tables_in_dependency_order() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name in TENANT_TABLES]


def _value_for(column: Column[Any]) -> Any:
    kind = column.type
    if isinstance(kind, TypeDecorator) and not isinstance(kind, JSON):
        kind = kind.impl  # e.g. AwareDateTime: a DateTime read back aware
    if isinstance(kind, Enum):
        if kind.enum_class is not None and issubclass(kind.enum_class, enum.Enum):
            return next(iter(kind.enum_class))
        return kind.enums[0]
    if isinstance(kind, String | Text):
        length = getattr(kind, "length", None) or 24
        return secrets.token_hex(12)[:length]
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Integer | Numeric):
        return 1
    if isinstance(kind, DateTime):
        return dt.datetime.now(dt.UTC)
    if isinstance(kind, Date):
        return dt.date(1990, 1, 1)
    if isinstance(kind, Time):
        return dt.time(9, 0)
    if isinstance(kind, Interval):
        return dt.timedelta(hours=1)
    if isinstance(kind, LargeBinary):
        return b"\x00"
    if isinstance(kind, Uuid):
        return uuid.uuid4()
    if isinstance(kind, JSON):
        return {}
    raise NotImplementedError(f"tests/isolation/rows.py: no value for {column} ({kind!r})")


async def _referenced(connection: AsyncConnection, target: Table, column: str) -> Any:
    """An existing row's key, or one of a platform table made for the purpose."""
    value = await connection.scalar(select(target.c[column]).limit(1))
    if value is None:
        values: dict[str, Any] = {}
        for foreign_key in target.foreign_key_constraints:
            for element in foreign_key.elements:
                if not element.parent.nullable:
                    values[element.parent.name] = await _referenced(
                        connection, foreign_key.referred_table, element.column.name
                    )
        for c in target.columns:
            if c.name in values or c.nullable or c.default is not None:
                continue
            if c.server_default is None:
                values[c.name] = _value_for(c)
        await connection.execute(insert(target).values(**values))
        value = await connection.scalar(select(target.c[column]).limit(1))
    return value


async def new_row(
    connection: AsyncConnection, table: Table, organisation_id: uuid.UUID, person: uuid.UUID
) -> dict[str, Any]:
    """Values for one row of ``table`` owned by ``organisation_id`` (parents must exist)."""
    row: dict[str, Any] = {"organisation_id": organisation_id, "id": uuid.uuid4()}
    for foreign_key in table.foreign_key_constraints:
        pairs = [(e.parent.name, e.column) for e in foreign_key.elements]
        target = foreign_key.referred_table
        if target.name == "organisation":
            continue
        if target.name == "user_account":
            row.update({local: person for local, _ in pairs})
        elif target.name in TENANT_TABLES:
            parent = (
                (
                    await connection.execute(
                        select(target).where(target.c.organisation_id == organisation_id).limit(1)
                    )
                )
                .mappings()
                .one()
            )
            row.update({local: parent[remote.name] for local, remote in pairs})
        else:
            for local, remote in pairs:
                row[local] = await _referenced(connection, target, remote.name)
    for column in table.columns:
        if column.name in row or column.nullable or column.default is not None:
            continue
        if column.server_default is not None:
            continue
        row[column.name] = _value_for(column)
    row.update(AT_REST.get(table.name, {}))
    return row


async def furnish(
    engine: AsyncEngine, organisation_id: uuid.UUID, person: uuid.UUID
) -> dict[str, dict[str, Any]]:
    """One row in every tenant table where ``organisation_id`` has none yet; the rows made."""
    made: dict[str, dict[str, Any]] = {}
    async with engine.connect() as connection:
        transaction = await connection.begin()
        if engine.dialect.name == "postgresql":
            # Written as the tenant itself: the policies' WITH CHECK accepts them as such.
            await apply_row_security_context(
                connection, RowSecurityContext(organisation_id=organisation_id, user_id=None)
            )
        for table in tenant_tables_in_dependency_order():
            exists = await connection.scalar(
                select(table.c.id).where(table.c.organisation_id == organisation_id).limit(1)
            )
            if exists is None:
                row = await new_row(connection, table, organisation_id, person)
                await connection.execute(insert(table).values(**row))
                made[table.name] = row
        await transaction.commit()
    return made
