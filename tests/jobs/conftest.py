"""Closed jury sessions whose data is committed, for the jobs that issue their certificates.

A job reads through connections of its own: nothing here is rolled back, every test
convenes its own session (with its own dossiers) on the shared test database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
import string
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.certificates import signing
from clea_platform.certificates.models import Certificate
from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.demo.data import load_demo
from clea_platform.identity.models import User
from clea_platform.jobs import queue as jobs
from clea_platform.juries import agenda, attendance, closing, decisions, roster
from clea_platform.juries import sessions as jury_sessions
from clea_platform.juries.models import JurySession, Outcome, Side
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.dossiers.conftest import LEA
from tests.juries.conftest import as_actor, ready_dossier


def letters() -> str:
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))


Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture(scope="session")
async def sessions(settings: Settings) -> AsyncIterator[Sessions]:
    signing.configure(settings)
    engine = create_engine_for(settings)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


@dataclass(frozen=True)
class Parties:
    admin: Actor
    adviser: Actor
    evaluator: Actor
    site: Site


@pytest.fixture(scope="session")
async def parties(sessions: Sessions, registry: CertificationRegistry) -> Parties:
    async with sessions.begin() as session:
        await load_demo(session, registry)
    async with sessions.begin() as session, cross_tenant_reads(session, "tests"):
        greta = await session.scalar(
            select(Organisation).where(Organisation.slug == "greta-demo-paris")
        )
        assert greta is not None
        site = await session.scalar(select(Site).where(Site.organisation_id == greta.id))
        assert site is not None
        users = {
            u.email: u.id
            for u in await session.scalars(
                select(User).where(
                    User.email.in_(
                        [
                            "admin@certifpro.demo",
                            "conseiller@greta-demo.fr",
                            "evaluatrice@greta-demo.fr",
                        ]
                    )
                )
            )
        }
    return Parties(
        admin=Actor(
            label="Camille Certif <admin@certifpro.demo>",
            user_id=users["admin@certifpro.demo"],
            platform_roles=frozenset({"certifpro_admin"}),
        ),
        adviser=Actor(
            label="conseiller",
            user_id=users["conseiller@greta-demo.fr"],
            organisation_id=greta.id,
            roles=frozenset({"adviser"}),
        ),
        evaluator=Actor(
            label="evaluatrice",
            user_id=users["evaluatrice@greta-demo.fr"],
            organisation_id=greta.id,
            roles=frozenset({"evaluator"}),
        ),
        site=site,
    )


CloseSession = Callable[..., Awaitable[tuple[uuid.UUID, list[uuid.UUID]]]]


@pytest.fixture
def closed_session(
    sessions: Sessions, registry: CertificationRegistry, parties: Parties
) -> CloseSession:
    """``await closed_session(n)``: a paritaire session certifies n new dossiers and closes.

    The closing defers the issuance job in its transaction, as ``closeJurySession`` does;
    returns the session's ID and the dossiers' IDs.
    """

    async def close(certified: int, *, defer: bool = True) -> tuple[uuid.UUID, list[uuid.UUID]]:
        marker = uuid.uuid4().hex[:8]
        admin = parties.admin
        async with sessions.begin() as session:
            dossiers = [
                # committed: a name of their own, not Léa Durand's (tests that
                # create Léa in the demo Greta expect no possible duplicate)
                await ready_dossier(
                    session,
                    parties.adviser,
                    parties.evaluator,
                    parties.site,
                    registry,
                    person=dataclasses.replace(LEA, birth_name=f"Durand-{letters()}"),
                )
                for _ in range(certified)
            ]
        async with sessions.begin() as session, as_actor(session, admin):
            members = [
                await roster.add_member(
                    session,
                    admin,
                    registry,
                    roster.MemberInput(
                        email=f"{side.value}-{marker}@jury.example.fr",
                        full_name=f"{side.value} {marker}",
                        side=side,
                        body="Fédération",
                        region="Île-de-France",
                        certification_codes=["CLEA"],
                        affiliations=[],
                    ),
                    base_url="http://test",
                )
                for side in (Side.EMPLOYER, Side.EMPLOYEE)
            ]
            jury_session = await jury_sessions.convene(
                session,
                admin,
                registry,
                jury_sessions.SessionInput(
                    title=f"Jury {marker}",
                    certification_codes=["CLEA"],
                    region="Île-de-France",
                    held_on=dt.date.today(),
                    place="Paris",
                    member_ids=[m.id for m in members],
                ),
                today=dt.date.today(),
            )
            for member in members:
                await attendance.record_attendance(session, admin, jury_session.id, member.id, True)
            await attendance.open_session(session, admin, jury_session.id)
            await agenda.add_to_agenda(
                session, admin, registry, jury_session.id, [d.id for d in dossiers]
            )
            for dossier in dossiers:
                await decisions.decide(
                    session,
                    admin,
                    jury_session.id,
                    dossier.id,
                    decisions.DecisionInput(Outcome.CERTIFIED, presiding_member_id=members[0].id),
                )
            await closing.close_session(session, admin, registry, jury_session.id)
            if defer:
                await jobs.defer_issuance(session, sessions, registry, admin, jury_session.id)
        return jury_session.id, [d.id for d in dossiers]

    return close


async def run_queued_jobs(
    settings: Settings, registry: CertificationRegistry, sessions: Sessions | None = None
) -> None:
    """Run the queued jobs to the end: a procrastinate worker until the queue is empty on
    PostgreSQL, the in-process tasks on SQLite."""
    if settings.is_sqlite:
        await jobs.drain()
        return
    engine = None
    if sessions is None:
        engine = create_engine_for(settings)
        sessions = session_factory(engine)
    try:
        await jobs.run_worker(
            settings.database_url, sessions, registry, settings=settings, wait=False
        )
    finally:
        if engine is not None:
            await engine.dispose()


@pytest.fixture
def run_jobs(
    sessions: Sessions, registry: CertificationRegistry, settings: Settings
) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await run_queued_jobs(settings, registry, sessions)

    return run


async def session_state(sessions: Sessions, jury_session_id: uuid.UUID) -> JurySession:
    async with sessions() as session:
        found = await session.get(JurySession, jury_session_id)
        assert found is not None
        return found


async def certificates_of(
    sessions: Sessions, admin: Actor, jury_session_id: uuid.UUID
) -> list[Certificate]:
    with acting_as(admin):
        async with sessions() as session, cross_tenant_reads(session, "tests"):
            return list(
                await session.scalars(
                    select(Certificate)
                    .where(Certificate.jury_session_id == jury_session_id)
                    .order_by(Certificate.sequence)
                )
            )
