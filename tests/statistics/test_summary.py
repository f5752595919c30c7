"""The statistics read a per-dossier summary the database keeps with the dossiers.

Whatever sequence of openings, transitions, certificates issued, revoked or deleted,
changes of a dossier's certification, opening, site, candidate, prescriber or financing,
events and dossiers deleted, the summary
(``dossier_statistics``) says, in the same transaction, what the statistics used to compute
from the live tables at every request (the oracle below is that computation), and the
funnel read from it has the same counts and nearest-rank durations; ``rebuild`` puts a
damaged summary right; another organisation sees none of it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import random
import secrets
import uuid
from typing import Any

import pytest
from sqlalchemy import and_, case, delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.certificates.models import Certificate
from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.dossiers.choices import Financing, PrescriberType
from clea_platform.dossiers.models import Dossier, DossierEvent
from clea_platform.dossiers.states import TRANSITIONS
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels.service import get_version
from clea_platform.statistics import queries, summary
from clea_platform.statistics.filters import StatisticsFilter
from clea_platform.statistics.models import DossierStatistics
from clea_platform.tenants.context import acting_as
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant
from tests.databases import engine_under_test
from tests.isolation.helpers import unique
from tests.statistics.conftest import org_admin_of
from tests.statistics.seeding import History, S, add_dossiers, add_site, new_organisation

YEAR = 2011
PERIOD = StatisticsFilter(opened_from=dt.date(YEAR, 1, 1), opened_to=dt.date(YEAR, 12, 31))
STEPS = summary.COLUMNS[2:]


def _reached(condition: Any) -> Any:
    return func.max(case((condition, 1), else_=0))


async def live(session: AsyncSession, organisation_id: uuid.UUID) -> dict[uuid.UUID, tuple]:
    """The oracle: each dossier's steps computed from its timeline and certificates, as the
    statistics' cohort did before the summary (``occurred_at``/``issued_at`` from the
    period's start)."""
    start = dt.datetime(YEAR - 1, 1, 1, tzinfo=dt.UTC)
    e = DossierEvent
    steps = (
        select(
            e.organisation_id,
            e.dossier_id,
            func.min(
                case(
                    (
                        and_(
                            e.from_status == S.INITIAL_EVALUATION,
                            e.to_status.in_([S.READY_FOR_JURY, S.TRAINING]),
                        ),
                        e.occurred_at,
                    )
                )
            ).label("initial_at"),
            _reached(
                and_(e.from_status == S.INITIAL_EVALUATION, e.to_status == S.READY_FOR_JURY)
            ).label("direct_to_jury"),
            _reached(and_(e.from_status == S.INITIAL_EVALUATION, e.to_status == S.TRAINING)).label(
                "to_training"
            ),
            _reached(
                and_(
                    e.from_status == S.FINAL_EVALUATION,
                    e.to_status.in_([S.READY_FOR_JURY, S.TRAINING]),
                )
            ).label("final_completed"),
            func.min(case((e.to_status == S.SUBMITTED_TO_JURY, e.occurred_at))).label(
                "submitted_at"
            ),
            _reached(e.to_status == S.CERTIFIED).label("certified"),
            _reached(e.to_status == S.NOT_CERTIFIED).label("not_certified"),
            _reached(e.to_status == S.ABANDONED).label("abandoned"),
            _reached(e.to_status == S.EXPIRED).label("expired"),
        )
        .where(e.occurred_at >= start)
        .group_by(e.organisation_id, e.dossier_id)
        .subquery("steps")
    )
    certificates = (
        select(
            Certificate.organisation_id,
            Certificate.dossier_id,
            func.min(Certificate.issued_at).label("issued_at"),
        )
        .where(Certificate.revoked_at.is_(None), Certificate.issued_at >= start)
        .group_by(Certificate.organisation_id, Certificate.dossier_id)
        .subquery("issued")
    )
    d = Dossier
    rows = await session.execute(
        select(
            d.id,
            d.certification_code,
            d.created_at,
            d.site_id,
            d.candidate_id,
            d.prescriber_type,
            d.financing,
            steps.c.initial_at,
            func.coalesce(steps.c.direct_to_jury, 0),
            func.coalesce(steps.c.to_training, 0),
            func.coalesce(steps.c.final_completed, 0),
            steps.c.submitted_at,
            func.coalesce(steps.c.certified, 0),
            func.coalesce(steps.c.not_certified, 0),
            func.coalesce(steps.c.abandoned, 0),
            func.coalesce(steps.c.expired, 0),
            certificates.c.issued_at,
        )
        .outerjoin(
            steps, and_(steps.c.organisation_id == d.organisation_id, steps.c.dossier_id == d.id)
        )
        .outerjoin(
            certificates,
            and_(
                certificates.c.organisation_id == d.organisation_id,
                certificates.c.dossier_id == d.id,
            ),
        )
        .where(d.organisation_id == organisation_id)
    )
    return {row[0]: tuple(row[1:]) for row in rows}


async def stored(session: AsyncSession, organisation_id: uuid.UUID) -> dict[uuid.UUID, tuple]:
    columns = [getattr(DossierStatistics, name) for name in STEPS]
    rows = await session.execute(
        select(DossierStatistics.id, *columns).where(
            DossierStatistics.organisation_id == organisation_id
        )
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def _nearest_rank(values: list[float]) -> queries.Duration:
    if not values:
        return queries.Duration(0, None, None)
    ordered = sorted(values)
    n = len(ordered)
    return queries.Duration(
        n,
        round(ordered[math.ceil(n / 2) - 1], 1),
        round(ordered[math.ceil(9 * n / 10) - 1], 1),
    )


def expected_funnel(rows: dict[uuid.UUID, tuple]) -> list[queries.FunnelCounts]:
    """The funnel of the period counted in Python from the oracle's rows."""
    by_code: dict[str, list[dict[str, Any]]] = {}
    for values in rows.values():
        row = dict(zip(STEPS, values, strict=True))
        if row["opened_at"].year == YEAR:
            by_code.setdefault(row["certification_code"], []).append(row)
    found = []
    for code, dossiers in sorted(by_code.items()):
        counts = {
            "opened": len(dossiers),
            "initial_completed": sum(r["initial_at"] is not None for r in dossiers),
            "submitted": sum(r["submitted_at"] is not None for r in dossiers),
            **{
                step: sum(r[step] for r in dossiers)
                for step in queries.FUNNEL_STEPS
                if step not in {"opened", "initial_completed", "submitted"}
            },
        }
        durations = {
            name: _nearest_rank(
                [
                    (r[later] - r[earlier]).total_seconds() / 86400
                    for r in dossiers
                    if r[later] is not None and r[earlier] is not None
                ]
            )
            for name, later, earlier in (
                ("opening_to_initial", "initial_at", "opened_at"),
                ("initial_to_jury", "submitted_at", "initial_at"),
                ("opening_to_certificate", "issued_at", "opened_at"),
            )
        }
        found.append(queries.FunnelCounts(code, counts, durations))
    return found


class Story:
    """Random writes to one organisation's dossiers, timelines and certificates."""

    def __init__(
        self,
        session: AsyncSession,
        registry: CertificationRegistry,
        site: Any,
        chance: random.Random,
    ) -> None:
        self.session, self.registry, self.site, self.chance = session, registry, site, chance
        self.sites = [site]
        self.dossiers: list[Dossier] = []
        self.clock: dict[uuid.UUID, dt.datetime] = {}

    def later(self, dossier: Dossier) -> dt.datetime:
        moment = self.clock[dossier.id] + dt.timedelta(hours=self.chance.randint(1, 24 * 60))
        self.clock[dossier.id] = moment
        return moment

    async def open(self) -> None:
        day = dt.date(YEAR, 1, 1) + dt.timedelta(days=self.chance.randint(0, 180))
        code = self.chance.choice(["CLEA", "CLEA", "CLEA_NUMERIQUE"])
        (dossier_id,) = await add_dossiers(
            self.session, self.registry, self.site, [History(day, code=code)]
        )
        async with cross_tenant_reads(self.session, "tests"):
            dossier = await self.session.get(Dossier, (self.site.organisation_id, dossier_id))
        assert dossier is not None
        self.dossiers.append(dossier)
        self.clock[dossier.id] = dossier.created_at

    async def move(self) -> None:
        dossier = self.chance.choice(self.dossiers)
        targets = sorted(TRANSITIONS[dossier.status])
        if not targets:
            return
        onwards = [t for t in targets if t not in {S.ABANDONED, S.EXPIRED}]
        target = self.chance.choice(onwards if onwards and self.chance.random() < 0.85 else targets)
        self.session.add(
            DossierEvent(
                organisation_id=dossier.organisation_id,
                dossier_id=dossier.id,
                occurred_at=self.later(dossier),
                actor_label="tests",
                kind="status",
                from_status=dossier.status,
                to_status=target,
            )
        )
        dossier.status = target

    async def issue(self) -> None:
        """A certificate for a dossier that has none (one per dossier)."""
        holders = {c.dossier_id for c in await self._certificates()}
        if not (candidates := [d for d in self.dossiers if d.id not in holders]):
            return
        dossier = self.chance.choice(candidates)
        version = await get_version(self.session, dossier.certification_code)
        self.session.add(
            Certificate(
                organisation_id=dossier.organisation_id,
                dossier_id=dossier.id,
                candidate_id=dossier.candidate_id,
                certification_code=dossier.certification_code,
                year=YEAR,
                sequence=secrets.randbelow(10**9),
                number=unique("SUMMARY"),
                verification_code=unique("V")[:10],
                holder_name="Camille",
                certification_title="CléA",
                referentiel_version_id=version.id,
                referentiel_version_label="tests",
                decided_on=dt.date(YEAR, 12, 1),
                jury_session_label="Jury",
                organisation_name="Organisme",
                issued_at=self.later(dossier),
                token="t",
                kid="k",
            )
        )

    async def _certificates(self) -> list[Certificate]:
        return list(
            await self.session.scalars(
                select(Certificate).where(Certificate.organisation_id == self.site.organisation_id)
            )
        )

    async def revoke(self) -> None:
        if issued := [c for c in await self._certificates() if c.revoked_at is None]:
            certificate = self.chance.choice(issued)
            certificate.revoked_at = dt.datetime(YEAR, 12, 30, tzinfo=dt.UTC)
            certificate.revocation_reason = "Erreur de saisie"

    async def delete_certificate(self) -> None:
        if certificates := await self._certificates():
            await self.session.delete(self.chance.choice(certificates))

    async def change(self) -> None:
        """A change of a column the summary copies from the dossier."""
        dossier = self.chance.choice(self.dossiers)
        taken = {(d.candidate_id, d.certification_code) for d in self.dossiers}
        other = "CLEA" if dossier.certification_code == "CLEA_NUMERIQUE" else "CLEA_NUMERIQUE"
        match self.chance.randrange(6):
            case 0 if (dossier.candidate_id, other) not in taken:
                dossier.certification_code = other
            case 1:
                dossier.created_at -= dt.timedelta(days=self.chance.randint(1, 30))
            case 2:
                dossier.prescriber_type = self.chance.choice(list(PrescriberType))
            case 3:
                dossier.financing = self.chance.choice(list(Financing))
            case 4:
                dossier.site_id = self.chance.choice(self.sites).id
            case 5:
                # Another candidate of the organisation (one dossier per certification each).
                free = [
                    d.candidate_id
                    for d in self.dossiers
                    if (d.candidate_id, dossier.certification_code) not in taken
                ]
                if free:
                    dossier.candidate_id = self.chance.choice(free)

    async def delete_event(self) -> None:
        dossier = self.chance.choice(self.dossiers)
        event = await self.session.scalar(
            select(DossierEvent)
            .where(
                DossierEvent.organisation_id == dossier.organisation_id,
                DossierEvent.dossier_id == dossier.id,
            )
            .order_by(DossierEvent.occurred_at.desc())
            .limit(1)
        )
        if event is not None:
            await self.session.delete(event)

    async def delete_dossier(self) -> None:
        if len(self.dossiers) < 3:
            return
        dossier = self.chance.choice(self.dossiers)
        self.dossiers.remove(dossier)
        for model in (Certificate, DossierEvent):
            await self.session.execute(
                delete(model).where(
                    model.organisation_id == dossier.organisation_id,
                    model.dossier_id == dossier.id,
                )
            )
        await self.session.delete(dossier)


async def test_the_summary_equals_the_live_computation_after_a_random_sequence_of_changes(
    db_session: AsyncSession, registry: CertificationRegistry
) -> None:
    # Given an organisation with a few new dossiers
    organisation, site = await new_organisation(db_session)
    admin = await org_admin_of(db_session, organisation.id)
    chance = random.Random(20261205)
    story = Story(db_session, registry, site, chance)
    story.sites.append(
        await add_site(db_session, organisation, region="Bretagne", departement="35")
    )
    for _ in range(6):
        await story.open()

    # When they are opened, moved, certified, revoked, changed and deleted at random
    actions = [
        (story.open, 2),
        (story.move, 12),
        (story.issue, 2),
        (story.revoke, 1),
        (story.delete_certificate, 1),
        (story.change, 2),
        (story.delete_event, 1),
        (story.delete_dossier, 1),
    ]
    for step in range(150):
        async with cross_tenant_reads(db_session, "tests"):
            action = chance.choices([a for a, _ in actions], [w for _, w in actions])[0]
            await action()
            await db_session.flush()

            # Then after every step the summary says what the live computation says
            oracle = await live(db_session, organisation.id)
            assert await stored(db_session, organisation.id) == oracle, f"step {step}"

    # and the funnel read from it counts and times as the live tables do
    reached = dict(zip(STEPS, zip(*oracle.values(), strict=True), strict=True))
    assert any(reached["certified"]), "the story went as far as a certification"
    assert any(reached["issued_at"]), "and a certificate"
    with acting_as(admin):
        await refresh_tenant(db_session)
        dialect = db_session.get_bind().dialect.name
        chosen = StatisticsFilter(
            opened_from=PERIOD.opened_from,
            opened_to=PERIOD.opened_to,
            organisation_id=organisation.id,
        )
        found = await queries.funnel(db_session, chosen, dialect)
    await refresh_tenant(db_session)
    assert found == expected_funnel(oracle)


async def test_rebuilding_puts_a_damaged_summary_right(
    db_session: AsyncSession, registry: CertificationRegistry
) -> None:
    # Given an organisation's summary damaged by hand (a restore, an edit in SQL)
    organisation, site = await new_organisation(db_session)
    admin = await org_admin_of(db_session, organisation.id)
    story = Story(db_session, registry, site, random.Random(7))
    for _ in range(4):
        await story.open()
    async with cross_tenant_reads(db_session, "tests"):
        for _ in range(8):
            await story.move()
        await story.issue()
        await db_session.flush()
        oracle = await live(db_session, organisation.id)
        damaged = story.dossiers[0].id
        await db_session.execute(
            update(DossierStatistics)
            .where(DossierStatistics.organisation_id == organisation.id)
            .values(certified=1 - DossierStatistics.certified, initial_at=None)
        )
        await db_session.execute(
            delete(DossierStatistics).where(
                DossierStatistics.organisation_id == organisation.id,
                DossierStatistics.id == damaged,
            )
        )
        assert await stored(db_session, organisation.id) != oracle

    # When its administrator's organisation is rebuilt
    with acting_as(admin):
        await refresh_tenant(db_session)
        total = await summary.rebuild(db_session, organisation.id)
    await refresh_tenant(db_session)

    # Then it says what the live computation says again
    async with cross_tenant_reads(db_session, "tests"):
        assert await stored(db_session, organisation.id) == oracle
    assert total == len(oracle) == 4


async def test_another_organisation_sees_none_of_the_summary(
    db_session: AsyncSession, registry: CertificationRegistry
) -> None:
    # Given an organisation's dossiers, summarised
    organisation, site = await new_organisation(db_session)
    story = Story(db_session, registry, site, random.Random(11))
    for _ in range(3):
        await story.open()
    async with cross_tenant_reads(db_session, "tests"):
        assert len(await stored(db_session, organisation.id)) == 3
    other, _ = await new_organisation(db_session)

    # When another organisation's administrator reads the summary and the funnel
    intruder = await org_admin_of(db_session, other.id)
    with acting_as(intruder):
        await refresh_tenant(db_session)
        seen = await stored(db_session, organisation.id)
        every = await db_session.scalar(
            select(func.count())
            .select_from(DossierStatistics)
            .where(DossierStatistics.organisation_id == organisation.id)
        )
        dialect = db_session.get_bind().dialect.name
        funnel = await queries.funnel(
            db_session,
            StatisticsFilter(
                opened_from=PERIOD.opened_from,
                opened_to=PERIOD.opened_to,
                organisation_id=organisation.id,
            ),
            dialect,
        )
    await refresh_tenant(db_session)

    # Then it sees nothing of the first organisation's
    assert seen == {}
    assert every == 0
    assert funnel == []


async def test_the_90th_percentile_is_the_nearest_rank_for_every_count(
    db_session: AsyncSession,
) -> None:
    # Given 1 to 400 values 1, 2, …, n (PostgreSQL's ordered-set aggregate; SQLite counts
    # ranks with window functions)
    if db_session.get_bind().dialect.name != "postgresql":
        pytest.skip("percentile_disc exists only on PostgreSQL")
    statement = text(
        "SELECT n, percentile_disc(:fraction) WITHIN GROUP (ORDER BY v) "
        "FROM generate_series(1, 400) AS n, generate_series(1, n) AS v GROUP BY n"
    )

    # When the funnel's fraction picks the 90th percentile of each
    rows = await db_session.execute(statement, {"fraction": queries._P90})

    # Then it is the smallest rank r with 10 r ≥ 9 n, as on SQLite
    found = dict(rows.all())
    assert found == {k: math.ceil(9 * k / 10) for k in range(1, 401)}


@pytest.mark.skipif(
    engine_under_test() != "postgresql", reason="concurrent writers: a PostgreSQL behaviour"
)
async def test_two_writers_of_one_dossier_lose_neither_step(
    settings: Settings, registry: CertificationRegistry
) -> None:
    # Given a dossier in évaluation préalable, committed
    engine = create_engine_for(settings, pool_size=3, max_overflow=0)
    sessions = session_factory(engine)
    try:
        async with sessions() as session:
            organisation, site = await new_organisation(session)
            day = dt.date(YEAR, 3, 1)
            moves = [(day, S.OPENED, S.INITIAL_EVALUATION)]
            (dossier_id,) = await add_dossiers(session, registry, site, [History(day, moves)])
            await session.commit()

        def event(to: S, hour: int) -> DossierEvent:
            return DossierEvent(
                organisation_id=organisation.id,
                dossier_id=dossier_id,
                occurred_at=dt.datetime(YEAR, 3, 2, hour, tzinfo=dt.UTC),
                actor_label="tests",
                kind="status",
                from_status=S.INITIAL_EVALUATION,
                to_status=to,
            )

        # When one transaction records a move to training and, before it commits, another
        # records a move straight to a jury on the same dossier
        async with sessions() as first, cross_tenant_reads(first, "tests"):
            first.add(event(S.TRAINING, 9))
            await first.flush()

            async def second_writer() -> None:
                async with sessions() as second, cross_tenant_reads(second, "tests"):
                    second.add(event(S.READY_FOR_JURY, 10))
                    await second.flush()
                    await second.commit()

            second = asyncio.create_task(second_writer())
            await asyncio.sleep(0.5)
            # (the second one waits for the first one's dossier, not for a summary row)
            assert not second.done()
            await first.commit()
        await asyncio.wait_for(second, timeout=10)

        # Then the summary has both steps, as the live computation does
        async with sessions() as session, cross_tenant_reads(session, "tests"):
            oracle = await live(session, organisation.id)
            assert await stored(session, organisation.id) == oracle
            row = dict(zip(STEPS, oracle[dossier_id], strict=True))
            assert (row["to_training"], row["direct_to_jury"]) == (1, 1)
    finally:
        await engine.dispose()
