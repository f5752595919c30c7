"""Two organisations' dossiers ready for the jury, a roster of four and Certif'Pro's admin."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.validation import CandidateData
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations import service as evaluations
from clea_platform.evaluations.models import EvaluationKind
from clea_platform.juries import roster
from clea_platform.juries.models import JuryMember, Side
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant
from tests.accreditations.conftest import platform_admin  # noqa: F401
from tests.dossiers.conftest import LEA, clea_leaves, greta, greta_site, open_clea, sophie  # noqa: F401

GRETA_SIREN = "130025265"
#: A domain of the CléA référentiel (criteria at issue in a « non certifié »).
DOMAIN = "1"


@contextlib.asynccontextmanager
async def as_actor(session: AsyncSession, actor: Actor) -> AsyncIterator[Actor]:
    with acting_as(actor):
        await refresh_tenant(session)
        yield actor
    await refresh_tenant(session)


async def ready_dossier(
    session: AsyncSession,
    adviser: Actor,
    evaluator: Actor,
    site: Site,
    registry: CertificationRegistry,
    *,
    person: CandidateData = LEA,
) -> Dossier:
    """A CléA dossier whose évaluation préalable found everything acquired."""
    async with as_actor(session, adviser):
        dossier = await open_clea(session, adviser, site, registry, person=person)
        evaluation = await evaluations.start_evaluation(
            session, adviser, registry, dossier, EvaluationKind.INITIAL
        )
    async with as_actor(session, evaluator):
        await evaluations.save_results(
            session,
            evaluator,
            registry,
            evaluation,
            [evaluations.ResultInput(code, "acquis") for code in clea_leaves(registry)],
            expected_revision=0,
        )
        await evaluations.close_evaluation(session, evaluator, registry, evaluation)
    assert dossier.status == DossierStatus.READY_FOR_JURY
    return dossier


@pytest.fixture
async def ready(
    db_session: AsyncSession,
    greta: Actor,  # noqa: F811
    sophie: Actor,  # noqa: F811
    greta_site: Site,  # noqa: F811
    registry: CertificationRegistry,
) -> list[Dossier]:
    return [await ready_dossier(db_session, greta, sophie, greta_site, registry) for _ in range(2)]


@pytest.fixture
async def members(
    db_session: AsyncSession,
    platform_admin: Actor,  # noqa: F811
    registry: CertificationRegistry,
) -> dict[str, JuryMember]:
    """Two employers' and two employees' representatives; one works with the Greta."""
    people = {
        "employeur1": (Side.EMPLOYER, "MEDEF Île-de-France", []),
        "employeur2": (Side.EMPLOYER, "CPME Paris", []),
        "salarie1": (Side.EMPLOYEE, "CFDT", [GRETA_SIREN]),
        "salarie2": (Side.EMPLOYEE, "CGT", []),
    }
    found = {}
    async with as_actor(db_session, platform_admin):
        for key, (side, body, affiliations) in people.items():
            found[key] = await roster.add_member(
                db_session,
                platform_admin,
                registry,
                roster.MemberInput(
                    email=f"{key}@jury.example.fr",
                    full_name=key.capitalize(),
                    side=side,
                    body=body,
                    region="Île-de-France",
                    certification_codes=["CLEA"],
                    affiliations=affiliations,
                ),
                base_url="http://test",
            )
    return found


def member_actor(member: JuryMember, name: str) -> Actor:
    return Actor(label=name, user_id=member.user_id, email=f"{name}@jury.example.fr")


TODAY = dt.date.today()


async def dossier_status(session: AsyncSession, dossier_id: object) -> DossierStatus:
    async with cross_tenant_reads(session, "tests"):
        status = await session.scalar(select(Dossier.status).where(Dossier.id == dossier_id))
    assert status is not None
    return status
