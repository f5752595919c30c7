"""Certif'Pro's pool of « prêt pour le jury » dossiers of every organisation, for agendas.

A cross-tenant read on behalf of a person: it names the candidates, so it is audited
under its own scope.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.juries.access import holder_name
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads

READY_POOL_SCOPE = "certifpro_admin:jury_agenda"
#: At most this many dossiers, the longest waiting first.
POOL_LIMIT = 500


@dataclass(frozen=True, slots=True)
class ReadyDossier:
    dossier_id: uuid.UUID
    holder_name: str
    organisation_name: str
    region: str
    certification_code: str
    ready_since: dt.datetime


async def ready_for_jury(
    session: AsyncSession,
    actor: Actor,
    *,
    certification_code: str | None = None,
    region: str | None = None,
) -> list[ReadyDossier]:
    """Dossiers « prêt pour le jury » of every organisation, longest waiting first (audited)."""
    query = (
        select(Dossier, Organisation.name, Site.region, Candidate)
        .join(Organisation, Organisation.id == Dossier.organisation_id)
        .join(
            Candidate,
            (Candidate.id == Dossier.candidate_id)
            & (Candidate.organisation_id == Dossier.organisation_id),
        )
        .join(
            Site,
            (Site.id == Dossier.site_id) & (Site.organisation_id == Dossier.organisation_id),
        )
        .where(Dossier.status == DossierStatus.READY_FOR_JURY)
        .order_by(Dossier.status_changed_at)
        .limit(POOL_LIMIT)
    )
    if certification_code:
        query = query.where(Dossier.certification_code == certification_code)
    if region:
        query = query.where(Site.region == region)
    async with cross_tenant_reads(session, READY_POOL_SCOPE):
        rows = (await session.execute(query)).all()
        audit.record(session, actor, "jury.ready_pool", [r[0].id for r in rows])
    return [
        ReadyDossier(
            dossier_id=dossier.id,
            holder_name=holder_name(candidate),
            organisation_name=name,
            region=site_region,
            certification_code=dossier.certification_code,
            ready_since=dossier.status_changed_at,
        )
        for dossier, name, site_region, candidate in rows
    ]
