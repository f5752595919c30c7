"""Only accredited organisations open dossiers; only named evaluators evaluate."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations import service
from clea_platform.accreditations.errors import AccreditationError
from clea_platform.accreditations.models import Accreditation, AccreditationStatus
from clea_platform.dossiers import service as dossiers
from clea_platform.evaluations import service as evaluations
from clea_platform.evaluations.models import EvaluationKind
from clea_platform.identity.models import User
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.dossiers.conftest import open_clea

TODAY = dt.date.today()


async def set_accreditations(session: AsyncSession, site: Site, **values: object) -> None:
    await session.execute(
        update(Accreditation).where(Accreditation.site_id == site.id).values(**values)
    )


async def test_an_accredited_organisation_opens_a_dossier(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    dossier = await open_clea(db_session, greta, greta_site, registry)
    assert dossier.site_id == greta_site.id


async def test_a_site_without_accreditation_cannot_open_dossiers(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    await db_session.execute(
        Accreditation.__table__.delete().where(Accreditation.site_id == greta_site.id)
    )
    with pytest.raises(dossiers.DossierError) as refused:
        await open_clea(db_session, greta, greta_site, registry)
    assert refused.value.code == dossiers.DossierErrorCode.NOT_ACCREDITED
    assert "n'est pas habilité pour CLEA" in refused.value.message
    assert greta_site.siret in refused.value.message


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"status": AccreditationStatus.SUSPENDED}, "suspendue"),
        ({"status": AccreditationStatus.WITHDRAWN}, "retirée"),
        ({"valid_until": TODAY - dt.timedelta(days=1)}, "expirée depuis le"),
        ({"valid_from": TODAY + dt.timedelta(days=5)}, "pas encore en vigueur"),
    ],
)
async def test_an_accreditation_that_is_not_valid_today_refuses_new_dossiers(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    values: dict[str, object],
    words: str,
) -> None:
    await set_accreditations(db_session, greta_site, **values)
    with pytest.raises(dossiers.DossierError) as refused:
        await open_clea(db_session, greta, greta_site, registry)
    assert refused.value.code == dossiers.DossierErrorCode.NOT_ACCREDITED
    assert words in refused.value.message


async def test_an_evaluator_not_named_on_the_accreditation_cannot_be_planned(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    dossier = await open_clea(db_session, greta, greta_site, registry)
    evaluation = await evaluations.start_evaluation(
        db_session, greta, registry, dossier, EvaluationKind.INITIAL
    )
    sophie_id = await db_session.scalar(
        select(User.id).where(User.email == "evaluatrice@greta-demo.fr")
    )
    assert sophie_id is not None
    accreditation = await db_session.scalar(
        select(Accreditation).where(
            Accreditation.site_id == greta_site.id, Accreditation.certification_code == "CLEA"
        )
    )
    assert accreditation is not None
    await service.remove_evaluator(db_session, greta, accreditation.id, "evaluatrice@greta-demo.fr")
    with pytest.raises(evaluations.EvaluationError) as refused:
        await evaluations.plan_session(
            db_session,
            greta,
            registry,
            evaluation,
            day=TODAY,
            starts_at=dt.time(9),
            ends_at=dt.time(11),
            site_id=greta_site.id,
            evaluator_id=sophie_id,
        )
    assert refused.value.code == evaluations.EvaluationErrorCode.NOT_ACCREDITED
    assert "evaluatrice@greta-demo.fr n'est pas évaluateur habilité" in refused.value.message


async def test_an_expired_accreditation_lets_open_dossiers_finish_when_the_campaign_says_so(
    db_session: AsyncSession,
    greta: Actor,
    sophie: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
) -> None:
    dossier = await open_clea(db_session, greta, greta_site, registry)
    evaluation = await evaluations.start_evaluation(
        db_session, greta, registry, dossier, EvaluationKind.INITIAL
    )
    await set_accreditations(db_session, greta_site, valid_until=TODAY - dt.timedelta(days=1))
    item = evaluation.target_items[0]
    saved = await evaluations.save_results(
        db_session,
        sophie,
        registry,
        evaluation,
        [evaluations.ResultInput(item, "acquis")],
        expected_revision=0,
    )
    assert saved.saved == 1
    await set_accreditations(db_session, greta_site, open_dossiers_may_finish=False)
    with pytest.raises(evaluations.EvaluationError) as refused:
        await evaluations.save_results(
            db_session,
            sophie,
            registry,
            evaluation,
            [evaluations.ResultInput(item, "non_acquis")],
            expected_revision=saved.revision,
        )
    assert refused.value.code == evaluations.EvaluationErrorCode.NOT_ACCREDITED


async def test_a_suspended_accreditation_stops_recording_results(
    db_session: AsyncSession,
    greta: Actor,
    sophie: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
) -> None:
    dossier = await open_clea(db_session, greta, greta_site, registry)
    evaluation = await evaluations.start_evaluation(
        db_session, greta, registry, dossier, EvaluationKind.INITIAL
    )
    accreditation = await db_session.scalar(
        select(Accreditation).where(
            Accreditation.site_id == greta_site.id, Accreditation.certification_code == "CLEA"
        )
    )
    assert accreditation is not None
    await service.change_status(
        db_session, greta, accreditation.id, AccreditationStatus.SUSPENDED, "Contrôle en cours"
    )
    with pytest.raises(evaluations.EvaluationError) as refused:
        await evaluations.save_results(
            db_session,
            sophie,
            registry,
            evaluation,
            [evaluations.ResultInput(evaluation.target_items[0], "acquis")],
            expected_revision=0,
        )
    assert "suspendue" in refused.value.message
    await service.change_status(db_session, greta, accreditation.id, AccreditationStatus.ACTIVE, "")
    with pytest.raises(AccreditationError):
        await service.change_status(
            db_session, greta, accreditation.id, AccreditationStatus.ACTIVE, ""
        )


async def test_reminders_go_90_then_30_days_before_expiry_once_each(
    db_session: AsyncSession, greta: Actor, greta_site: Site
) -> None:
    async with cross_tenant_reads(db_session, "tests"):
        await db_session.execute(
            update(Accreditation).values(valid_until=TODAY + dt.timedelta(days=400))
        )
    await set_accreditations(db_session, greta_site, valid_until=TODAY + dt.timedelta(days=80))
    first = await service.send_expiry_reminders(db_session, TODAY)
    again = await service.send_expiry_reminders(db_session, TODAY)
    later = await service.send_expiry_reminders(db_session, TODAY + dt.timedelta(days=55))
    certifications = len(registry_codes := {"CLEA", "CLEA_NUMERIQUE", "CLEA_MANAGEMENT"})
    assert first == certifications == len(registry_codes)
    assert again == 0
    assert later == certifications
