"""The pathway's service-test set-up: the Greta's staff, and one factory for its steps.

A rolled-back session with the demo data, acting as the Greta's adviser (``greta``) with
its evaluator (``sophie``). :class:`Pathway` (fixture ``pathway``) builds a candidate's
pathway up to the step a test starts from: a candidate, a dossier, an evaluation with its
results, a closed évaluation préalable, a dossier in training. The tests of candidates,
dossiers, evaluations, training, documents and the pathway import these fixtures (and
other contexts' tests do, for their own set-up).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.models import Candidate
from clea_platform.candidates.service import create_candidate
from clea_platform.candidates.validation import (
    CandidateData,
    Civility,
    EducationLevel,
    RegistrationStatus,
)
from clea_platform.demo.data import load_demo
from clea_platform.dossiers import interviews
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.choices import Financing, InterviewOutcome, PrescriberType
from clea_platform.dossiers.models import Dossier
from clea_platform.evaluations import service as evaluations
from clea_platform.evaluations.models import Evaluation, EvaluationKind
from clea_platform.evaluations.results import ResultInput
from clea_platform.identity.models import Membership, User
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels.scoring import Outcome, ResultValue
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant

TODAY = dt.date(2026, 11, 23)
LEA = CandidateData(
    civility=Civility.MADAME,
    birth_name="Durand",
    first_names="Léa",
    birth_date=dt.date(1990, 4, 12),
    birth_country="France",
    birth_city="Roubaix",
    status_at_registration=RegistrationStatus.JOBSEEKER,
    education_level=EducationLevel.CAP_BEP,
)


@pytest.fixture
async def greta(db_session: AsyncSession, registry: CertificationRegistry) -> AsyncIterator[Actor]:
    """The Greta's adviser, acting in a session whose work is rolled back afterwards."""
    await load_demo(db_session, registry)
    async with cross_tenant_reads(db_session, "tests"):
        organisation = await db_session.scalar(
            select(Organisation).where(Organisation.slug == "greta-demo-paris")
        )
        user = await db_session.scalar(select(User).where(User.email == "conseiller@greta-demo.fr"))
    assert organisation is not None
    assert user is not None
    actor = Actor(
        label="Karim Benali <conseiller@greta-demo.fr>",
        user_id=user.id,
        organisation_id=organisation.id,
        roles=frozenset({"adviser"}),
    )
    with acting_as(actor):
        await refresh_tenant(db_session)
        yield actor
    await refresh_tenant(db_session)


@pytest.fixture
async def greta_site(db_session: AsyncSession, greta: Actor) -> Site:
    """The Greta's accredited demo site (other tests may have added sites to the Greta)."""
    site = await db_session.scalar(select(Site).where(Site.siret == "13002526500013"))
    assert site is not None
    return site


@pytest.fixture
async def sophie(db_session: AsyncSession, greta: Actor) -> Actor:
    """The Greta's evaluator, named on its demo accreditations (she records results)."""
    async with cross_tenant_reads(db_session, "tests"):
        user_id = await db_session.scalar(
            select(User.id).where(User.email == "evaluatrice@greta-demo.fr")
        )
    assert user_id is not None
    return Actor(
        label="Sophie Leroy <evaluatrice@greta-demo.fr>",
        user_id=user_id,
        email="evaluatrice@greta-demo.fr",
        organisation_id=greta.organisation_id,
        roles=frozenset({"evaluator"}),
    )


def opening(candidate: Candidate, site: Site, **changes: object) -> dossiers.OpenDossier:
    """A CléA dossier's opening for ``candidate`` (France Travail, CPF, consent given)."""
    values: dict[str, object] = {
        "candidate_id": candidate.id,
        "certification_code": "CLEA",
        "site_id": site.id,
        "prescriber_type": PrescriberType.FRANCE_TRAVAIL,
        "financing": Financing.CPF,
        "consent": True,
    }
    values.update(changes)
    return dossiers.OpenDossier(**values)  # type: ignore[arg-type]


async def interviewed(
    db_session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    candidate: Candidate,
    certifications: tuple[str, ...] = (),
) -> None:
    """The adviser held the information interview with ``candidate``: oriented towards
    ``certifications`` (every certification when none is named), today. The adviser is the
    actor, or a member of their organisation when the actor is no person."""
    adviser_id = actor.user_id or await db_session.scalar(
        select(Membership.user_id).where(Membership.organisation_id == actor.organisation_id)
    )
    assert adviser_id is not None
    for code in certifications or tuple(registry.codes()):
        await interviews.record_interview(
            db_session,
            actor,
            registry,
            interviews.RecordInterview(
                candidate_id=candidate.id,
                certification_code=code,
                held_on=TODAY,
                adviser_id=adviser_id,
                outcome=InterviewOutcome.ORIENTED,
            ),
            today=TODAY,
        )


async def open_clea(
    db_session: AsyncSession,
    actor: Actor,
    site: Site,
    registry: CertificationRegistry,
    certification: str = "CLEA",
    *,
    person: CandidateData = LEA,
) -> Dossier:
    """A new dossier for Léa (a new candidate each time), or ``person``, on ``certification``."""
    candidate = await create_candidate(
        db_session, actor, person, today=TODAY, confirm_not_duplicate=True
    )
    await interviewed(db_session, actor, registry, candidate, (certification,))
    return await dossiers.open_dossier(
        db_session,
        actor,
        registry,
        dossiers.OpenDossier(
            candidate_id=candidate.id,
            certification_code=certification,
            site_id=site.id,
            prescriber_type=PrescriberType.SELF,
            financing=Financing.CPF,
            consent=True,
        ),
    )


def clea_leaves(registry: CertificationRegistry) -> list[str]:
    return list(registry.get("CLEA").bundled_referentiel.tree.leaf_codes())


Results = Mapping[str, ResultValue | None]


@dataclass
class Pathway:
    """Builds a candidate's pathway, step by step, as the Greta's adviser and evaluator."""

    session: AsyncSession
    registry: CertificationRegistry
    adviser: Actor
    evaluator: Actor
    site: Site

    async def candidate(self, data: CandidateData = LEA, **changes: object) -> Candidate:
        """A new candidate (possible duplicates confirmed): Léa, or Léa with ``changes``,
        whom the adviser met at an information interview that oriented them towards every
        certification (a dossier may then open)."""
        candidate = await create_candidate(
            self.session,
            self.adviser,
            dataclasses.replace(data, **changes),  # type: ignore[arg-type]
            today=TODAY,
            confirm_not_duplicate=True,
        )
        await interviewed(self.session, self.adviser, self.registry, candidate)
        return candidate

    async def dossier(self, certification: str = "CLEA", **opening_changes: object) -> Dossier:
        """A new candidate's dossier on ``certification``, opened by the adviser."""
        candidate = await self.candidate()
        return await dossiers.open_dossier(
            self.session,
            self.adviser,
            self.registry,
            opening(candidate, self.site, certification_code=certification, **opening_changes),
        )

    async def evaluation(self, dossier: Dossier) -> Evaluation:
        """The dossier's évaluation préalable, started by the adviser."""
        return await evaluations.start_evaluation(
            self.session, self.adviser, self.registry, dossier, EvaluationKind.INITIAL
        )

    async def record(
        self, evaluation: Evaluation, results: Results, comments: Mapping[str, str] | None = None
    ) -> evaluations.SavedGrid:
        """The evaluator saves ``results`` (item → value, None clears) from the current grid."""
        return await evaluations.save_results(
            self.session,
            self.evaluator,
            self.registry,
            evaluation,
            [
                ResultInput(code, value, (comments or {}).get(code, ""))
                for code, value in results.items()
            ],
            expected_revision=evaluation.revision,
        )

    async def close(self, evaluation: Evaluation) -> Outcome:
        return await evaluations.close_evaluation(
            self.session, self.adviser, self.registry, evaluation
        )

    async def evaluated(
        self, certification: str, results: Results
    ) -> tuple[Dossier, Evaluation, Outcome]:
        """A dossier whose évaluation préalable recorded ``results`` and was closed."""
        dossier = await self.dossier(certification)
        evaluation = await self.evaluation(dossier)
        await self.record(evaluation, results)
        return dossier, evaluation, await self.close(evaluation)

    async def user_id(self, email: str) -> uuid.UUID:
        found = await self.session.scalar(select(User.id).where(User.email == email))
        assert found is not None
        return found


#: CléA Management's three areas, the second not acquired: a dossier sent to training.
MANAGEMENT_GAP: Results = {"1": "acquis", "2": "non_acquis", "3": "acquis"}


@pytest.fixture
async def pathway(
    db_session: AsyncSession,
    registry: CertificationRegistry,
    greta: Actor,
    sophie: Actor,
    greta_site: Site,
) -> Pathway:
    return Pathway(db_session, registry, adviser=greta, evaluator=sophie, site=greta_site)
