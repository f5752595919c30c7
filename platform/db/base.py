"""The declarative base every model inherits, and the column types shared by all contexts."""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, Dialect, MetaData, TypeDecorator, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Explicit constraint names: Alembic needs them to alter or drop constraints, and
# SQLite and PostgreSQL must end up with the same names from one migration history.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonDocument = JSON().with_variant(JSONB(), "postgresql")


def new_id() -> uuid.UUID:
    """A time-ordered UUID (version 7 layout): unguessable yet index-friendly."""
    unix_ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (unix_ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version 7
    value |= ((rand >> 64) & 0x0FFF) << 64
    value |= 0b10 << 62  # RFC 4122 variant
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class AwareDateTime(TypeDecorator[dt.datetime]):
    """A ``TIMESTAMP WITH TIME ZONE`` read back aware (UTC) on every database.

    PostgreSQL returns aware datetimes; SQLite keeps no zone and returns naive ones, which
    ``isoformat()`` then prints without an offset. This type stores UTC and reads UTC, so
    what the API prints carries its zone on both (the column is ``DateTime(timezone=True)``
    as before: no migration).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None and dialect.name == "sqlite":
            return value.astimezone(dt.UTC)
        return value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value


class Base(DeclarativeBase):
    """Base of all models; one metadata for the whole platform."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        uuid.UUID: Uuid(),
        # Every moment is read back aware (UTC) on SQLite as on PostgreSQL.
        dt.datetime: AwareDateTime(),
        dict[str, Any]: JsonDocument,
        list[str]: JsonDocument,
    }


class CreatedAtMixin:
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


#: ``Column.info`` key of the columns that hold a credential (see :func:`credential_column`).
CREDENTIAL = "credential"


def credential_column(type_: Any, **kwargs: Any) -> Any:
    """A column holding a credential (password hash, key…), which the ORM never loads.

    Reading it raises instead of querying; the code that needs it calls
    :func:`clea_platform.tenants.scoping.read_credential`. On PostgreSQL the runtime
    role may not select it at all (``clea db upgrade`` grants every other column).
    """
    return mapped_column(
        type_, deferred=True, deferred_raiseload=True, info={CREDENTIAL: True}, **kwargs
    )
