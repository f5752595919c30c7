"""A session's agenda: « prêt pour le jury » dossiers of any organisation, put on and off it.

The dossiers belong to their organisations: they are read and moved under the session's
cross-tenant scope, and every change is audited.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.core.errors import InvalidFormError
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.juries.models import AgendaItem, Decision, JurySession, SessionStatus
from clea_platform.juries.sessions import error, get_session, require_status, scope_of
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.scoping import cross_tenant_reads


def _problems(
    jury_session: JurySession,
    found: dict[uuid.UUID, Dossier],
    dossier_ids: Sequence[uuid.UUID],
) -> list[JuryError]:
    problems: list[JuryError] = []
    for dossier_id in dict.fromkeys(dossier_ids):
        dossier = found.get(dossier_id)
        if dossier is None:
            problems.append(error(JuryErrorCode.NOT_FOUND, "Dossier introuvable.", "dossierIds"))
        elif dossier.status != DossierStatus.READY_FOR_JURY:
            problems.append(
                error(
                    JuryErrorCode.NOT_READY,
                    f"Le dossier {dossier.id} n'est pas « prêt pour le jury ».",
                    "dossierIds",
                )
            )
        elif dossier.certification_code not in jury_session.certification_codes:
            problems.append(
                error(
                    JuryErrorCode.WRONG_CERTIFICATION,
                    f"Le dossier {dossier.id} ({dossier.certification_code}) ne relève pas "
                    "des certifications de cette session.",
                    "dossierIds",
                )
            )
    return problems


async def add_to_agenda(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    jury_session_id: uuid.UUID,
    dossier_ids: Sequence[uuid.UUID],
) -> JurySession:
    """Put « prêt pour le jury » dossiers of any organisation on the agenda (all or none)."""
    jury_session = await get_session(session, jury_session_id)
    require_status(jury_session, SessionStatus.CONVENED, SessionStatus.OPEN)
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        found = {
            d.id: d
            for d in await session.scalars(select(Dossier).where(Dossier.id.in_(dossier_ids)))
        }
        if problems := _problems(jury_session, found, dossier_ids):
            raise InvalidFormError(problems)
        for dossier_id in dict.fromkeys(dossier_ids):
            dossier = found[dossier_id]
            session.add(
                AgendaItem(
                    organisation_id=dossier.organisation_id,
                    session_id=jury_session_id,
                    dossier_id=dossier.id,
                    added_by_id=actor.user_id,
                )
            )
            await dossiers.move(
                session,
                actor,
                registry,
                dossier,
                DossierStatus.SUBMITTED_TO_JURY,
                comment=f"Inscrit à l'ordre du jour : {jury_session.title} "
                f"({jury_session.held_on:%d/%m/%Y}).",
            )
        await session.flush()
        audit.record(session, actor, "jury_session.agenda_add", [jury_session_id, *dossier_ids])
    return jury_session


async def remove_from_agenda(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    jury_session_id: uuid.UUID,
    dossier_id: uuid.UUID,
) -> JurySession:
    """Take a dossier off the agenda (its decision, if any, goes too): back to « prêt »."""
    jury_session = await get_session(session, jury_session_id)
    require_status(jury_session, SessionStatus.CONVENED, SessionStatus.OPEN)
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        item = await agenda_item(session, jury_session_id, dossier_id)
        await session.execute(
            delete(Decision).where(
                Decision.session_id == jury_session_id, Decision.dossier_id == dossier_id
            )
        )
        dossier = await dossiers.get_dossier(session, dossier_id)
        await dossiers.move(
            session,
            actor,
            registry,
            dossier,
            DossierStatus.READY_FOR_JURY,
            comment=f"Retiré de l'ordre du jour : {jury_session.title}.",
        )
        await session.delete(item)
        await session.flush()
        audit.record(session, actor, "jury_session.agenda_remove", [jury_session_id, dossier_id])
    return jury_session


async def agenda_item(
    session: AsyncSession, jury_session_id: uuid.UUID, dossier_id: uuid.UUID
) -> AgendaItem:
    """The dossier's place on the agenda (call inside the session's scope)."""
    item = await session.scalar(
        select(AgendaItem).where(
            AgendaItem.session_id == jury_session_id, AgendaItem.dossier_id == dossier_id
        )
    )
    if item is None:
        raise error(
            JuryErrorCode.NOT_ON_AGENDA,
            "Ce dossier n'est pas à l'ordre du jour de cette session.",
            "dossierId",
        )
    return item
