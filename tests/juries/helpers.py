"""Sessions for the jury-integrity tests: convened, attended by chosen members, opened,
with dossiers on the agenda; decided and closed by Certif'Pro as the secretary."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.dossiers.models import Dossier
from clea_platform.juries import agenda, attendance, closing, decisions, sessions
from clea_platform.juries.models import JuryMember, JurySession, Outcome
from clea_platform.juries.records import DecisionRecord
from clea_platform.mail.models import OutboxEmail
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from tests.juries.conftest import TODAY, as_actor


async def open_session(
    session: AsyncSession,
    admin: Actor,
    registry: CertificationRegistry,
    invited: Sequence[JuryMember],
    present: Sequence[JuryMember],
    dossiers: Sequence[Dossier],
    *,
    interviews: bool = False,
) -> JurySession:
    async with as_actor(session, admin):
        jury = await sessions.convene(
            session,
            admin,
            registry,
            sessions.SessionInput(
                title="Jury CléA Île-de-France",
                certification_codes=["CLEA"],
                region="Île-de-France",
                held_on=TODAY,
                place="Paris",
                member_ids=[m.id for m in invited],
                interviews=interviews,
            ),
            today=TODAY,
        )
        for member in present:
            await attendance.record_attendance(session, admin, jury.id, member.id, True)
        await agenda.add_to_agenda(session, admin, registry, jury.id, [d.id for d in dossiers])
        convened = jury.revision
        await attendance.open_session(session, admin, jury.id)
    # Opening is one change of the session: a screen that saw it convened is now stale.
    assert jury.revision == convened + 1
    return jury


async def secretary_decides(
    session: AsyncSession,
    admin: Actor,
    jury: JurySession,
    dossier: Dossier,
    president: JuryMember,
    outcome: Outcome = Outcome.CERTIFIED,
    **details: object,
) -> DecisionRecord:
    async with as_actor(session, admin):
        return await decisions.decide(
            session,
            admin,
            jury.id,
            dossier.id,
            decisions.DecisionInput(outcome, presiding_member_id=president.id, **details),  # type: ignore[arg-type]
        )


async def close(
    session: AsyncSession, admin: Actor, registry: CertificationRegistry, jury: JurySession
) -> JurySession:
    async with as_actor(session, admin):
        return await closing.close_session(session, admin, registry, jury.id)


async def mail_to(session: AsyncSession, address: str) -> list[OutboxEmail]:
    return list(
        await session.scalars(
            select(OutboxEmail)
            .where(OutboxEmail.recipient == address)
            .order_by(OutboxEmail.created_at)
        )
    )
