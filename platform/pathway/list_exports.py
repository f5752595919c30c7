"""The dossier list and the candidate list as CSV: the current filtered list, in its order.

Rows are read as a stream of columns (nothing enters the session's identity map) and
written for spreadsheets used in France by the web route: ``;``, UTF-8 with a BOM, CRLF,
French headers. Each export is audited once (``dossier.list_export``,
``candidate.list_export``), in the transaction that reads it; the tenant's filter (and,
on PostgreSQL, row-level security) keeps it to the active organisation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import LABELS
from clea_platform.pathway import candidate_list, listing
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from clea_platform.tenants.permissions import ADVISERS, ANY_MEMBER

DOSSIER_HEADERS = (
    "Nom de naissance",
    "Nom d'usage",
    "Prénoms",
    "Date de naissance",
    "Certification",
    "Statut",
    "Site",
    "Ouvert le",
    "Échéance",
)
CANDIDATE_HEADERS = (
    "Nom de naissance",
    "Nom d'usage",
    "Prénoms",
    "Date de naissance",
    "E-mail",
    "Téléphone",
    "Dossiers",
)
STREAM_BATCH = 1000


def french_date(day: dt.date | dt.datetime | None) -> str:
    return day.strftime("%d/%m/%Y") if day is not None else ""


def _certification(registry: CertificationRegistry, code: str) -> str:
    return registry.get(code).title if code in registry else code


def check_may_export_dossiers(actor: Actor) -> None:
    """Whoever reads the dossier list may export it (the same rows, the same rule)."""
    ANY_MEMBER.check(actor)


def check_may_export_candidates(actor: Actor) -> None:
    ADVISERS.check(actor)


async def dossier_rows(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    filters: listing.DossierFilters,
    sort: listing.DossierSort,
) -> AsyncIterator[Sequence[str]]:
    """The header, then one row per dossier of the filtered list, in the list's order."""
    check_may_export_dossiers(actor)
    audit.record(session, actor, "dossier.list_export")
    yield DOSSIER_HEADERS
    query = (
        listing.sorted_query(
            filters,
            sort,
            name_index=listing.has_name_index(session),
            names=Candidate.search_text,  # type: ignore[arg-type]
        )
        .with_only_columns(
            Candidate.birth_name,
            Candidate.usage_name,
            Candidate.first_names,
            Candidate.birth_date,
            Dossier.certification_code,
            Dossier.status,
            Site.name,
            Dossier.consent_at,
            Dossier.window_ends_on,
        )
        .select_from(Dossier)
        .join(
            Candidate,
            and_(
                Candidate.organisation_id == Dossier.organisation_id,
                Candidate.id == Dossier.candidate_id,
            ),
        )
        .join(
            Site, and_(Site.organisation_id == Dossier.organisation_id, Site.id == Dossier.site_id)
        )
        .execution_options(yield_per=STREAM_BATCH)
    )
    result = await session.stream(query)
    async for row in result:
        yield (
            row.birth_name,
            row.usage_name,
            row.first_names,
            french_date(row.birth_date),
            _certification(registry, row.certification_code),
            LABELS[row.status],
            row.name,
            french_date(row.consent_at),
            french_date(row.window_ends_on),
        )


async def candidate_rows(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    filters: candidate_list.CandidateFilters,
    sort: candidate_list.CandidateSort,
) -> AsyncIterator[Sequence[str]]:
    """The header, then one row per candidate of the filtered list, with their dossiers
    (certification and status, « | » between dossiers)."""
    check_may_export_candidates(actor)
    audit.record(session, actor, "candidate.list_export")
    yield CANDIDATE_HEADERS
    query = candidate_list.filtered(filters, name_index=listing.has_name_index(session))
    key = candidate_list.sort_key(sort)
    if key is None:
        newest = sort == candidate_list.CandidateSort.NEWEST_FIRST
        query = query.order_by(Candidate.id.desc() if newest else Candidate.id.asc())
    elif key.descending:
        query = query.order_by(key.expression.desc(), Candidate.id.desc())
    else:
        query = query.order_by(key.expression.asc(), Candidate.id.asc())
    columns = query.with_only_columns(
        Candidate.id,
        Candidate.birth_name,
        Candidate.usage_name,
        Candidate.first_names,
        Candidate.birth_date,
        Candidate.email,
        Candidate.phone,
    ).execution_options(yield_per=STREAM_BATCH)
    result = await session.stream(columns)
    async for batch in result.partitions(STREAM_BATCH):
        dossiers = await _dossier_summaries(session, registry, [row.id for row in batch])
        for row in batch:
            yield (
                row.birth_name,
                row.usage_name,
                row.first_names,
                french_date(row.birth_date),
                row.email,
                row.phone,
                " | ".join(dossiers.get(row.id, [])),
            )


async def _dossier_summaries(
    session: AsyncSession, registry: CertificationRegistry, candidate_ids: Sequence[Any]
) -> dict[Any, list[str]]:
    found: dict[Any, list[str]] = {}
    rows = await session.execute(
        select(Dossier.candidate_id, Dossier.certification_code, Dossier.status)
        .where(Dossier.candidate_id.in_(candidate_ids))
        .order_by(Dossier.id)
    )
    for candidate_id, code, status in rows:
        found.setdefault(candidate_id, []).append(
            f"{_certification(registry, code)} : {LABELS[status]}"
        )
    return found
