"""The independence rule, in one place: who may not decide on a dossier, and why.

A member is recused from a dossier when they are affiliated (by SIREN) with the
organisation that evaluated the candidate or with the one that trained them, or when
they declared a conflict of interest on it. A recused member sees the candidate's name
only, and cannot vote.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.dossiers.models import Dossier
from clea_platform.juries.agenda import agenda_item
from clea_platform.juries.attendance import attendees
from clea_platform.juries.errors import JuryErrorCode
from clea_platform.juries.models import ConflictDeclaration, JuryMember, JurySession, SessionStatus
from clea_platform.juries.roster import member_of_user
from clea_platform.juries.sessions import (
    error,
    get_session,
    invitation,
    require_status,
    scope_of,
)
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.training.models import TrainingPlan


@dataclass(frozen=True, slots=True)
class DossierParties:
    """The organisations a dossier involves, by SIREN (a SIRET's first 9 digits)."""

    evaluator_siren: str | None
    evaluator_name: str
    training_sirens: Collection[str] = ()


def recusal_reason(
    affiliations: Collection[str], parties: DossierParties, declared: str | None
) -> str | None:
    """Why this member may not decide on this dossier, in French, or None."""
    if parties.evaluator_siren and parties.evaluator_siren in affiliations:
        return f"Lien déclaré avec l'organisme évaluateur ({parties.evaluator_name})."
    trained = sorted(set(parties.training_sirens) & set(affiliations))
    if trained:
        return f"Lien déclaré avec l'organisme de formation (SIREN {', '.join(trained)})."
    if declared is not None:
        return f"Conflit d'intérêts déclaré{f' : {declared}' if declared else ''}."
    return None


async def parties_of(
    session: AsyncSession, dossier_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, DossierParties]:
    """Evaluating and training organisations of each dossier (call inside the jury scope)."""
    rows = await session.execute(
        select(Dossier.id, Organisation.siren, Organisation.name)
        .join(Organisation, Organisation.id == Dossier.organisation_id)
        .where(Dossier.id.in_(dossier_ids))
    )
    trainers: dict[uuid.UUID, set[str]] = {}
    for dossier_id, siret in await session.execute(
        select(TrainingPlan.dossier_id, TrainingPlan.training_siret).where(
            TrainingPlan.dossier_id.in_(dossier_ids)
        )
    ):
        if siret:
            trainers.setdefault(dossier_id, set()).add(siret[:9])
    return {
        dossier_id: DossierParties(siren, name, trainers.get(dossier_id, set()))
        for dossier_id, siren, name in rows
    }


async def recusals(
    session: AsyncSession, jury_session_id: uuid.UUID, dossier_ids: Sequence[uuid.UUID]
) -> dict[tuple[uuid.UUID, uuid.UUID], str]:
    """(member id, dossier id) → reason, for every recused pair of the session."""
    members = [a.member for a in await attendees(session, jury_session_id)]
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        parties = await parties_of(session, dossier_ids)
        declared = {
            (c.member_id, c.dossier_id): c.reason
            for c in await session.scalars(
                select(ConflictDeclaration).where(ConflictDeclaration.session_id == jury_session_id)
            )
        }
    found: dict[tuple[uuid.UUID, uuid.UUID], str] = {}
    for member in members:
        for dossier_id, dossier_parties in parties.items():
            reason = recusal_reason(
                member.affiliations, dossier_parties, declared.get((member.id, dossier_id))
            )
            if reason is not None:
                found[(member.id, dossier_id)] = reason
    return found


async def invited_member(
    session: AsyncSession, actor: Actor, jury_session_id: uuid.UUID
) -> JuryMember:
    """The caller as a member invited to the session; refused otherwise."""
    member = await member_of_user(session, actor.user_id)
    invited = await invitation(session, jury_session_id, member.id) if member is not None else None
    if member is None or invited is None:
        raise error(JuryErrorCode.NOT_A_MEMBER, "Vous n'êtes pas membre de cette session de jury.")
    return member


async def declare_conflict(
    session: AsyncSession,
    actor: Actor,
    jury_session_id: uuid.UUID,
    dossier_id: uuid.UUID,
    reason: str,
) -> JurySession:
    """A member recuses themself from one dossier of their session."""
    member = await invited_member(session, actor, jury_session_id)
    jury_session = await get_session(session, jury_session_id)
    require_status(jury_session, SessionStatus.CONVENED, SessionStatus.OPEN)
    async with cross_tenant_reads(session, scope_of(jury_session_id)):
        item = await agenda_item(session, jury_session_id, dossier_id)
        declaration = ConflictDeclaration(
            organisation_id=item.organisation_id,
            session_id=jury_session_id,
            member_id=member.id,
            dossier_id=dossier_id,
            reason=reason.strip(),
        )
        session.add(declaration)
        await session.flush()
        audit.record(
            session,
            actor,
            "jury_session.declare_conflict",
            [jury_session_id, dossier_id],
            organisation_id=item.organisation_id,
        )
    return jury_session
