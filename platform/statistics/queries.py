"""The SQL of the statistics: one cohort of dossiers, aggregated by the database.

The cohort is the dossiers opened (created) in the period, with what happened to them
read from their timeline (``dossier_event``) and certificates: a dossier counts at a step
once it has reached it, whatever happened next. The steps are read from the per-dossier
summary the database keeps in the transaction of every write (``dossier_statistics``,
``summary.py``), not from the timelines at each request. Every statement runs on SQLite
and PostgreSQL; the few expressions that differ (durations in days, age at opening, the
funnel's percentiles) are chosen per dialect.
Tenant scoping applies as to any read: the caller decides the scope (``service.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CTE,
    Integer,
    Select,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.models import Candidate
from clea_platform.certificates.models import Certificate
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus as S
from clea_platform.evaluations.models import BillableEvent
from clea_platform.statistics.filters import Dimension, StatisticsFilter
from clea_platform.statistics.models import DossierStatistics
from clea_platform.statistics.summary import STEP_COLUMNS
from clea_platform.tenants.models import Organisation, Site

FUNNEL_STEPS = (
    "opened",
    "initial_completed",
    "direct_to_jury",
    "to_training",
    "final_completed",
    "submitted",
    "certified",
    "not_certified",
    "abandoned",
    "expired",
)
DURATIONS = ("opening_to_initial", "initial_to_jury", "opening_to_certificate")


@dataclass(frozen=True, slots=True)
class Duration:
    """Days between two steps, over the dossiers that reached both (nearest rank)."""

    dossiers: int
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True, slots=True)
class FunnelCounts:
    certification_code: str
    counts: dict[str, int]
    durations: dict[str, Duration]


def _bounds(chosen: StatisticsFilter) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(chosen.opened_from, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(chosen.opened_to + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    return start, end


def in_network(organisation_id: Any, chosen: StatisticsFilter) -> Any:
    """The rows of the organisations of the filter's national network."""
    return organisation_id.in_(
        select(Organisation.id).where(Organisation.network == chosen.network).scalar_subquery()
    )


def days_between(dialect: str, later: Any, earlier: Any) -> Any:
    """Days from ``earlier`` to ``later``, in floating point (``date_part`` returns a double
    on PostgreSQL, ``extract`` a numeric that is slower to sort)."""
    if dialect == "postgresql":
        return func.date_part("epoch", later - earlier) / 86400.0
    return func.julianday(later) - func.julianday(earlier)


def _age_at(dialect: str, moment: Any, birth_date: Any) -> Any:
    if dialect == "postgresql":
        return func.date_part("year", func.age(cast(moment, Candidate.birth_date.type), birth_date))
    year = cast(func.strftime("%Y", moment), Integer) - cast(
        func.strftime("%Y", birth_date), Integer
    )
    before_birthday = case(
        (func.strftime("%m-%d", moment) < func.strftime("%m-%d", birth_date), 1), else_=0
    )
    return year - before_birthday


def _age_band(age: Any) -> Any:
    return case(
        (age < 25, literal("under_25")),
        (age < 30, literal("25_29")),
        (age < 45, literal("30_44")),
        else_=literal("45_plus"),
    )


def _age_band_at(dialect: str, moment: Any, birth_date: Any) -> Any:
    """The age band at ``moment``. On PostgreSQL by comparing the birth date with the
    day ``N`` years earlier (younger than ``N`` ⇔ born after that day, as ``age()``
    counts, 29 February included): three date comparisons per row instead of ``age()``
    and ``date_part`` (the age band was the slowest breakdown at 100 000 dossiers)."""
    if dialect != "postgresql":
        return _age_band(_age_at(dialect, moment, birth_date))
    day = cast(moment, Candidate.birth_date.type)

    def younger_than(years: int) -> Any:
        return birth_date > day - literal_column(f"INTERVAL '{years} years'")

    return case(
        (younger_than(25), literal("under_25")),
        (younger_than(30), literal("25_29")),
        (younger_than(45), literal("30_44")),
        else_=literal("45_plus"),
    )


#: The cohort's columns and the tables they need beside the summary.
_NEEDS: dict[str, frozenset[str]] = {
    **{
        name: frozenset()
        for name in (
            "dossier_id",
            "organisation_id",
            "certification_code",
            "opened_at",
            "organisation_key",
            *STEP_COLUMNS,
        )
    },
    "site_id": frozenset(),
    "prescriber_type": frozenset(),
    "financing": frozenset(),
    "status": frozenset({"dossier"}),
    **{name: frozenset({"site"}) for name in ("region", "departement")},
    **{name: frozenset({"organisation"}) for name in ("organisation_name", "network")},
    **{
        name: frozenset({"candidate"})
        for name in (
            "status_at_registration",
            "sex",
            "education_level",
            "professional_sector",
            "age_band",
        )
    },
}


def cohort(chosen: StatisticsFilter, dialect: str, columns: Collection[str] | None = None) -> CTE:
    """The dossiers opened in the period, one row each, with their steps and attributes
    (``columns``, all of them by default).

    The steps come from the per-dossier summary the database keeps (``summary.py``): no
    timeline is read, and only the tables the asked columns and the filter need are joined
    (the summary copies the dossier's own columns: the dossiers are joined for their
    current status only).
    """
    start, end = _bounds(chosen)
    wanted = list(_NEEDS) if columns is None else list(columns)
    tables: set[str] = set().union(*(_NEEDS[name] for name in wanted))
    if chosen.region is not None or chosen.departement is not None:
        tables.add("site")
    s, d, c = DossierStatistics, Dossier, Candidate
    available: dict[str, Any] = {
        "dossier_id": s.id,
        "organisation_id": s.organisation_id,
        "site_id": s.site_id,
        "certification_code": s.certification_code,
        "opened_at": s.opened_at,
        "prescriber_type": s.prescriber_type,
        "financing": s.financing,
        "status": d.status,
        "region": Site.region,
        "departement": Site.departement,
        "organisation_key": cast(s.organisation_id, Organisation.name.type),
        "organisation_name": Organisation.name,
        "network": Organisation.network,
        "status_at_registration": c.status_at_registration,
        "sex": c.civility,
        "education_level": c.education_level,
        "professional_sector": c.professional_sector,
        "age_band": _age_band_at(dialect, s.opened_at, c.birth_date),
        **{name: getattr(s, name) for name in STEP_COLUMNS},
    }
    statement = select(*(available[name].label(name) for name in wanted)).select_from(s)
    if "dossier" in tables:
        statement = statement.join(d, and_(d.organisation_id == s.organisation_id, d.id == s.id))
    if "site" in tables:
        statement = statement.join(
            Site, and_(Site.organisation_id == s.organisation_id, Site.id == s.site_id)
        )
    if "organisation" in tables:
        statement = statement.join(Organisation, Organisation.id == s.organisation_id)
    if "candidate" in tables:
        statement = statement.join(
            c, and_(c.organisation_id == s.organisation_id, c.id == s.candidate_id)
        )
    statement = statement.where(s.opened_at >= start, s.opened_at < end)
    if chosen.certification_code is not None:
        statement = statement.where(s.certification_code == chosen.certification_code)
    if chosen.region is not None:
        statement = statement.where(Site.region == chosen.region)
    if chosen.departement is not None:
        statement = statement.where(Site.departement == chosen.departement)
    if chosen.organisation_id is not None:
        statement = statement.where(s.organisation_id == chosen.organisation_id)
    if chosen.network is not None:
        statement = statement.where(in_network(s.organisation_id, chosen))
    return statement.cte("cohort")


def _funnel_statement(rows: CTE) -> Select[Any]:
    r = rows.c
    return (
        select(
            r.certification_code,
            func.count().label("opened"),
            func.count(r.initial_at).label("initial_completed"),
            func.sum(r.direct_to_jury).label("direct_to_jury"),
            func.sum(r.to_training).label("to_training"),
            func.sum(r.final_completed).label("final_completed"),
            func.count(r.submitted_at).label("submitted"),
            func.sum(r.certified).label("certified"),
            func.sum(r.not_certified).label("not_certified"),
            func.sum(r.abandoned).label("abandoned"),
            func.sum(r.expired).label("expired"),
        )
        .group_by(r.certification_code)
        .order_by(r.certification_code)
    )


def nearest_rank(
    rows: Any, value: Any, partition: Sequence[Any] = (), name: str = "ranked"
) -> Select[Any]:
    """Count, median and 90th percentile (nearest rank) of ``value`` per ``partition``
    (whole ``rows`` when empty), over the rows where ``value`` is not null; window
    functions, on SQLite and PostgreSQL. Selects the partition's columns, then ``n``,
    ``median`` and ``p90``."""
    keys = [column.label(f"key_{i}") for i, column in enumerate(partition)]
    ranked = (
        select(
            *keys,
            value.label("value"),
            func.row_number()
            .over(partition_by=list(partition) or None, order_by=value)
            .label("rank"),
            func.count().over(partition_by=list(partition) or None).label("n"),
        )
        .select_from(rows)
        .where(value.is_not(None))
        .subquery(name)
    )
    k = ranked.c
    grouped = [k[f"key_{i}"] for i in range(len(keys))]
    return select(
        *grouped,
        func.count().label("n"),
        func.min(case((k.rank * 2 >= k.n, k.value))).label("median"),
        func.min(case((k.rank * 10 >= k.n * 9, k.value))).label("p90"),
    ).group_by(*grouped)


def _durations_statement(rows: CTE, dialect: str, later: str, earlier: str) -> Select[Any]:
    """Median and 90th percentile per certification, nearest rank, by window functions."""
    days = days_between(dialect, rows.c[later], rows.c[earlier])
    return nearest_rank(rows, days, [rows.c.certification_code])


_DURATION_PAIRS = (
    ("opening_to_initial", "initial_at", "opened_at"),
    ("initial_to_jury", "submitted_at", "initial_at"),
    ("opening_to_certificate", "issued_at", "opened_at"),
)
_FUNNEL_COLUMNS = ("certification_code", "opened_at", *STEP_COLUMNS)
#: ``percentile_disc(f)`` takes the row ``ceil(f × n)``: the nearest rank, ``⌈9n/10⌉`` here
#: (the double nearest 0.9 exceeds it by less than half a unit in the last place of 9n/10,
#: so the product rounds to the exact integer when there is one; a test checks n ≤ 400).
_P90 = 0.9


def _duration(n: Any, median: Any, p90: Any) -> Duration:
    return Duration(
        dossiers=int(n or 0),
        median_days=None if median is None else round(float(median), 1),
        p90_days=None if p90 is None else round(float(p90), 1),
    )


def _counts(row: Any) -> dict[str, int]:
    return {step: int(getattr(row, step) or 0) for step in FUNNEL_STEPS}


async def funnel(
    session: AsyncSession, chosen: StatisticsFilter, dialect: str
) -> list[FunnelCounts]:
    """Counts and durations per certification: one statement on PostgreSQL (ordered-set
    aggregates), four on SQLite (the durations by window functions)."""
    rows = cohort(chosen, dialect, _FUNNEL_COLUMNS)
    if dialect == "postgresql":
        return await _funnel_postgresql(session, rows)
    counts = (await session.execute(_funnel_statement(rows))).all()
    durations: dict[str, dict[str, Duration]] = {}
    for name, later, earlier in _DURATION_PAIRS:
        for code, n, median, p90 in await session.execute(
            _durations_statement(rows, dialect, later, earlier)
        ):
            durations.setdefault(code, {})[name] = _duration(n, median, p90)
    return [
        FunnelCounts(
            certification_code=row.certification_code,
            counts=_counts(row),
            durations={
                name: durations.get(row.certification_code, {}).get(name, Duration(0, None, None))
                for name in DURATIONS
            },
        )
        for row in counts
    ]


async def _funnel_postgresql(session: AsyncSession, rows: CTE) -> list[FunnelCounts]:
    """The counts and the nearest-rank median and 90th percentile of each duration (over
    the dossiers that reached both steps: the aggregates skip nulls) in one statement."""
    r = rows.c
    columns: list[Any] = []
    for name, later, earlier in _DURATION_PAIRS:
        days = days_between("postgresql", r[later], r[earlier])
        columns += [
            func.count(days).label(f"{name}_n"),
            func.percentile_disc(0.5).within_group(days).label(f"{name}_median"),
            func.percentile_disc(_P90).within_group(days).label(f"{name}_p90"),
        ]
    statement = _funnel_statement(rows).add_columns(*columns)
    return [
        FunnelCounts(
            certification_code=row.certification_code,
            counts=_counts(row),
            durations={
                name: _duration(
                    getattr(row, f"{name}_n"),
                    getattr(row, f"{name}_median"),
                    getattr(row, f"{name}_p90"),
                )
                for name in DURATIONS
            },
        )
        for row in await session.execute(statement)
    ]


@dataclass(frozen=True, slots=True)
class CategoryCounts:
    key: str | None
    name: str | None
    opened: int
    certified: int


_DIMENSION_COLUMNS = {
    Dimension.REGION: "region",
    Dimension.DEPARTEMENT: "departement",
    Dimension.ORGANISATION: "organisation_key",
    Dimension.NETWORK: "network",
    Dimension.STATUS_AT_REGISTRATION: "status_at_registration",
    Dimension.AGE_BAND: "age_band",
    Dimension.SEX: "sex",
    Dimension.EDUCATION_LEVEL: "education_level",
    Dimension.PROFESSIONAL_SECTOR: "professional_sector",
    Dimension.PRESCRIBER_TYPE: "prescriber_type",
    Dimension.FINANCING: "financing",
}


async def breakdowns(
    session: AsyncSession,
    chosen: StatisticsFilter,
    dialect: str,
    dimensions: Sequence[Dimension],
) -> dict[Dimension, list[CategoryCounts]]:
    """Dossiers opened and certified per category of each dimension (one statement each)."""
    found: dict[Dimension, list[CategoryCounts]] = {}
    for dimension in dimensions:
        column = _DIMENSION_COLUMNS[dimension]
        needed = ["certified", column]
        if dimension is Dimension.ORGANISATION:
            needed.append("organisation_name")
        rows = cohort(chosen, dialect, needed)
        key = rows.c[column]
        name = (
            func.min(rows.c.organisation_name)
            if dimension is Dimension.ORGANISATION
            else literal(None)
        )
        statement = (
            select(
                key.label("key"),
                name.label("name"),
                func.count().label("opened"),
                func.sum(rows.c.certified).label("certified"),
            )
            .group_by(key)
            .order_by(key)
        )
        found[dimension] = [
            CategoryCounts(
                key=None if row.key is None else str(row.key),
                name=row.name,
                opened=int(row.opened),
                certified=int(row.certified or 0),
            )
            for row in await session.execute(statement)
        ]
    return found


async def ready_pool_by_region(session: AsyncSession, chosen: StatisticsFilter) -> list[Any]:
    """Dossiers ready for a jury today, per région of their site (not a cohort)."""
    d = Dossier
    statement = (
        select(Site.region, func.count().label("dossiers"))
        .select_from(d)
        .join(Site, and_(Site.organisation_id == d.organisation_id, Site.id == d.site_id))
        .where(d.status == S.READY_FOR_JURY)
        .group_by(Site.region)
        .order_by(Site.region)
    )
    if chosen.certification_code is not None:
        statement = statement.where(d.certification_code == chosen.certification_code)
    if chosen.organisation_id is not None:
        statement = statement.where(d.organisation_id == chosen.organisation_id)
    if chosen.network is not None:
        statement = statement.where(in_network(d.organisation_id, chosen))
    return list((await session.execute(statement)).all())


async def certificates_issued(
    session: AsyncSession, chosen: StatisticsFilter, since: dt.date, until: dt.date
) -> int:
    """Certificates issued (not revoked) from ``since`` to ``until`` included."""
    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    statement = (
        select(func.count())
        .select_from(Certificate)
        .where(
            Certificate.issued_at >= start,
            Certificate.issued_at < end,
            Certificate.revoked_at.is_(None),
        )
    )
    if chosen.certification_code is not None:
        statement = statement.where(Certificate.certification_code == chosen.certification_code)
    if chosen.organisation_id is not None:
        statement = statement.where(Certificate.organisation_id == chosen.organisation_id)
    if chosen.network is not None:
        statement = statement.where(in_network(Certificate.organisation_id, chosen))
    return int(await session.scalar(statement) or 0)


@dataclass(frozen=True, slots=True)
class ActivityCount:
    """Billable events of one organisation, month (``YYYY-MM``), certification and kind."""

    organisation_name: str
    month: str
    certification_code: str
    kind: str
    count: int


def _month(dialect: str, moment: Any) -> Any:
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", moment), "YYYY-MM")
    return func.strftime("%Y-%m", moment)


async def activity(
    session: AsyncSession, chosen: StatisticsFilter, dialect: str
) -> list[ActivityCount]:
    """Évaluations préalables and certificates (the billable events) per organisation and
    month, over the period (the day they happened, not the dossiers' opening)."""
    start, end = _bounds(chosen)
    month = _month(dialect, BillableEvent.occurred_at)
    statement = (
        select(
            Organisation.name,
            month.label("month"),
            BillableEvent.certification_code,
            BillableEvent.kind,
            func.count().label("events"),
        )
        .select_from(BillableEvent)
        .join(Organisation, Organisation.id == BillableEvent.organisation_id)
        .where(BillableEvent.occurred_at >= start, BillableEvent.occurred_at < end)
        .group_by(Organisation.name, month, BillableEvent.certification_code, BillableEvent.kind)
        .order_by(Organisation.name, month, BillableEvent.certification_code, BillableEvent.kind)
    )
    if chosen.certification_code is not None:
        statement = statement.where(BillableEvent.certification_code == chosen.certification_code)
    if chosen.organisation_id is not None:
        statement = statement.where(BillableEvent.organisation_id == chosen.organisation_id)
    if chosen.network is not None:
        statement = statement.where(in_network(BillableEvent.organisation_id, chosen))
    return [ActivityCount(*row) for row in await session.execute(statement)]
