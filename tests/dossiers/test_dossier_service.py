"""Opening a dossier and moving it along the pathway (service layer, no HTTP)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.dossiers import service
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.plugins import hookimpl
from clea_platform.plugins.registry import CertificationRegistry, build_plugin_manager
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from tests.dossiers.conftest import LEA, TODAY, Pathway, opening

__all__ = ["LEA", "TODAY", "opening"]  # other contexts' tests build their dossiers with them


async def test_an_adviser_opens_a_dossier_pinned_to_the_published_referentiel(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    candidate = await pathway.candidate()

    dossier = await service.open_dossier(
        db_session, greta, registry, opening(candidate, greta_site)
    )

    assert dossier.status == DossierStatus.OPENED
    assert dossier.adviser_id == greta.user_id
    events = await service.timeline(db_session, dossier.id)
    assert [(e.kind, e.to_status) for e in events] == [("opened", DossierStatus.OPENED)]


async def test_a_dossier_needs_the_candidates_consent(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    candidate = await pathway.candidate()

    with pytest.raises(service.DossierError) as refused:
        await service.open_dossier(
            db_session, greta, registry, opening(candidate, greta_site, consent=False)
        )

    assert refused.value.field == "consent"
    # (the candidate's own dossiers: the API tests' dossiers may share the database)
    opened = select(func.count()).where(Dossier.candidate_id == candidate.id)
    assert await db_session.scalar(opened) == 0


async def test_one_active_dossier_per_candidate_and_certification(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    candidate = await pathway.candidate()
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
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    candidate = await pathway.candidate()
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
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    candidate = await pathway.candidate()
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
    db_session: AsyncSession, greta: Actor, greta_site: Site, pathway: Pathway
) -> None:
    hookimpl(RefuseNumerique.clea_dossier_opening_problems)
    registry = CertificationRegistry(build_plugin_manager(extra_plugins=[RefuseNumerique]))
    candidate = await pathway.candidate()

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


async def test_abandoning_by_identifier_needs_a_reason_then_records_it(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry, pathway: Pathway
) -> None:
    dossier = await pathway.dossier()

    # When the adviser abandons it without a reason, then with one
    with pytest.raises(service.DossierError) as no_reason:
        await service.abandon(
            db_session, greta, registry, dossier.id, reason="  ", expected_revision=1
        )
    unchanged = dossier.status
    abandoned = await service.abandon(
        db_session, greta, registry, dossier.id, reason=" Déménagement ", expected_revision=1
    )

    # Then the first is refused on the reason field, the second closes the dossier
    assert no_reason.value.code == service.DossierErrorCode.REASON_REQUIRED
    assert no_reason.value.field == "reason"
    assert unchanged == DossierStatus.OPENED
    assert abandoned.status == DossierStatus.ABANDONED
    assert abandoned.abandon_reason == "Déménagement"
