"""CSV streamed for spreadsheets used in France: ``;``, CRLF, UTF-8 with a BOM."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

FLUSH_EVERY = 500


async def spreadsheet_csv(
    rows: AsyncIterator[Sequence[str]], session: AsyncSession
) -> AsyncIterator[bytes]:
    """The rows as bytes, a chunk every few hundred lines (memory stays flat); then the
    request's transaction is committed, so an export's audit event is saved with the read."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    yield "\ufeff".encode()
    count = 0
    async for row in rows:
        writer.writerow(row)
        count += 1
        if count % FLUSH_EVERY == 0:
            yield out.getvalue().encode()
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode()
    await session.commit()
