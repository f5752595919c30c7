"""Reminders are sent once: a rerun, or two workers running at once, never double-send.

Dossiers near the end of their 5-year window (6 months, then 1 month) remind their
adviser; an evaluation sitting tomorrow reminds the candidate (when they gave an e-mail);
a jury session next week reminds each member. Each is recorded in the ledger
(``reminder_sent``, unique per kind, subject and recipient) with its e-mail.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import doctest
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.db.engine import begin_writing
from clea_platform.evaluations import service as evaluations
from clea_platform.evaluations.models import EvaluationKind
from clea_platform.identity.models import User
from clea_platform.juries.models import JuryMember, JurySession, SessionMember, SessionStatus, Side
from clea_platform.mail.models import OutboxEmail
from clea_platform.plugins.registry import CertificationRegistry, installed_registry
from clea_platform.reminders import service as reminders_module
from clea_platform.reminders.service import send_due_reminders
from clea_platform.tenants.context import Actor, cross_tenant
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.dossiers.conftest import LEA, open_clea


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(reminders_module).failed == 0


async def mail_for(session: AsyncSession, recipient: str) -> list[OutboxEmail]:
    await session.flush()
    async with cross_tenant_reads(session, "tests"):
        rows = await session.scalars(
            select(OutboxEmail).where(OutboxEmail.recipient == recipient).order_by(OutboxEmail.id)
        )
        return list(rows)


async def test_an_adviser_is_reminded_6_months_then_1_month_before_the_window_ends_once_each(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    # given a dossier whose 5-year window (opened by its évaluation préalable) ends on
    dossier = await open_clea(db_session, greta, greta_site, registry)
    ends_on = dt.date(2031, 6, 15)
    dossier.window_ends_on = ends_on
    adviser = await db_session.scalar(select(User.email).where(User.id == dossier.adviser_id))
    assert adviser is not None
    before = len(await mail_for(db_session, adviser))
    # when the daily command runs 7 months before: nothing yet
    await send_due_reminders(db_session, registry, dt.date(2030, 11, 15))
    assert len(await mail_for(db_session, adviser)) == before
    # 5 months before, twice: the 6-month reminder, once
    for _ in range(2):
        await send_due_reminders(db_session, registry, dt.date(2031, 1, 15))
    # 3 weeks before, twice: the 1-month reminder, once
    for _ in range(2):
        await send_due_reminders(db_session, registry, dt.date(2031, 5, 25))
    sent = (await mail_for(db_session, adviser))[before:]
    assert [m.subject for m in sent] == [
        "Dossier CLEA : le délai de 5 ans se termine le 15/06/2031"
    ] * 2
    assert "moins de 6 mois" in sent[0].body
    assert "moins de 1 mois" in sent[1].body


async def test_a_candidate_with_an_email_is_reminded_of_tomorrows_sitting_once(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    sophie: Actor,
    registry: CertificationRegistry,
) -> None:
    # given Léa, who gave an e-mail address, and her évaluation préalable planned
    candidate_email = f"lea-{uuid.uuid4().hex[:8]}@exemple.fr"
    dossier = await open_clea(
        db_session,
        greta,
        greta_site,
        registry,
        person=dataclasses.replace(LEA, email=candidate_email),
    )
    evaluation = await evaluations.start_evaluation(
        db_session, greta, registry, dossier, EvaluationKind.INITIAL
    )
    day = dt.date(2031, 3, 12)
    assert sophie.user_id is not None
    await evaluations.plan_session(
        db_session,
        greta,
        registry,
        evaluation,
        day=day,
        starts_at=dt.time(9, 0),
        ends_at=dt.time(12, 0),
        site_id=greta_site.id,
        evaluator_id=sophie.user_id,
    )
    # two days before: nothing; the day before, twice: one reminder
    await send_due_reminders(db_session, registry, day - dt.timedelta(days=2))
    for _ in range(2):
        await send_due_reminders(db_session, registry, day - dt.timedelta(days=1))
    [reminder] = await mail_for(db_session, candidate_email)
    assert reminder.subject == "Rappel : votre évaluation CLEA a lieu demain"
    assert "le 12/03/2031, de 09:00 à 12:00" in reminder.body
    assert greta_site.name in reminder.body


async def jury_next_week(
    sessions: async_sessionmaker[AsyncSession], held_on: dt.date, members: int
) -> list[str]:
    """A convened jury session held on ``held_on`` with ``members`` members; their e-mails."""
    tag = uuid.uuid4().hex[:8]
    emails = [f"jure-{tag}-{n}@exemple.fr" for n in range(members)]
    with cross_tenant("tests"):
        async with sessions.begin() as session:
            jury = JurySession(
                title=f"Jury CléA {tag}",
                certification_codes=["CLEA"],
                region="Île-de-France",
                held_on=held_on,
                place="Paris",
                status=SessionStatus.CONVENED,
            )
            session.add(jury)
            for n, email in enumerate(emails):
                user = User(email=email, full_name=f"Juré {n}")
                session.add(user)
                await session.flush()
                member = JuryMember(
                    user_id=user.id,
                    side=Side.EMPLOYER if n % 2 == 0 else Side.EMPLOYEE,
                    body="MEDEF" if n % 2 == 0 else "CFDT",
                    region="Île-de-France",
                    certification_codes=["CLEA"],
                    affiliations=[],
                )
                session.add(member)
                await session.flush()
                session.add(SessionMember(session_id=jury.id, member_id=member.id))
    return emails


async def run_daily(sessions: async_sessionmaker[AsyncSession], today: dt.date) -> None:
    """What ``clea reminders send`` does: one transaction, a writer from its start."""
    async with sessions.begin() as session:
        await begin_writing(session)
        await send_due_reminders(session, installed_registry(), today)


async def test_two_workers_running_at_once_then_a_rerun_remind_each_jury_member_once(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    # given a jury session in 4 days with two members
    today = dt.date(2032, 2, 2)
    emails = await jury_next_week(sessions, today + dt.timedelta(days=4), members=2)
    # when two workers run the daily reminders at the same time, then once more
    await asyncio.gather(run_daily(sessions, today), run_daily(sessions, today))
    await run_daily(sessions, today + dt.timedelta(days=1))
    # then each member got exactly one reminder
    async with sessions() as session:
        for email in emails:
            received = list(
                await session.scalars(select(OutboxEmail).where(OutboxEmail.recipient == email))
            )
            assert len(received) == 1, email
            assert received[0].subject.startswith("Rappel : jury « Jury CléA")


async def test_a_jury_session_more_than_a_week_away_reminds_nobody_yet(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    today = dt.date(2032, 4, 1)
    [email] = await jury_next_week(sessions, today + dt.timedelta(days=8), members=1)
    await run_daily(sessions, today)
    async with sessions() as session:
        assert (
            await session.scalar(select(OutboxEmail).where(OutboxEmail.recipient == email)) is None
        )
