"""Accreditation side of the activity table: applications and sites accredited.

Two reads, both sized by the organisations' applications and accreditations (never by
the dossiers):

- :func:`application_counts`: applications *submitted* (their last submission,
  ``submitted_at``), *accepted* and *refused* (``decided_at``, by their status) in the
  period, per organisation, month of that moment and campaign (grouped by the database);
  the service spreads each over the certifications of its campaign.
- :func:`accreditation_spans`: the accreditations whose validity meets the period, from
  which the service counts the sites in force at the end of each month
  (:func:`sites_in_force`).

Tenant scoping applies as to any read: the caller decides the scope (``service.py``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.models import (
    Accreditation,
    AccreditationStatus,
    Application,
    ApplicationStatus,
    Campaign,
)
from clea_platform.statistics.filters import StatisticsFilter
from clea_platform.statistics.queries import in_network
from clea_platform.tenants.models import Organisation

#: What an application count counts (``ApplicationCount.kind``).
SUBMITTED = "submitted"
ACCEPTED = "accepted"
REFUSED = "refused"
_DECIDED = {ApplicationStatus.ACCEPTED: ACCEPTED, ApplicationStatus.REJECTED: REFUSED}


@dataclass(frozen=True, slots=True)
class ApplicationCount:
    """Applications of one organisation, month (``YYYY-MM``) and campaign, of one kind."""

    organisation_name: str
    month: str
    #: The certifications of the application's campaign.
    certification_codes: tuple[str, ...]
    kind: str
    count: int


@dataclass(frozen=True, slots=True)
class AccreditationSpan:
    """One accreditation of a site: when it is (or was) in force."""

    organisation_name: str
    certification_code: str
    site_id: uuid.UUID
    valid_from: dt.date
    valid_until: dt.date
    status: AccreditationStatus
    status_changed_at: dt.datetime | None

    def in_force_on(self, day: dt.date) -> bool:
        """Valid that day and active then: active now, or suspended or withdrawn later
        (the accreditation keeps only its last change of status)."""
        if not self.valid_from <= day <= self.valid_until:
            return False
        if self.status == AccreditationStatus.ACTIVE:
            return True
        changed = self.status_changed_at
        return changed is not None and changed.date() > day


def _month(dialect: str, moment: Any) -> Any:
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", moment), "YYYY-MM")
    return func.strftime("%Y-%m", moment)


def _bounds(chosen: StatisticsFilter) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(chosen.opened_from, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(chosen.opened_to + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    return start, end


def _narrowed(statement: Any, organisation_id: Any, chosen: StatisticsFilter) -> Any:
    if chosen.organisation_id is not None:
        statement = statement.where(organisation_id == chosen.organisation_id)
    if chosen.network is not None:
        statement = statement.where(in_network(organisation_id, chosen))
    return statement


async def application_counts(
    session: AsyncSession, chosen: StatisticsFilter, dialect: str
) -> list[ApplicationCount]:
    """Applications submitted, accepted and refused in the period (the day it happened),
    per organisation, month and campaign; with the certification filter, only campaigns
    that include it, counted for that certification only."""
    start, end = _bounds(chosen)
    found: list[tuple[str, str, uuid.UUID, str, int]] = []
    submitted_month = _month(dialect, Application.submitted_at)
    submitted = _narrowed(
        select(
            Organisation.name,
            submitted_month.label("month"),
            Application.campaign_id,
            func.count().label("applications"),
        )
        .select_from(Application)
        .join(Organisation, Organisation.id == Application.organisation_id)
        .where(Application.submitted_at >= start, Application.submitted_at < end)
        .group_by(Organisation.name, submitted_month, Application.campaign_id),
        Application.organisation_id,
        chosen,
    )
    for name, month, campaign_id, count in await session.execute(submitted):
        found.append((name, month, campaign_id, SUBMITTED, int(count)))
    decided_month = _month(dialect, Application.decided_at)
    decided = _narrowed(
        select(
            Organisation.name,
            decided_month.label("month"),
            Application.campaign_id,
            Application.status,
            func.count().label("applications"),
        )
        .select_from(Application)
        .join(Organisation, Organisation.id == Application.organisation_id)
        .where(
            Application.decided_at >= start,
            Application.decided_at < end,
            Application.status.in_(list(_DECIDED)),
        )
        .group_by(Organisation.name, decided_month, Application.campaign_id, Application.status),
        Application.organisation_id,
        chosen,
    )
    for name, month, campaign_id, status, count in await session.execute(decided):
        found.append((name, month, campaign_id, _DECIDED[ApplicationStatus(status)], int(count)))
    codes = await _campaign_codes(session, {row[2] for row in found})
    wanted = chosen.certification_code
    return [
        ApplicationCount(
            name, month, codes[campaign_id] if wanted is None else (wanted,), kind, count
        )
        for name, month, campaign_id, kind, count in found
        if wanted is None or wanted in codes[campaign_id]
    ]


async def _campaign_codes(
    session: AsyncSession, ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, tuple[str, ...]]:
    wanted = list(ids)
    if not wanted:
        return {}
    rows = await session.execute(
        select(Campaign.id, Campaign.certification_codes).where(Campaign.id.in_(wanted))
    )
    return {campaign_id: tuple(codes or ()) for campaign_id, codes in rows}


async def accreditation_spans(
    session: AsyncSession, chosen: StatisticsFilter
) -> list[AccreditationSpan]:
    """The accreditations valid at some day of the period (any status: one suspended or
    withdrawn after a month's end was in force then)."""
    statement = _narrowed(
        select(
            Organisation.name,
            Accreditation.certification_code,
            Accreditation.site_id,
            Accreditation.valid_from,
            Accreditation.valid_until,
            Accreditation.status,
            Accreditation.status_changed_at,
        )
        .select_from(Accreditation)
        .join(Organisation, Organisation.id == Accreditation.organisation_id)
        .where(
            Accreditation.valid_from <= chosen.opened_to,
            Accreditation.valid_until >= chosen.opened_from,
        ),
        Accreditation.organisation_id,
        chosen,
    )
    if chosen.certification_code is not None:
        statement = statement.where(Accreditation.certification_code == chosen.certification_code)
    return [
        AccreditationSpan(name, code, site_id, since, until, AccreditationStatus(status), changed)
        for name, code, site_id, since, until, status, changed in await session.execute(statement)
    ]


def month_end(month: str, period_end: dt.date) -> dt.date:
    """The last day of ``month`` (``YYYY-MM``), or the period's last day if earlier.

    Example:
        >>> month_end("2024-02", dt.date(2024, 12, 31))
        datetime.date(2024, 2, 29)
        >>> month_end("2024-02", dt.date(2024, 2, 10))
        datetime.date(2024, 2, 10)
    """
    year, number = (int(part) for part in month.split("-"))
    first_of_next = dt.date(year + number // 12, number % 12 + 1, 1)
    return min(first_of_next - dt.timedelta(days=1), period_end)


def sites_in_force(spans: Iterable[AccreditationSpan], day: dt.date) -> int:
    """Sites with an accreditation in force on ``day`` among ``spans`` (one organisation's
    and certification's: a site accredited twice counts once)."""
    return len({span.site_id for span in spans if span.in_force_on(day)})
