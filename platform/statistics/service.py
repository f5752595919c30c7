"""Statistics for whoever may see them: the scope, the audit, the masking.

An organisation's administrator sees the dossiers of their organisation (the tenant
scoping every read has); a Certif'Pro administrator sees every organisation, inside a
named cross-tenant scope whose use is audited. Breakdowns are masked
(:mod:`clea_platform.statistics.masking`) whoever asks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.core.errors import InvalidFormError
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.statistics import accreditation_activity, queries
from clea_platform.statistics.errors import StatisticsError, StatisticsErrorCode
from clea_platform.statistics.filters import Dimension, StatisticsFilter, check_filter
from clea_platform.statistics.follow_up import FollowUpRow, follow_up_counts
from clea_platform.statistics.labels import DIMENSION_TITLES, category_label
from clea_platform.statistics.masking import mask_column
from clea_platform.statistics.queries import Duration
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.permissions import ORG_ADMIN_OR_PLATFORM
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant

#: The cross-tenant scope of Certif'Pro's national figures (audited on every use).
NATIONAL_SCOPE = "certifpro_admin:statistics"
#: The cross-tenant scope of a network head's figures (audited on every use).
NETWORK_SCOPE = "org_admin:network_statistics"


@dataclass(frozen=True, slots=True)
class FunnelRow:
    """The funnel of one certification (``certification_code`` None: all of them)."""

    certification_code: str | None
    counts: dict[str, int]
    durations: dict[str, Duration]

    def rate(self, part: str, whole: str) -> float | None:
        """``part`` / ``whole`` in per cent (one decimal), None when ``whole`` is 0."""
        if not self.counts[whole]:
            return None
        return round(100 * self.counts[part] / self.counts[whole], 1)


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    key: str | None
    label: str
    #: ``None``: masked (fewer than five people, or hidden so that one cannot be deduced).
    opened: int | None
    certified: int | None


@dataclass(frozen=True, slots=True)
class Breakdown:
    dimension: Dimension
    title: str
    rows: list[BreakdownRow]
    total_opened: int | None
    total_certified: int | None


@dataclass(frozen=True, slots=True)
class RegionCount:
    region: str
    dossiers: int


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """One organisation's month for one certification: évaluations préalables,
    certificates, fees due (cents, excluding VAT, at the certification's fees:
    ``Certification.fees``), and its accreditation side: applications submitted, accepted
    and refused that month (an application counts for each certification of its
    campaign), sites with an accreditation in force at the month's end (or the period's
    end, if earlier). Organisations and sites, not people: nothing is masked."""

    organisation_name: str
    month: str
    certification_code: str
    initial_evaluations: int
    certificates: int
    fees_cents: int
    applications_submitted: int = 0
    applications_accepted: int = 0
    applications_refused: int = 0
    active_sites: int = 0


_APPLICATION_COLUMNS = {
    accreditation_activity.SUBMITTED: 3,
    accreditation_activity.ACCEPTED: 4,
    accreditation_activity.REFUSED: 5,
}


def activity_rows(
    counts: list[queries.ActivityCount],
    registry: CertificationRegistry,
    applications: Sequence[accreditation_activity.ApplicationCount] = (),
    spans: Sequence[accreditation_activity.AccreditationSpan] = (),
    period_end: dt.date | None = None,
) -> list[ActivityRow]:
    """Billable events and applications grouped per organisation, month and certification,
    with fees, and the sites in force at each such month's end; ordered by organisation,
    month and certification."""
    # [préalables, certificates, fees, submitted, accepted, refused]
    rows: dict[tuple[str, str, str], list[int]] = {}
    for count in counts:
        key = (count.organisation_name, count.month, count.certification_code)
        totals = rows.setdefault(key, [0] * 6)
        fees = (
            registry.get(count.certification_code).fees
            if count.certification_code in registry
            else None
        )
        if count.kind == "initial_evaluation":
            totals[0] += count.count
            totals[2] += count.count * (fees.initial_evaluation_cents if fees else 0)
        elif count.kind == "certificate":
            totals[1] += count.count
            totals[2] += count.count * (fees.certificate_cents if fees else 0)
    for application in applications:
        for code in application.certification_codes:
            key = (application.organisation_name, application.month, code)
            rows.setdefault(key, [0] * 6)[_APPLICATION_COLUMNS[application.kind]] += (
                application.count
            )
    by_site: dict[tuple[str, str], list[accreditation_activity.AccreditationSpan]] = {}
    for span in spans:
        by_site.setdefault((span.organisation_name, span.certification_code), []).append(span)
    result: list[ActivityRow] = []
    for key in sorted(rows):
        name, month, code = key
        in_force = 0
        if period_end is not None and (name, code) in by_site:
            day = accreditation_activity.month_end(month, period_end)
            in_force = accreditation_activity.sites_in_force(by_site[(name, code)], day)
        initial, certificates, fees_cents, submitted, accepted, refused = rows[key]
        result.append(
            ActivityRow(
                name,
                month,
                code,
                initial,
                certificates,
                fees_cents,
                applications_submitted=submitted,
                applications_accepted=accepted,
                applications_refused=refused,
                active_sites=in_force,
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class Report:
    filter: StatisticsFilter
    national: bool
    funnel: list[FunnelRow]
    total: FunnelRow
    breakdowns: list[Breakdown]
    ready_for_jury_by_region: list[RegionCount]
    certificates_this_month: int
    #: Empty unless the filter asks for it (``with_activity``).
    activity: list[ActivityRow]
    #: Empty unless the filter asks for it (``with_follow_up``).
    follow_up: list[FollowUpRow]


def mask_breakdown(dimension: Dimension, found: list[queries.CategoryCounts]) -> Breakdown:
    """The breakdown as shown: small cells hidden, and hidden so that totals cannot help."""
    opened = mask_column([row.opened for row in found], sum(row.opened for row in found))
    hidden_rows = [i for i, cell in enumerate(opened.cells) if cell is None]
    certified = mask_column(
        [row.certified for row in found],
        sum(row.certified for row in found),
        also_hide=hidden_rows,
    )
    return Breakdown(
        dimension=dimension,
        title=DIMENSION_TITLES[dimension],
        rows=[
            BreakdownRow(
                key=row.key,
                label=category_label(dimension, row.key, row.name),
                opened=opened.cells[i],
                certified=certified.cells[i],
            )
            for i, row in enumerate(found)
        ],
        total_opened=opened.total,
        total_certified=None if opened.total is None else certified.total,
    )


def _total(rows: list[FunnelRow]) -> FunnelRow:
    steps = queries.FUNNEL_STEPS
    return FunnelRow(
        certification_code=None,
        counts={step: sum(row.counts[step] for row in rows) for step in steps},
        # Percentiles do not add up: the total row gives them only for one certification.
        durations=(
            rows[0].durations
            if len(rows) == 1
            else {name: Duration(0, None, None) for name in queries.DURATIONS}
        ),
    )


def _refusal(code: StatisticsErrorCode, message: str, field: str) -> InvalidFormError:
    return InvalidFormError([StatisticsError(code, message, field=field)])


async def _scoped_filter(
    session: AsyncSession, actor: Actor, chosen: StatisticsFilter
) -> StatisticsFilter:
    """An organisation's administrator: their organisation, whatever the filter says; or,
    asking for the whole network their organisation heads, that network's organisations."""
    if actor.is_platform_admin:
        if chosen.whole_network:
            raise _refusal(
                StatisticsErrorCode.NOT_NETWORK_HEAD,
                "Choisissez les organisations par leur réseau dans la répartition « Réseau "
                "national » : vous voyez déjà tous les réseaux.",
                "wholeNetwork",
            )
        return chosen
    if chosen.organisation_id is not None and chosen.organisation_id != actor.organisation_id:
        raise _refusal(
            StatisticsErrorCode.OTHER_ORGANISATION,
            "Vous ne pouvez consulter que les chiffres de votre organisation.",
            "organisationId",
        )
    if not chosen.whole_network:
        return replace(chosen, organisation_id=actor.organisation_id, network=None)
    heads = await session.scalar(
        select(Organisation.heads_network).where(Organisation.id == actor.organisation_id)
    )
    if heads is None:
        raise _refusal(
            StatisticsErrorCode.NOT_NETWORK_HEAD,
            "Votre organisation n'est tête d'aucun réseau national : vous voyez les chiffres "
            "de votre organisation seulement.",
            "wholeNetwork",
        )
    return replace(chosen, organisation_id=None, network=heads)


@contextlib.asynccontextmanager
async def statistics_scope(
    session: AsyncSession, actor: Actor, chosen: StatisticsFilter, operation: str
) -> AsyncIterator[StatisticsFilter]:
    """Check who asks and what, and read inside the right scope (audited when it is
    Certif'Pro's national scope or a network head's)."""
    ORG_ADMIN_OR_PLATFORM.check(actor)
    scoped = await _scoped_filter(session, actor, chosen)
    if not actor.is_platform_admin and scoped.network is None:
        yield scoped
        return
    async with cross_tenant_reads(
        session, NATIONAL_SCOPE if actor.is_platform_admin else NETWORK_SCOPE
    ):
        audit.record(
            session,
            actor,
            operation,
            [
                f"{scoped.opened_from}..{scoped.opened_to}",
                scoped.certification_code or "*",
                *([f"network:{scoped.network}"] if scoped.network else []),
            ],
        )
        yield scoped


async def _same_scope(reader: AsyncSession, session: AsyncSession) -> None:
    """The replica's transaction reads under the actor's tenant and scope, as the primary's."""
    if reader is not session:
        await refresh_tenant(reader)


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


async def statistics(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    chosen: StatisticsFilter,
    *,
    today: dt.date,
    reads: AsyncSession | None = None,
    with_funnel: bool = True,
    with_pools: bool = True,
) -> Report:
    """The funnel, the requested breakdowns and the day's pools, for ``actor``.

    ``reads``: a session on a read replica the figures are read from (the audit event is
    written with ``session``, on the primary). ``with_funnel``, ``with_pools``: false when
    the caller shows neither the funnel (nor its total) or the day's pools (ready for a
    jury, certificates this month): they are left empty (no statement).

    Raises :class:`InvalidFormError` (of :class:`StatisticsError`) on a bad filter.
    """
    check_filter(chosen, registry)
    reader = reads or session
    dialect = _dialect(reader)
    async with statistics_scope(session, actor, chosen, "statistics.read") as scoped:
        await _same_scope(reader, session)
        counts = await queries.funnel(reader, scoped, dialect) if with_funnel else []
        found = await queries.breakdowns(reader, scoped, dialect, scoped.breakdowns)
        pool = await queries.ready_pool_by_region(reader, scoped) if with_pools else []
        issued = (
            await queries.certificates_issued(reader, scoped, today.replace(day=1), today)
            if with_pools
            else 0
        )
        activity = (
            await _activity(reader, scoped, dialect, registry) if scoped.with_activity else []
        )
        follow_up = await follow_up_counts(reader, scoped) if scoped.with_follow_up else []
    rows = [FunnelRow(row.certification_code, row.counts, row.durations) for row in counts]
    return Report(
        filter=scoped,
        national=actor.is_platform_admin,
        funnel=rows,
        total=_total(rows),
        breakdowns=[mask_breakdown(dimension, found[dimension]) for dimension in found],
        ready_for_jury_by_region=[RegionCount(region, int(n)) for region, n in pool],
        certificates_this_month=issued,
        activity=activity,
        follow_up=follow_up,
    )


async def _activity(
    reader: AsyncSession, scoped: StatisticsFilter, dialect: str, registry: CertificationRegistry
) -> list[ActivityRow]:
    return activity_rows(
        await queries.activity(reader, scoped, dialect),
        registry,
        await accreditation_activity.application_counts(reader, scoped, dialect),
        await accreditation_activity.accreditation_spans(reader, scoped),
        scoped.opened_to,
    )


async def activity_for_export(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    chosen: StatisticsFilter,
    *,
    reads: AsyncSession | None = None,
) -> list[ActivityRow]:
    """The activity table (its export); audited like the screen (``reads``: as for
    :func:`statistics`)."""
    check_filter(chosen, registry)
    reader = reads or session
    dialect = _dialect(reader)
    async with statistics_scope(session, actor, chosen, "statistics.export") as scoped:
        await _same_scope(reader, session)
        return await _activity(reader, scoped, dialect, registry)


async def breakdown_for_export(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    chosen: StatisticsFilter,
    dimension: Dimension,
    *,
    reads: AsyncSession | None = None,
) -> Breakdown:
    """One masked breakdown (the CSV export's table); audited like the screen (``reads``:
    as for :func:`statistics`)."""
    check_filter(chosen, registry)
    reader = reads or session
    dialect = _dialect(reader)
    async with statistics_scope(session, actor, chosen, "statistics.export") as scoped:
        await _same_scope(reader, session)
        found = await queries.breakdowns(reader, scoped, dialect, [dimension])
    return mask_breakdown(dimension, found[dimension])


async def follow_up_for_export(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    chosen: StatisticsFilter,
    *,
    reads: AsyncSession | None = None,
) -> list[FollowUpRow]:
    """The masked « Que sont-ils devenus ? » table (its export); audited like the screen
    (``reads``: as for :func:`statistics`)."""
    check_filter(chosen, registry)
    reader = reads or session
    async with statistics_scope(session, actor, chosen, "statistics.export") as scoped:
        await _same_scope(reader, session)
        return await follow_up_counts(reader, scoped)


def organisation_filter(value: str | None) -> uuid.UUID | None:
    """An organisation identifier from the API, or a typed refusal."""
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidFormError(
            [
                StatisticsError(
                    StatisticsErrorCode.INVALID_INPUT,
                    "Identifiant d'organisation invalide.",
                    field="organisationId",
                )
            ]
        ) from None
