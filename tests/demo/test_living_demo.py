"""The default demo (``clea demo``) is a living platform: candidates at every stage of the
pathway, a jury session to hold, one held today whose certificates can be verified, and an
accreditation application under review — made through the services, so the rules hold."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.models import Application, ApplicationStatus
from clea_platform.accreditations.storage import document_store
from clea_platform.certificates.lookup import find_by_code
from clea_platform.certificates.models import Certificate
from clea_platform.core.config import Settings
from clea_platform.demo.data import load_demo
from clea_platform.demo.living import HELD_SESSION, NEXT_SESSION, load_living
from clea_platform.dossiers.models import Dossier, DossierEvent
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations.models import EvaluationSession
from clea_platform.juries.models import JurySession, SessionStatus
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.training.models import TrainingPlan

TODAY = dt.date(2026, 11, 23)


async def _load(session: AsyncSession, registry: CertificationRegistry, settings: Settings) -> str:
    await load_demo(session, registry)
    return await load_living(session, registry, TODAY, document_store(settings))


async def _demo_dossiers(session: AsyncSession) -> list[Dossier]:
    demo = select(Organisation.id).where(
        Organisation.slug.in_(["greta-demo-paris", "afpa-demo-lille"])
    )
    return list(await session.scalars(select(Dossier).where(Dossier.organisation_id.in_(demo))))


async def _living_dossiers(
    session: AsyncSession, registry: CertificationRegistry, settings: Settings
) -> list[Dossier]:
    """The dossiers the living demo adds (the suite's other tests may have left some in the
    demo organisations of the shared database)."""
    await load_demo(session, registry)
    async with cross_tenant_reads(session, "tests"):
        before = {d.id for d in await _demo_dossiers(session)}
    await _load(session, registry, settings)
    async with cross_tenant_reads(session, "tests"):
        return [d for d in await _demo_dossiers(session) if d.id not in before]


async def test_every_stage_of_the_pathway_has_dossiers(
    db_session: AsyncSession, registry: CertificationRegistry, settings: Settings
) -> None:
    dossiers = await _living_dossiers(db_session, registry, settings)
    async with cross_tenant_reads(db_session, "tests"):
        statuses = Counter(d.status for d in dossiers)
        # Every status of the state machine, each with at least one dossier.
        assert set(statuses) == set(DossierStatus)
        assert 30 <= len(dossiers) <= 60
        # « Évaluation préalable » planned: a sitting in the days to come.
        planned = await db_session.scalar(
            select(func.count()).select_from(EvaluationSession).where(EvaluationSession.day > TODAY)
        )
        assert planned
        assert planned >= statuses[DossierStatus.INITIAL_EVALUATION]
        # In training: each with its plan and a trainer.
        training_ids = [d.id for d in dossiers if d.status == DossierStatus.TRAINING]
        plans = list(
            await db_session.scalars(
                select(TrainingPlan).where(TrainingPlan.dossier_id.in_(training_ids))
            )
        )
        assert len(plans) == len(training_ids)
        # Abandoned with a reason; expired because the window after the préalable lapsed.
        assert all(d.abandon_reason for d in dossiers if d.status == DossierStatus.ABANDONED)
        expired = [d for d in dossiers if d.status == DossierStatus.EXPIRED]
        assert all(d.window_ends_on and d.window_ends_on < TODAY for d in expired)
        # Both organisations have dossiers.
        assert len({d.organisation_id for d in dossiers}) == 2


async def test_a_session_to_hold_and_one_held_with_verifiable_certificates(
    db_session: AsyncSession, registry: CertificationRegistry, settings: Settings
) -> None:
    dossiers = await _living_dossiers(db_session, registry, settings)
    async with cross_tenant_reads(db_session, "tests"):
        held = await db_session.scalar(select(JurySession).where(JurySession.title == HELD_SESSION))
        upcoming = await db_session.scalar(
            select(JurySession).where(JurySession.title == NEXT_SESSION)
        )
        assert held is not None
        assert upcoming is not None
        assert held.status == SessionStatus.CLOSED
        assert upcoming.status == SessionStatus.CONVENED
        assert upcoming.held_on > TODAY
        certified = [d for d in dossiers if d.status == "certified"]
        certificates = list(
            await db_session.scalars(
                select(Certificate).where(Certificate.dossier_id.in_([d.id for d in certified]))
            )
        )
        # One certificate per certified dossier, each verifiable by its code.
        assert len(certificates) == len(certified) > 0
        for certificate in certificates:
            found = await find_by_code(db_session, certificate.verification_code)
            assert found is not None
            assert found.revoked_at is None
        # The decisions are on the certified dossiers' timelines.
        moves = await db_session.scalar(
            select(func.count())
            .select_from(DossierEvent)
            .where(
                DossierEvent.dossier_id.in_([d.id for d in certified]),
                DossierEvent.to_status == DossierStatus.CERTIFIED,
            )
        )
        assert moves == len(certified)


async def test_an_application_is_under_review(
    db_session: AsyncSession, registry: CertificationRegistry, settings: Settings
) -> None:
    await _load(db_session, registry, settings)
    async with cross_tenant_reads(db_session, "tests"):
        statuses = list(await db_session.scalars(select(Application.status)))
    assert ApplicationStatus.UNDER_REVIEW in statuses


async def test_loading_again_adds_nothing(
    db_session: AsyncSession, registry: CertificationRegistry, settings: Settings
) -> None:
    await _load(db_session, registry, settings)
    async with cross_tenant_reads(db_session, "tests"):
        before = len(await _demo_dossiers(db_session))
    report = await _load(db_session, registry, settings)
    async with cross_tenant_reads(db_session, "tests"):
        assert len(await _demo_dossiers(db_session)) == before
    assert "déjà" in report
