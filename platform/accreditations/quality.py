"""Quality indicators of an accredited organisation, per site, beside the national median.

The dossiers counted are the statistics' cohort (``statistics/queries.py``): the dossiers
opened in the period, with the steps their timeline reached. Per organisation and per site:

- dossiers opened;
- abandonment rate: abandoned ÷ opened (%);
- median delay from the opening to the évaluation préalable's end, and from the opening
  to the first jury decision (days, nearest rank);
- success at the first jury: of the dossiers a jury decided (certified, not certified or
  postponed: the jury examined it; an absent or excused candidate is no decision), the
  share whose first decision was « certifié » (%);
- share with a final evaluation: of the dossiers sent to training after their évaluation
  préalable, those whose évaluation finale was completed (%);
- jury remarks: decisions on these dossiers carrying a comment to the organisation or an
  internal comment (amendments included).

The national median beside each indicator is the median (nearest rank) of the
organisations' own figures, over the organisations with at least one dossier opened in the
period (for a rate or a delay: those for which it is defined). Everything is computed by
the database, under Certif'Pro's audited cross-tenant scope.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CTE, Float, Select, and_, case, cast, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.juries.models import Decision, Outcome
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.statistics.filters import StatisticsFilter, check_filter
from clea_platform.statistics.queries import cohort, days_between, nearest_rank
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.permissions import PLATFORM_ADMIN
from clea_platform.tenants.scoping import cross_tenant_reads

#: The cross-tenant scope of the quality indicators (audited on every use).
QUALITY_SCOPE = "certifpro_admin:accreditation_quality"
#: The indicators, in the order they are shown.
INDICATORS = (
    "opened",
    "abandonment_rate",
    "opening_to_initial_days",
    "opening_to_jury_days",
    "first_jury_success_rate",
    "final_evaluation_share",
    "jury_remarks",
)
_JURY_DECIDED = (Outcome.CERTIFIED, Outcome.NOT_CERTIFIED, Outcome.POSTPONED)
_DELAYS = {
    "opening_to_initial_days": "initial_at",
    "opening_to_jury_days": "first_decided_at",
}


@dataclass(frozen=True, slots=True)
class QualityFigures:
    """One organisation's or site's indicators (None: not defined, nothing to divide)."""

    values: dict[str, float | None]


@dataclass(frozen=True, slots=True)
class SiteQuality:
    site: Site
    figures: QualityFigures


@dataclass(frozen=True, slots=True)
class OrganisationQuality:
    organisation: Organisation
    period: StatisticsFilter
    whole: QualityFigures
    sites: list[SiteQuality]
    national_median: QualityFigures
    #: Organisations with at least one dossier opened in the period (the median's base).
    organisations_compared: int


def _dossier_rows(chosen: StatisticsFilter, dialect: str) -> CTE:
    """One row per cohort dossier, with its first jury decision and its remarks."""
    rows = cohort(chosen, dialect)
    ranked = (
        select(
            Decision.organisation_id,
            Decision.dossier_id,
            Decision.decided_at,
            Decision.outcome,
            func.row_number()
            .over(
                partition_by=[Decision.organisation_id, Decision.dossier_id],
                order_by=[Decision.decided_at, Decision.id],
            )
            .label("rank"),
        )
        .where(Decision.amends_id.is_(None), Decision.outcome.in_(_JURY_DECIDED))
        .subquery("decisions")
    )
    first = select(ranked).where(ranked.c.rank == 1).subquery("first_decision")
    remarked = or_(
        func.length(func.trim(Decision.organisation_comment)) > 0,
        func.length(func.trim(Decision.internal_comment)) > 0,
    )
    remarks = (
        select(
            Decision.organisation_id,
            Decision.dossier_id,
            func.sum(case((remarked, 1), else_=0)).label("remarks"),
        )
        .group_by(Decision.organisation_id, Decision.dossier_id)
        .subquery("remarks")
    )
    r = rows.c
    return (
        select(
            r.organisation_id,
            r.site_id,
            r.opened_at,
            r.initial_at,
            r.abandoned,
            r.to_training,
            r.final_completed,
            first.c.decided_at.label("first_decided_at"),
            case((first.c.outcome == Outcome.CERTIFIED, 1), else_=0).label("first_certified"),
            func.coalesce(remarks.c.remarks, 0).label("remarks"),
        )
        .select_from(rows)
        .outerjoin(
            first,
            and_(first.c.organisation_id == r.organisation_id, first.c.dossier_id == r.dossier_id),
        )
        .outerjoin(
            remarks,
            and_(
                remarks.c.organisation_id == r.organisation_id,
                remarks.c.dossier_id == r.dossier_id,
            ),
        )
        .cte("quality_rows")
    )


def _percent(part: Any, whole: Any) -> Any:
    return case((whole > 0, 100.0 * cast(part, Float) / whole), else_=literal(None))


def _counts(rows: CTE, keys: list[Any]) -> Select[Any]:
    """The counted indicators per ``keys`` (the delays are medians: :func:`_delays`)."""
    q = rows.c
    return select(
        *keys,
        func.count().label("opened"),
        _percent(func.sum(q.abandoned), func.count()).label("abandonment_rate"),
        _percent(
            func.sum(case((q.first_decided_at.is_not(None), q.first_certified), else_=0)),
            func.count(q.first_decided_at),
        ).label("first_jury_success_rate"),
        _percent(
            func.sum(case((q.to_training == 1, q.final_completed), else_=0)),
            func.sum(q.to_training),
        ).label("final_evaluation_share"),
        func.coalesce(func.sum(q.remarks), 0).label("jury_remarks"),
    ).group_by(*keys)


def _delay(rows: CTE, dialect: str, name: str, keys: list[Any]) -> Select[Any]:
    later = rows.c[_DELAYS[name]]
    return nearest_rank(rows, days_between(dialect, later, rows.c.opened_at), keys, name)


def _figures(values: dict[str, Any]) -> QualityFigures:
    return QualityFigures(
        {
            name: None if values.get(name) is None else round(float(values[name]), 1)
            for name in INDICATORS
        }
    )


async def _by(
    session: AsyncSession, rows: CTE, dialect: str, keys: list[Any]
) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Every indicator per ``keys`` (one statement for the counts, one per delay)."""
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in await session.execute(_counts(rows, keys)):
        found[tuple(row[: len(keys)])] = dict(row._mapping)
    for name in _DELAYS:
        for row in await session.execute(_delay(rows, dialect, name, keys)):
            found.setdefault(tuple(row[: len(keys)]), {})[name] = row.median
    return found


async def _national_median(
    session: AsyncSession, rows: CTE, dialect: str
) -> tuple[QualityFigures, int]:
    """The median of the organisations' figures, each indicator over the organisations for
    which it is defined (one statement per indicator)."""
    key = rows.c.organisation_id
    per_organisation = _counts(rows, [key]).subquery("per_organisation")
    medians: dict[str, Any] = {
        name: await _median_of(session, per_organisation, name)
        for name in INDICATORS
        if name not in _DELAYS
    }
    compared = int(await session.scalar(select(func.count()).select_from(per_organisation)) or 0)
    for name in _DELAYS:
        delays = _delay(rows, dialect, name, [key]).subquery(f"{name}_per_organisation")
        medians[name] = await _median_of(session, delays, "median")
    return _figures(medians), compared


async def _median_of(session: AsyncSession, source: Any, column: str) -> Any:
    row = (await session.execute(nearest_rank(source, source.c[column]))).first()
    return None if row is None else row.median


async def organisation_quality(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    organisation_id: uuid.UUID,
    period: StatisticsFilter,
) -> OrganisationQuality | None:
    """An organisation's indicators, per site, and the national median (Certif'Pro only,
    audited); None for an organisation that does not exist.

    Raises :class:`InvalidFormError` (statistics' errors) on a bad period.
    """
    PLATFORM_ADMIN.check(actor)
    check_filter(period, registry)
    national = StatisticsFilter(
        opened_from=period.opened_from,
        opened_to=period.opened_to,
        certification_code=period.certification_code,
    )
    dialect = session.get_bind().dialect.name
    async with cross_tenant_reads(session, QUALITY_SCOPE):
        organisation = await session.get(Organisation, organisation_id)
        if organisation is None:
            return None
        sites = list(
            await session.scalars(
                select(Site).where(Site.organisation_id == organisation_id).order_by(Site.name)
            )
        )
        own = _dossier_rows(
            StatisticsFilter(
                opened_from=period.opened_from,
                opened_to=period.opened_to,
                certification_code=period.certification_code,
                organisation_id=organisation_id,
            ),
            dialect,
        )
        whole = await _by(session, own, dialect, [])
        per_site = await _by(session, own, dialect, [own.c.site_id])
        median, compared = await _national_median(
            session, _dossier_rows(national, dialect), dialect
        )
        audit.record(
            session,
            actor,
            "accreditation.read_quality",
            [organisation_id, f"{period.opened_from}..{period.opened_to}"],
            organisation_id=organisation_id,
        )
    empty = {"opened": 0, "jury_remarks": 0}
    return OrganisationQuality(
        organisation=organisation,
        period=period,
        whole=_figures(whole.get((), empty)),
        sites=[SiteQuality(site, _figures(per_site.get((site.id,), empty))) for site in sites],
        national_median=median,
        organisations_compared=compared,
    )
