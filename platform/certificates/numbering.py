"""Gap-free certificate numbers per certification and year, safe under concurrent issuers.

The counter row is created if missing (``INSERT … ON CONFLICT DO NOTHING``), then
incremented with ``UPDATE … RETURNING`` in the issuing transaction. On PostgreSQL the
update takes the row's lock until commit, so concurrent issuers queue on it and each reads
the value the previous one committed; on SQLite the first write locks the whole database.
A transaction (or savepoint) that fails gives its number back with its rollback: numbers
have neither duplicates nor gaps.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.certificates.models import CertificateCounter


async def next_sequence(session: AsyncSession, certification_code: str, year: int) -> int:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await session.execute(
        insert(CertificateCounter)
        .values(certification_code=certification_code, year=year, last_value=0)
        .on_conflict_do_nothing()
    )
    value = await session.scalar(
        update(CertificateCounter)
        .where(
            CertificateCounter.certification_code == certification_code,
            CertificateCounter.year == year,
        )
        .values(last_value=CertificateCounter.last_value + 1)
        .returning(CertificateCounter.last_value)
        .execution_options(synchronize_session=False)
    )
    assert value is not None
    return int(value)
