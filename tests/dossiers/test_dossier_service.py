"""Opening a dossier and moving it along the pathway (service layer, no HTTP)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.models import Candidate
from clea_platform.candidates.service import anonymise, create_candidate, export_data
from clea_platform.candidates.validation import (
    CandidateData,
    CandidateError,
    Civility,
    EducationLevel,
    RegistrationStatus,
)
from clea_platform.dossiers import service
from clea_platform.dossiers.choices import Financing, PrescriberType
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site

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


def opening(candidate: Candidate, site: Site, **changes: object) -> service.OpenDossier:
    values: dict[str, object] = {
        "candidate_id": candidate.id,
        "certification_code": "CLEA",
        "site_id": site.id,
        "prescriber_type": PrescriberType.FRANCE_TRAVAIL,
        "financing": Financing.CPF,
        "consent": True,
    }
    values.update(changes)
    return service.OpenDossier(**values)  # type: ignore[arg-type]


async def test_an_adviser_opens_a_dossier_pinned_to_the_published_referentiel(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    candidate = await create_candidate(db_session, greta, LEA, today=TODAY)

    dossier = await service.open_dossier(
        db_session, greta, registry, opening(candidate, greta_site)
    )

    assert dossier.status == DossierStatus.OPENED
    assert dossier.adviser_id == greta.user_id
    events = await service.timeline(db_session, dossier.id)
    assert [(e.kind, e.to_status) for e in events] == [("opened", DossierStatus.OPENED)]


async def test_a_dossier_needs_the_candidates_consent(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    candidate = await create_candidate(db_session, greta, LEA, today=TODAY)

    with pytest.raises(service.DossierError) as refused:
        await service.open_dossier(
            db_session, greta, registry, opening(candidate, greta_site, consent=False)
        )

    assert refused.value.field == "consent"
    assert await db_session.scalar(select(func.count()).select_from(Dossier)) == 0


async def test_one_active_dossier_per_candidate_and_certification(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    candidate = await create_candidate(db_session, greta, LEA, today=TODAY)
    await service.open_dossier(db_session, greta, registry, opening(candidate, greta_site))

    with pytest.raises(service.DossierError) as refused:
        await service.open_dossier(db_session, greta, registry, opening(candidate, greta_site))
    numerique = await service.open_dossier(
        db_session,
        greta,
        registry,
        opening(candidate, greta_site, certification_code="CLEA_NUMERIQUE"),
    )

    assert refused.value.code == service.DossierErrorCode.ALREADY_OPEN
    assert numerique.status == DossierStatus.OPENED


async def test_the_pathway_opens_a_five_year_window_and_records_every_step(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    candidate = await create_candidate(db_session, greta, LEA, today=TODAY)
    dossier = await service.open_dossier(
        db_session, greta, registry, opening(candidate, greta_site)
    )

    await service.move(db_session, greta, registry, dossier, DossierStatus.INITIAL_EVALUATION)
    await service.move(db_session, greta, registry, dossier, DossierStatus.TRAINING, today=TODAY)

    assert dossier.window_ends_on == dt.date(2031, 11, 23)
    assert dossier.revision == 3
    with pytest.raises(service.DossierError) as refused:
        await service.move(db_session, greta, registry, dossier, DossierStatus.CERTIFIED)
    assert refused.value.code == service.DossierErrorCode.FORBIDDEN_TRANSITION
    assert "« en formation » à « certifié »" in refused.value.message

    expired = await service.expire_lapsed(db_session, greta, registry, dt.date(2031, 11, 24))
    assert expired == 1
    assert dossier.status == DossierStatus.EXPIRED
    kinds = [e.to_status for e in await service.timeline(db_session, dossier.id)]
    assert kinds == [
        DossierStatus.OPENED,
        DossierStatus.INITIAL_EVALUATION,
        DossierStatus.TRAINING,
        DossierStatus.EXPIRED,
    ]


async def test_abandoning_needs_a_reason_and_a_stale_revision_is_refused(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    candidate = await create_candidate(db_session, greta, LEA, today=TODAY)
    dossier = await service.open_dossier(
        db_session, greta, registry, opening(candidate, greta_site)
    )

    with pytest.raises(service.DossierError) as no_reason:
        await service.move(db_session, greta, registry, dossier, DossierStatus.ABANDONED)
    with pytest.raises(service.DossierError) as stale:
        await service.move(
            db_session,
            greta,
            registry,
            dossier,
            DossierStatus.INITIAL_EVALUATION,
            expected_revision=dossier.revision - 1,
        )

    assert no_reason.value.field == "comment"
    assert stale.value.code == service.DossierErrorCode.STALE_REVISION
    assert dossier.status == DossierStatus.OPENED


async def test_a_possible_duplicate_is_flagged_before_creation(
    db_session: AsyncSession, greta: Actor
) -> None:
    await create_candidate(db_session, greta, LEA, today=TODAY)

    with pytest.raises(CandidateError) as flagged:
        await create_candidate(db_session, greta, LEA, today=TODAY)
    confirmed = await create_candidate(
        db_session, greta, LEA, today=TODAY, confirm_not_duplicate=True
    )

    assert flagged.value.code.name == "POSSIBLE_DUPLICATE"
    assert confirmed.id


async def test_erasing_a_candidate_keeps_no_identifying_data(
    db_session: AsyncSession, greta: Actor
) -> None:
    candidate = await create_candidate(db_session, greta, LEA, today=TODAY)

    await anonymise(db_session, greta, candidate)

    exported = export_data(candidate)
    assert "Durand" not in str(exported)
    assert "Léa" not in str(exported)
    assert exported["birth_date"] == "1990-01-01"


class RefuseNumerique:
    """A plugin that objects to CléA numérique dossiers (as an expired accreditation would)."""

    @staticmethod
    def clea_dossier_opening_problems(
        session: object, organisation_id: object, certification_code: str, site_id: object
    ) -> object:
        if certification_code != "CLEA_NUMERIQUE":
            return None

        async def check() -> list[str]:
            return ["Habilitation CléA numérique expirée pour ce site."]

        return check()


async def test_a_plugin_can_refuse_the_opening_of_a_dossier(
    db_session: AsyncSession, greta: Actor, greta_site: Site
) -> None:
    from clea_platform.plugins import hookimpl
    from clea_platform.plugins.registry import CertificationRegistry, build_plugin_manager

    hookimpl(RefuseNumerique.clea_dossier_opening_problems)
    registry = CertificationRegistry(build_plugin_manager(extra_plugins=[RefuseNumerique]))
    candidate = await create_candidate(db_session, greta, LEA, today=TODAY)

    with pytest.raises(service.DossierError) as refused:
        await service.open_dossier(
            db_session,
            greta,
            registry,
            opening(candidate, greta_site, certification_code="CLEA_NUMERIQUE"),
        )
    allowed = await service.open_dossier(
        db_session, greta, registry, opening(candidate, greta_site)
    )

    assert refused.value.code == service.DossierErrorCode.NOT_ACCREDITED
    assert refused.value.message == "Habilitation CléA numérique expirée pour ce site."
    assert allowed.certification_code == "CLEA"
