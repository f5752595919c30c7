"""The database file store's table (platform data: no tenant, no RLS).

Who may read a file is decided by the tenant-owned row that names it (an application's
document, under RLS); the runtime role reads this table only by a key it got from there.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base


class StoredFile(Base):
    __tablename__ = "stored_file"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    # bytea, read and written whole in the request's transaction: no large-object handle
    # outlives a statement, so it works through PgBouncer's transaction pooling.
    content: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int]
    stored_at: Mapped[dt.datetime]
