"""Open data: the public directory of accredited evaluator organisations as CSV.

The same rows and columns as the public directory (``evaluatorDirectory``, published by
design: the accredited sites of active organisations, with the address and contact the
organisation published), read page after page with the directory's own search, so
nothing more leaves the platform than the directory page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations import directory
from clea_platform.core.pagination import MAX_PAGE_SIZE
from clea_platform.exchange.values import format_date
from clea_platform.plugins.registry import CertificationRegistry

DIRECTORY_HEADER = (
    "Organisme", "Établissement", "Adresse", "Code postal", "Commune", "Département",
    "Région", "Email", "Téléphone", "Certifications", "Habilité jusqu'au",
)  # fmt: skip


async def directory_rows(
    session: AsyncSession, registry: CertificationRegistry, today: dt.date
) -> AsyncIterator[list[str]]:
    """The header, then one row per accredited site, in the directory's order."""
    yield list(DIRECTORY_HEADER)
    after: str | None = None
    while True:
        page = await directory.search(
            session, directory.DirectoryFilter(), today=today, first=MAX_PAGE_SIZE, after=after
        )
        for entry in page.items:
            site = entry.site
            names = [
                registry.get(code).title.split(" — ")[0] if code in registry else code
                for code in entry.certification_codes
            ]
            yield [
                entry.organisation.name, site.name, site.address_line, site.postal_code,
                site.city, site.departement, site.region, site.contact_email,
                site.contact_phone, ", ".join(names), format_date(entry.valid_until),
            ]  # fmt: skip
        if not page.has_next_page or page.end_cursor is None:
            return
        after = page.end_cursor
