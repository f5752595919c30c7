"""Open data: the national statistics as public CSV tables (no sign-in).

Two tables, per calendar year of opening and per certification, over every organisation
(inside the public cross-tenant scope :data:`OPEN_DATA_SCOPE`):

- the funnel (:func:`funnel_rows`): the statistics context's own query, not masked, as
  on the screens (it counts dossiers per step, no personal attribute);
- four breakdowns (:func:`breakdown_rows`): région of the site, status at registration,
  age band and sex, each masked by :func:`service.mask_breakdown` (the same primary and
  secondary suppression as every breakdown), one table per year and certification.

No organisation-level figure is published: no organisation, network or département
breakdown, and the filter never names an organisation. Totals across certifications
are not published either: with them, one certification's hidden cells could be derived
from the other's. These reads are not audited, like the public directory's: they are
anonymous and return masked aggregates only (the audited reads are those people make).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.core.errors import DomainError, InvalidFormError
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.statistics import queries
from clea_platform.statistics.errors import StatisticsError, StatisticsErrorCode
from clea_platform.statistics.export import MASKED
from clea_platform.statistics.filters import (
    Dimension,
    StatisticsFilter,
    check_filter,
)
from clea_platform.statistics.service import mask_breakdown
from clea_platform.tenants.scoping import cross_tenant_reads

#: The public scope of the national open data (masked aggregates, every organisation).
OPEN_DATA_SCOPE = "public:national_statistics"
#: The first year that may be asked for.
FIRST_YEAR = 2000
#: The breakdowns published, in this order.
DIMENSIONS = (
    Dimension.REGION,
    Dimension.STATUS_AT_REGISTRATION,
    Dimension.AGE_BAND,
    Dimension.SEX,
)
#: Each step of the funnel, with its French column title.
FUNNEL_COLUMNS: Mapping[str, str] = {
    "opened": "Dossiers ouverts",
    "initial_completed": "Évaluations préalables réalisées",
    "direct_to_jury": "Orientés directement vers le jury",
    "to_training": "Orientés vers une formation",
    "final_completed": "Évaluations finales réalisées",
    "submitted": "Présentés au jury",
    "certified": "Certifiés",
    "not_certified": "Non certifiés",
    "abandoned": "Abandons",
    "expired": "Dossiers expirés",
}
FUNNEL_HEADER = (
    "Année",
    "Certification",
    *FUNNEL_COLUMNS.values(),
    "Taux de certification (%)",
    "Taux de réussite au jury (%)",
)
BREAKDOWN_HEADER = (
    "Année",
    "Certification",
    "Répartition",
    "Code",
    "Catégorie",
    "Dossiers ouverts",
    "Certifiés",
)
#: The query parameters the tables accept (anything else is refused).
PARAMETERS = ("du", "au", "certification")


@dataclass(frozen=True, slots=True)
class OpenDataRequest:
    """Dossiers opened from 1 January ``first_year`` to 31 December ``last_year``."""

    first_year: int
    last_year: int
    certification_code: str | None = None

    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


def _problem(message: str, field: str) -> StatisticsError:
    return StatisticsError(StatisticsErrorCode.INVALID_INPUT, message, field=field)


def parse_request(
    params: Mapping[str, str], registry: CertificationRegistry, *, today: dt.date
) -> OpenDataRequest:
    """The years and certification asked for, or :class:`InvalidFormError` listing every
    problem in French. ``du`` and ``au`` are years (default: this year)."""
    problems: list[DomainError] = []
    unknown = sorted(name for name in params if name not in PARAMETERS)
    if unknown:
        problems.append(
            _problem(
                f"Paramètre inconnu : {', '.join(unknown)[:100]}. Paramètres acceptés : du et au "
                "(années, par exemple du=2024&au=2026) et certification.",
                unknown[0],
            )
        )
    years: list[int] = []
    for name in ("du", "au"):
        text = params.get(name) or str(today.year)
        if not (text.isascii() and text.isdigit() and len(text) == 4):
            problems.append(
                _problem(
                    f"Année invalide pour {name} : « {text[:20]} ». Indiquez une année sur "
                    "quatre chiffres (par exemple 2026).",
                    name,
                )
            )
        elif not FIRST_YEAR <= int(text) <= today.year:
            problems.append(
                _problem(
                    f"Année hors limites pour {name} : {text}. Choisissez une année de "
                    f"{FIRST_YEAR} à {today.year}.",
                    name,
                )
            )
        else:
            years.append(int(text))
    code = params.get("certification") or None
    # The statistics context's own checks: order, length (10 years), certification.
    first, last = years if len(years) == 2 else (today.year, today.year)
    try:
        check_filter(_filter(first, last, code), registry)
    except InvalidFormError as refusal:
        problems.extend(refusal.errors)
    if problems:
        raise InvalidFormError(problems)
    return OpenDataRequest(years[0], years[1], code)


def _filter(first_year: int, last_year: int, code: str | None) -> StatisticsFilter:
    return StatisticsFilter(
        opened_from=dt.date(first_year, 1, 1),
        opened_to=dt.date(last_year, 12, 31),
        certification_code=code,
    )


def _rate(part: int, whole: int) -> str:
    return "" if not whole else f"{100 * part / whole:.1f}".replace(".", ",")


def _text(value: int | None) -> str:
    return MASKED if value is None else str(value)


async def funnel_rows(session: AsyncSession, request: OpenDataRequest) -> AsyncIterator[list[str]]:
    """The header, then one row per year and certification that has dossiers."""
    yield list(FUNNEL_HEADER)
    dialect = session.get_bind().dialect.name
    for year in request.years():
        chosen = _filter(year, year, request.certification_code)
        async with cross_tenant_reads(session, OPEN_DATA_SCOPE):
            found = await queries.funnel(session, chosen, dialect)
        for row in found:
            counts = row.counts
            yield [
                str(year),
                row.certification_code,
                *(str(counts[step]) for step in FUNNEL_COLUMNS),
                _rate(counts["certified"], counts["opened"]),
                _rate(counts["certified"], counts["submitted"]),
            ]


async def breakdown_rows(
    session: AsyncSession, registry: CertificationRegistry, request: OpenDataRequest
) -> AsyncIterator[list[str]]:
    """The header, then per year and certification each breakdown, masked, and its total."""
    yield list(BREAKDOWN_HEADER)
    dialect = session.get_bind().dialect.name
    codes = [request.certification_code] if request.certification_code else registry.codes()
    for year in request.years():
        for code in codes:
            chosen = _filter(year, year, code)
            async with cross_tenant_reads(session, OPEN_DATA_SCOPE):
                found = await queries.breakdowns(session, chosen, dialect, DIMENSIONS)
            if not any(found[dimension] for dimension in DIMENSIONS):
                continue
            for dimension in DIMENSIONS:
                table = mask_breakdown(dimension, found[dimension])
                for cell in table.rows:
                    yield [
                        str(year), code, table.title, cell.key or "", cell.label,
                        _text(cell.opened), _text(cell.certified),
                    ]  # fmt: skip
                yield [
                    str(year), code, table.title, "", "Total",
                    _text(table.total_opened), _text(table.total_certified),
                ]  # fmt: skip
