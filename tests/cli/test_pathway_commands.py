"""The pathway's commands: ``clea demo --scale``, ``clea dossiers expire``, ``clea candidates
purge``, ``clea statistics rebuild`` (run as processes on a fresh database), and the
retention rules behind the purge."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit.models import AuditEvent
from clea_platform.candidates.models import Candidate
from clea_platform.candidates.service import ANONYMOUS_TEXT, anonymise, create_candidate
from clea_platform.core.config import Settings
from clea_platform.db.engine import create_sync_engine_for
from clea_platform.db.migrate import upgrade
from clea_platform.demo import scale
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.choices import Financing, PrescriberType
from clea_platform.dossiers.models import Dossier, DossierEvent
from clea_platform.dossiers.states import CLOSED_STATUSES, DossierStatus
from clea_platform.evaluations.models import Evaluation, EvaluationStatus, ItemResult
from clea_platform.pathway import retention
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.statistics import summary
from clea_platform.statistics.models import DossierStatistics
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant
from clea_platform.training.models import TrainingPlan
from tests.databases import ThrowawayDatabase, engine_under_test
from tests.dossiers.conftest import greta, greta_site, interviewed  # noqa: F401 (fixtures)
from tests.dossiers.test_dossier_service import LEA

S = DossierStatus
EXPIRABLE = (S.TRAINING, S.FINAL_EVALUATION, S.READY_FOR_JURY, S.NOT_CERTIFIED)


def clea(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clea_platform.cli.main", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
    )


@pytest.fixture
def environment(
    fresh_database: ThrowawayDatabase, fresh_settings: Settings, tmp_path: Path
) -> dict[str, str]:
    upgrade(fresh_settings)
    return {
        **fresh_database.environ(),
        "CLEA_DATA_DIR": str(tmp_path),
        "CLEA_SECRET_KEY": fresh_settings.secret_key,
    }


@pytest.fixture
def database(environment: dict[str, str], fresh_database: ThrowawayDatabase) -> Iterator[Engine]:
    """The test's database as the server's superuser (PostgreSQL: row-level security does
    not apply)."""
    engine = create_sync_engine_for(fresh_database.admin_url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def scaled(environment: dict[str, str], database: Engine) -> dict[str, str]:
    """The demo with 300 generated dossiers."""
    result = clea("demo", "--scale", "300", env=environment)
    assert result.returncode == 0, result.stderr
    return environment


def scalar(database: Engine, query: Any) -> Any:
    with database.connect() as connection:
        return connection.execute(query).scalar()


def rows(database: Engine, query: Any) -> list[Any]:
    with database.connect() as connection:
        return list(connection.execute(query))


def statuses(database: Engine) -> dict[str, int]:
    return dict(rows(database, select(Dossier.status, func.count()).group_by(Dossier.status)))


# --- clea demo --scale ----------------------------------------------------------------


def test_demo_scale_tops_the_demo_organisations_up_to_n_dossiers_at_every_stage(
    environment: dict[str, str], database: Engine
) -> None:
    # When the demo is loaded with --scale 300
    result = clea("demo", "--scale", "300", env=environment)

    # Then there are 300 dossiers, at every stage, in both demo organisations
    assert result.returncode == 0, result.stderr
    assert "300 dossier(s) ajouté(s)" in result.stderr
    assert sum(statuses(database).values()) == 300
    assert set(statuses(database)) == {status.value for status in DossierStatus}
    per_organisation = rows(
        database,
        select(Organisation.slug, func.count())
        .join(Dossier, Dossier.organisation_id == Organisation.id)
        .group_by(Organisation.slug),
    )
    assert {slug for slug, _ in per_organisation} == set(scale.EVALUATOR_SLUGS)
    assert min(count for _, count in per_organisation) > 100
    # and what the services would have written is there: every closed grid is complete
    results = func.count(ItemResult.id)
    closed = rows(
        database,
        select(Evaluation.target_items, Evaluation.outcome, results)
        .join(ItemResult, ItemResult.evaluation_id == Evaluation.id)
        .where(Evaluation.status == EvaluationStatus.CLOSED)
        .group_by(Evaluation.id, Evaluation.target_items, Evaluation.outcome),
    )
    assert closed
    assert all(len(targets) == count and outcome for targets, outcome, count in closed)
    in_training = rows(database, select(Dossier.id).where(Dossier.status == S.TRAINING))
    plans = rows(database, select(TrainingPlan.dossier_id))
    assert {dossier_id for (dossier_id,) in in_training} <= {d for (d,) in plans}
    # and the timeline ends where the dossier stands
    last_events = rows(
        database,
        select(Dossier.status, DossierEvent.to_status)
        .join(DossierEvent, DossierEvent.dossier_id == Dossier.id)
        .where(DossierEvent.occurred_at == Dossier.status_changed_at),
    )
    assert len(last_events) == 300
    assert all(status == to_status for status, to_status in last_events)


def test_demo_scale_again_with_the_same_n_adds_nothing_and_a_larger_n_adds_the_difference(
    scaled: dict[str, str], database: Engine
) -> None:
    candidates = scalar(database, select(func.count()).select_from(Candidate))

    again = clea("demo", "--scale", "300", env=scaled)

    assert again.returncode == 0, again.stderr
    assert "rien à ajouter" in again.stderr
    assert sum(statuses(database).values()) == 300
    assert scalar(database, select(func.count()).select_from(Candidate)) == candidates

    more = clea("demo", "--scale", "340", env=scaled)

    assert more.returncode == 0, more.stderr
    assert "40 dossier(s) ajouté(s)" in more.stderr
    assert sum(statuses(database).values()) == 340


@pytest.mark.parametrize("value", ["0", "-3", "beaucoup"])
def test_demo_scale_needs_a_positive_number(value: str, tmp_path: Path) -> None:
    result = clea("demo", "--scale", value, env={"CLEA_DATA_DIR": str(tmp_path)})

    assert result.returncode == 2
    assert "nombre entier positif attendu" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_scale_draws_candidate_k_from_k_alone(registry: CertificationRegistry) -> None:
    # Given a world without a database (identifiers are random, the rest is not)
    tenant = scale.DemoTenant(
        organisation_id=uuid.uuid4(),
        name="Greta",
        site_ids=(uuid.uuid4(),),
        region="Île-de-France",
        advisers=(scale.Person(uuid.uuid4(), "Karim"),),
        evaluators=(scale.Person(uuid.uuid4(), "Sophie"),),
        partner_siret="82404926600014",
        partner_name="Afpa",
    )
    certification = registry.get("CLEA")
    eligible, with_gaps = scale.build_profiles(
        certification, certification.bundled_referentiel.tree
    )
    leaves = certification.bundled_referentiel.tree.leaf_codes()
    catalogue = scale.Catalogue(
        code="CLEA",
        version_id=uuid.uuid4(),
        leaves=leaves,
        titles={},
        domain_of={leaf: leaf.split(".")[0] for leaf in leaves},
        window_years=5,
        initial_evaluation_cents=2000,
        eligible=eligible,
        with_gaps=with_gaps,
    )
    world = scale.World((tenant,), (catalogue,), dt.date(2026, 11, 22))

    # Identifiers are drawn afresh every time; everything else follows from the index.
    random = {
        "id",
        "candidate_id",
        "dossier_id",
        "evaluation_id",
        "plan_id",
        "subject_id",
        "information_interview_id",
    }

    def content(index: int) -> list[Any]:
        batch = scale.Batch()
        scale.generate_candidate(index, world, batch, room=2)
        tables = batch.rows[tenant.organisation_id]
        written = [
            (model.__name__, sorted((k, repr(v)) for k, v in row.items() if k not in random))
            for model in scale.INSERT_ORDER
            for row in tables.get(model, [])
        ]
        results = batch.results.get(tenant.organisation_id, [])
        return [*written, *[result[1:] for result in results]]

    # Then candidate 7 is the same person with the same pathway every time, unlike candidate 8
    assert content(7) == content(7)
    assert content(7) != content(8)


@pytest.mark.skipif(engine_under_test() != "postgresql", reason="columnar inserts: PostgreSQL")
async def test_demo_scale_columnar_inserts_store_exactly_what_the_orm_would(
    db_session: AsyncSession,
    greta: Actor,  # noqa: F811
    registry: CertificationRegistry,
) -> None:
    # Given the same 40 candidates generated twice (with different identifiers)
    async with cross_tenant_reads(db_session, "tests"):
        world, _, _ = await scale.load_world(db_session, registry, dt.date(2026, 11, 23))
    batches = []
    for columnar in (True, False):
        batch = scale.Batch()
        for index in range(40):
            scale.generate_candidate(index, world, batch, room=2)
        # When one goes in column by column, the other through the ORM's bulk insert
        await scale.insert_batch(db_session, batch, columnar=columnar)
        batches.append(batch)

    # Then the stored rows are the same, NULLs and JSON included
    random = {
        "id",
        "candidate_id",
        "dossier_id",
        "evaluation_id",
        "plan_id",
        "subject_id",
        "information_interview_id",
    }

    async def stored(model: Any, column: Any, keys: list[Any]) -> list[str]:
        result = await db_session.execute(select(model.__table__).where(column.in_(keys)))
        return sorted(
            repr(sorted((k, v) for k, v in row._mapping.items() if k not in random))
            for row in result
        )

    async with cross_tenant_reads(db_session, "tests"):
        for model in scale.INSERT_ORDER:
            if model is ItemResult:
                column, key = ItemResult.evaluation_id, Evaluation
            else:
                column, key = model.__table__.c.id, model
            keys = [
                [row["id"] for rows in batch.rows.values() for row in rows.get(key, [])]
                for batch in batches
            ]
            assert keys[0], model
            assert await stored(model, column, keys[0]) == await stored(model, column, keys[1])


# --- clea dossiers expire -------------------------------------------------------------


def test_dossiers_expire_marks_lapsed_dossiers_once_and_says_how_many_per_organisation(
    scaled: dict[str, str], database: Engine
) -> None:
    before = statuses(database)
    lapsing = sum(before.get(status.value, 0) for status in EXPIRABLE)
    assert before[S.TRAINING.value] > 0

    # Today nothing generated has lapsed
    today = clea("dossiers", "expire", env=scaled)
    assert today.returncode == 0, today.stderr
    assert "Total : 0 dossier(s) expiré(s)" in today.stdout
    assert statuses(database) == before

    # In 2040 every dossier in training (or after it, before the jury) has lapsed
    later = clea("dossiers", "expire", "--today", "2040-01-01", env=scaled)

    assert later.returncode == 0, later.stderr
    after = statuses(database)
    assert not any(after.get(status.value) for status in EXPIRABLE)
    assert after[S.EXPIRED.value] == before[S.EXPIRED.value] + lapsing
    assert f"Total : {lapsing} dossier(s) expiré(s) au 01/01/2040." in later.stdout
    for line in later.stdout.splitlines()[:-1]:
        assert line.startswith(("Greta démo Paris Centre : ", "Afpa démo Lille : "))
    events = scalar(
        database,
        select(func.count()).where(
            DossierEvent.to_status == S.EXPIRED,
            DossierEvent.actor_label == "système (clea dossiers expire)",
        ),
    )
    assert events == lapsing

    # and again: nothing more
    again = clea("dossiers", "expire", "--today", "2040-01-01", env=scaled)
    assert "Total : 0 dossier(s) expiré(s)" in again.stdout
    assert statuses(database) == after


def test_statistics_rebuild_puts_the_summary_right_in_every_organisation(
    scaled: dict[str, str], database: Engine
) -> None:
    # Given the demo's summary damaged by hand (rows lost, steps changed)
    columns = [getattr(DossierStatistics, name) for name in summary.COLUMNS]

    def stored() -> set[tuple[Any, ...]]:
        return {tuple(row) for row in rows(database, select(*columns))}

    organisations = [o for (o,) in rows(database, select(Dossier.organisation_id).distinct())]
    live = {
        tuple(row)
        for organisation in organisations
        for row in rows(database, summary.recomputed(organisation))
    }
    assert stored() == live
    with database.begin() as connection:
        connection.execute(delete(DossierStatistics).where(DossierStatistics.certified == 1))
        connection.execute(update(DossierStatistics).values(abandoned=1))
    assert stored() != live

    # When the command runs
    rebuilt = clea("statistics", "rebuild", env=scaled)

    # Then every organisation's summary is the live computation again
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert stored() == live
    assert f"Total : {len(live)} dossier(s) ; résumé des statistiques recalculé." in rebuilt.stdout


def test_dossiers_expire_refuses_a_malformed_date(tmp_path: Path) -> None:
    result = clea(
        "dossiers", "expire", "--today", "01/01/2040", env={"CLEA_DATA_DIR": str(tmp_path)}
    )

    assert result.returncode == 2
    assert "format AAAA-MM-JJ attendu" in result.stderr


# --- clea candidates purge ------------------------------------------------------------


def eligible_in_2040(database: Engine) -> set[uuid.UUID]:
    """Candidates whose dossiers are all closed (generated activity is before 2035)."""
    with_open = select(Dossier.candidate_id).where(Dossier.status.not_in(CLOSED_STATUSES))
    query = select(Candidate.id).where(
        Candidate.id.not_in(with_open), Candidate.anonymised_at.is_(None)
    )
    return {candidate_id for (candidate_id,) in rows(database, query)}


def snapshot(database: Engine) -> list[Any]:
    columns = (Candidate.id, Candidate.birth_name, Candidate.email, Candidate.anonymised_at)
    return rows(database, select(*columns).order_by(Candidate.id))


def test_candidates_purge_dry_run_counts_and_changes_nothing(
    scaled: dict[str, str], database: Engine
) -> None:
    expected = eligible_in_2040(database)
    before = snapshot(database)
    audit_events = scalar(database, select(func.count()).select_from(AuditEvent))

    result = clea("candidates", "purge", "--today", "2040-01-01", "--dry-run", env=scaled)

    assert result.returncode == 0, result.stderr
    assert f"Total : {len(expected)} candidat(s) à anonymiser" in result.stdout
    assert "rien n'a été modifié" in result.stdout
    assert snapshot(database) == before
    assert scalar(database, select(func.count()).select_from(AuditEvent)) == audit_events


def test_candidates_purge_anonymises_only_candidates_whose_dossiers_are_all_closed(
    scaled: dict[str, str], database: Engine
) -> None:
    expected = eligible_in_2040(database)
    assert 0 < len(expected) < scalar(database, select(func.count()).select_from(Candidate))

    result = clea("candidates", "purge", "--today", "2040-01-01", env=scaled)

    assert result.returncode == 0, result.stderr
    assert f"Total : {len(expected)} candidat(s) anonymisé(s)" in result.stdout
    anonymised = {
        candidate_id
        for candidate_id, name, email, at in snapshot(database)
        if at is not None and name == ANONYMOUS_TEXT and email == ""
    }
    assert anonymised == expected
    untouched = rows(database, select(Candidate.anonymised_at).where(Candidate.id.not_in(expected)))
    assert all(at is None for (at,) in untouched)
    audited = scalar(
        database,
        select(func.count()).where(
            AuditEvent.operation == "candidate.anonymise",
            AuditEvent.actor_label == "système (clea candidates purge)",
        ),
    )
    assert audited == len(expected)
    # and a second run finds nobody
    again = clea("candidates", "purge", "--today", "2040-01-01", env=scaled)
    assert "Total : 0 candidat(s) anonymisé(s)" in again.stdout


def test_candidates_purge_follows_clea_retention_years(
    scaled: dict[str, str], database: Engine
) -> None:
    # Nothing generated is 40 years old
    result = clea(
        "candidates", "purge", "--today", "2040-01-01", env={**scaled, "CLEA_RETENTION_YEARS": "40"}
    )

    assert result.returncode == 0, result.stderr
    assert "Total : 0 candidat(s) anonymisé(s)" in result.stdout
    assert "CLEA_RETENTION_YEARS = 40" in result.stdout


def test_candidates_purge_refuses_a_retention_that_is_not_a_number_of_years(
    tmp_path: Path,
) -> None:
    result = clea(
        "candidates",
        "purge",
        env={"CLEA_DATA_DIR": str(tmp_path), "CLEA_RETENTION_YEARS": "cinq"},
    )

    assert result.returncode == 1
    assert "CLEA_RETENTION_YEARS vaut « cinq »" in result.stderr
    assert "Traceback" not in result.stderr


# --- retention rules (service layer) --------------------------------------------------

TODAY = dt.date(2031, 6, 15)
LONG_AGO = dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)  # more than 5 years before TODAY
RECENTLY = dt.datetime(2028, 3, 1, 10, tzinfo=dt.UTC)


async def candidate_with(
    db_session: AsyncSession,
    actor: Actor,
    site: Site,
    registry: CertificationRegistry,
    name: str,
    *dossier_states: tuple[DossierStatus, dt.datetime],
    created_at: dt.datetime = LONG_AGO,
) -> Candidate:
    """A candidate registered at ``created_at`` whose dossiers stand as given."""
    data = dataclasses.replace(LEA, birth_name=name)
    candidate = await create_candidate(
        db_session, actor, data, today=dt.date(2024, 1, 1), confirm_not_duplicate=True
    )
    await db_session.execute(
        update(Candidate).where(Candidate.id == candidate.id).values(created_at=created_at)
    )
    for status, changed_at in dossier_states:
        await interviewed(db_session, actor, registry, candidate, ("CLEA",))
        dossier = await dossiers.open_dossier(
            db_session,
            actor,
            registry,
            dossiers.OpenDossier(
                candidate_id=candidate.id,
                certification_code="CLEA",
                site_id=site.id,
                prescriber_type=PrescriberType.SELF,
                financing=Financing.CPF,
                consent=True,
            ),
        )
        await db_session.execute(
            update(Dossier)
            .where(Dossier.id == dossier.id)
            .values(status=status, status_changed_at=changed_at)
        )
    await db_session.flush()
    return candidate


async def eligible_names(db_session: AsyncSession, **kwargs: Any) -> set[str]:
    ids = await retention.eligible_candidates(db_session, **kwargs)
    names = await db_session.scalars(select(Candidate.birth_name).where(Candidate.id.in_(ids)))
    return set(names)


async def test_retention_selects_candidates_inactive_for_the_period_with_no_open_dossier(
    db_session: AsyncSession,
    greta: Actor,  # noqa: F811
    greta_site: Site,  # noqa: F811
    registry: CertificationRegistry,
) -> None:
    async def given(name: str, *states: tuple[DossierStatus, dt.datetime], **kw: Any) -> None:
        await candidate_with(db_session, greta, greta_site, registry, name, *states, **kw)

    await given("Sansdossier")
    await given("Recent", created_at=RECENTLY)
    await given("Certifie", (S.CERTIFIED, LONG_AGO))
    await given("Abandonne", (S.ABANDONED, LONG_AGO), (S.CERTIFIED, LONG_AGO))
    await given("Abandonrecent", (S.ABANDONED, RECENTLY))
    await given("Encours", (S.ABANDONED, LONG_AGO), (S.TRAINING, LONG_AGO))
    await given("Expire", (S.EXPIRED, LONG_AGO))
    await given("Noncertifie", (S.NOT_CERTIFIED, LONG_AGO))

    found = await eligible_names(db_session, today=TODAY, retention_years=5)

    # Expired and not-certified dossiers are still open (CLOSED_STATUSES): kept.
    assert found == {"Sansdossier", "Certifie", "Abandonne"}
    assert await eligible_names(db_session, today=TODAY, retention_years=8) == set()
    assert "Abandonrecent" in await eligible_names(db_session, today=TODAY, retention_years=3)


async def test_retention_purge_anonymises_and_audits_and_a_dry_run_changes_nothing(
    db_session: AsyncSession,
    greta: Actor,  # noqa: F811
    greta_site: Site,  # noqa: F811
    registry: CertificationRegistry,
) -> None:
    due = await candidate_with(
        db_session, greta, greta_site, registry, "Certifie", (S.CERTIFIED, LONG_AGO)
    )
    kept = await candidate_with(
        db_session, greta, greta_site, registry, "Encours", (S.TRAINING, LONG_AGO)
    )
    done = await candidate_with(db_session, greta, greta_site, registry, "Dejafait")
    await anonymise(db_session, greta, done)
    await db_session.flush()
    system = Actor(label="système (test)", organisation_id=greta.organisation_id)

    dry = await retention.purge(db_session, system, today=TODAY, retention_years=5, dry_run=True)
    await db_session.refresh(due)

    assert (dry.eligible, dry.anonymised) == (1, 0)
    assert due.anonymised_at is None
    assert due.birth_name == "Certifie"

    result = await retention.purge(db_session, system, today=TODAY, retention_years=5)
    await db_session.refresh(due)
    await db_session.refresh(kept)

    assert (result.eligible, result.anonymised) == (1, 1)
    assert due.anonymised_at is not None
    assert due.birth_name == ANONYMOUS_TEXT
    assert kept.anonymised_at is None
    operations = await db_session.scalars(
        select(AuditEvent.operation).where(AuditEvent.actor_label == "système (test)")
    )
    assert sorted(operations) == ["candidate.anonymise", "candidate.retention_purge"]
    assert result.cutoff == dt.datetime(2026, 6, 15, tzinfo=dt.UTC)


async def test_retention_stays_within_the_organisation(
    db_session: AsyncSession,
    greta: Actor,  # noqa: F811
    greta_site: Site,  # noqa: F811
    registry: CertificationRegistry,
) -> None:
    # Given an inactive candidate in the Afpa
    async with cross_tenant_reads(db_session, "tests"):
        afpa = await db_session.scalar(
            select(Organisation).where(Organisation.slug == "afpa-demo-lille")
        )
        assert afpa is not None
        afpa_site = await db_session.scalar(select(Site).where(Site.organisation_id == afpa.id))
        assert afpa_site is not None
    afpa_adviser = Actor(label="Afpa", organisation_id=afpa.id, roles=frozenset({"adviser"}))
    with acting_as(afpa_adviser):
        await refresh_tenant(db_session)
        await candidate_with(
            db_session, afpa_adviser, afpa_site, registry, "Afpa", (S.ABANDONED, LONG_AGO)
        )
    await refresh_tenant(db_session)

    # When the Greta's purge runs, the Afpa's candidate is neither counted nor erased
    result = await retention.purge(db_session, greta, today=TODAY, retention_years=5)

    assert result.eligible == 0
    async with cross_tenant_reads(db_session, "tests"):
        left = await db_session.scalar(select(Candidate).where(Candidate.birth_name == "Afpa"))
    assert left is not None
    assert left.anonymised_at is None


def test_retention_cutoff_is_midnight_utc_the_same_day_years_before() -> None:
    assert retention.retention_cutoff(dt.date(2031, 1, 15), 5) == dt.datetime(
        2026, 1, 15, tzinfo=dt.UTC
    )
    assert retention.retention_cutoff(dt.date(2028, 2, 29), 5) == dt.datetime(
        2023, 2, 28, tzinfo=dt.UTC
    )
