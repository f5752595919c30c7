"""An accreditation has a scope — evaluation, training or both — per certification and site.

DOMAIN.md: accreditation is mandatory for any organisation that evaluates **or trains**;
only an organisation accredited to evaluate a certification opens dossiers for it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations import (
    applications,
    campaigns,
    completeness,
    directory,
    drafts,
    granting,
    review,
)
from clea_platform.accreditations.errors import AccreditationErrorCode
from clea_platform.accreditations.models import (
    Accreditation,
    AccreditationScope,
    AccreditedEvaluator,
    Application,
    Campaign,
)
from clea_platform.accreditations.storage import DocumentStore
from clea_platform.core.errors import InvalidFormError
from clea_platform.dossiers import service as dossiers
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.accreditations.conftest import (
    MINIMAL_PDF,
    NEW_SIRET,
    TODAY,
    as_actor,
    organisation_of,
)
from tests.dossiers.conftest import open_clea

TRAINER = drafts.EvaluatorDraft(
    "Nadia Benali", "nadia.benali@formations-rhone.fr", "Formatrice CléA, 8 ans"
)
TRAINING_SITE = drafts.SiteDraft(
    siret=NEW_SIRET,
    name="Formations du Rhône — Lyon 3e",
    address_line="10 cours Gambetta",
    postal_code="69003",
    city="Lyon",
    region="Auvergne-Rhône-Alpes",
    contact_email="contact@formations-rhone.fr",
    scope="training",
    trainers=(TRAINER,),
)
TRAINING_ONLY = drafts.ApplicationDraft(
    sites=(TRAINING_SITE,), declarations=tuple(drafts.DECLARATIONS)
)
PROGRAMME = campaigns.RequiredDocument("Programme de formation", scope="training")
GRID = campaigns.RequiredDocument("Grille d'évaluation interne", scope="evaluation")


async def joint_campaign(
    session: AsyncSession,
    admin: Actor,
    registry: CertificationRegistry,
    *,
    accepted: tuple[str, ...] = campaigns.SCOPES,
) -> Campaign:
    """A 2024-style campaign: CléA and CléA numérique, evidence asked per scope."""
    with acting_as(admin):
        return await campaigns.create_campaign(
            session,
            admin,
            registry,
            campaigns.CampaignInput(
                title="Campagne 2024 — évaluateurs et formateurs",
                certification_codes=["CLEA", "CLEA_NUMERIQUE"],
                opens_on=TODAY - dt.timedelta(days=1),
                closes_on=TODAY + dt.timedelta(days=30),
                accreditation_starts_on=TODAY - dt.timedelta(days=1),
                accreditation_ends_on=TODAY + dt.timedelta(days=3 * 365),
                required_documents=[
                    campaigns.RequiredDocument("Certificat Qualiopi"),
                    *([PROGRAMME] if "training" in accepted else []),
                    *([GRID] if "evaluation" in accepted else []),
                ],
                accepted_scopes=accepted,
            ),
        )


async def started(session: AsyncSession, applicant: Actor, campaign: Campaign) -> Application:
    async with as_actor(session, applicant):
        return await applications.start_application(session, applicant, campaign.id, today=TODAY)


async def accredited_for_training_only(
    session: AsyncSession,
    applicant: Actor,
    admin: Actor,
    registry: CertificationRegistry,
    store: DocumentStore,
    *,
    campaign: Campaign | None = None,
) -> Application:
    campaign = campaign or await joint_campaign(session, admin, registry)
    application = await started(session, applicant, campaign)
    async with as_actor(session, applicant):
        await applications.save_draft(
            session, applicant, application, TRAINING_ONLY, expected_revision=application.revision
        )
        for key in ("certificat-qualiopi", "programme-de-formation"):
            await applications.attach_document(
                session, applicant, store, application, key, f"{key}.pdf", MINIMAL_PDF
            )
        await applications.submit(
            session, applicant, application, expected_revision=application.revision, today=TODAY
        )
    async with as_actor(session, admin):
        await review.start_review(session, admin, application.id)
        await granting.accept(session, admin, application.id, granting.Acceptance())
    return application


async def test_a_campaign_accepts_both_scopes_unless_it_says_otherwise(
    db_session: AsyncSession, platform_admin: Actor, registry: CertificationRegistry
) -> None:
    both = await joint_campaign(db_session, platform_admin, registry)
    evaluation_only = await joint_campaign(
        db_session, platform_admin, registry, accepted=("evaluation",)
    )
    assert both.accepted_scopes == ["evaluation", "training"]
    assert evaluation_only.accepted_scopes == ["evaluation"]
    assert [d["scope"] for d in both.required_documents] == ["", "training", "evaluation"]


async def test_a_campaign_accepting_nothing_or_asking_evidence_of_a_refused_scope_is_refused(
    db_session: AsyncSession, platform_admin: Actor, registry: CertificationRegistry
) -> None:
    base = campaigns.CampaignInput(
        title="Campagne sans portée",
        certification_codes=["CLEA"],
        opens_on=TODAY,
        closes_on=TODAY + dt.timedelta(days=30),
        accreditation_starts_on=TODAY,
        accreditation_ends_on=TODAY + dt.timedelta(days=365),
        accepted_scopes=(),
    )
    with acting_as(platform_admin), pytest.raises(InvalidFormError) as refused:
        await campaigns.create_campaign(db_session, platform_admin, registry, base)
    assert [e.field for e in refused.value.errors] == ["acceptedScopes"]
    with acting_as(platform_admin), pytest.raises(InvalidFormError) as refused:
        await campaigns.create_campaign(
            db_session,
            platform_admin,
            registry,
            dataclasses.replace(
                base, accepted_scopes=("evaluation",), required_documents=[PROGRAMME]
            ),
        )
    assert [e.field for e in refused.value.errors] == ["requiredDocuments"]


async def test_a_training_site_is_asked_for_trainers_and_training_evidence_not_evaluators(
    db_session: AsyncSession,
    applicant: Actor,
    platform_admin: Actor,
    registry: CertificationRegistry,
) -> None:
    campaign = await joint_campaign(db_session, platform_admin, registry)
    organisation = await organisation_of(db_session, applicant)
    without_trainer = drafts.ApplicationDraft(
        sites=(dataclasses.replace(TRAINING_SITE, trainers=()),),
        declarations=tuple(drafts.DECLARATIONS),
    )
    missing = {
        e.field for e in completeness.missing_items(campaign, organisation, without_trainer, [])
    }
    assert missing == {
        "sites[0].trainers",
        "documents.certificat-qualiopi",
        "documents.programme-de-formation",
    }
    both = drafts.ApplicationDraft(
        sites=(dataclasses.replace(TRAINING_SITE, scope="both"),),
        declarations=tuple(drafts.DECLARATIONS),
    )
    missing = {e.field for e in completeness.missing_items(campaign, organisation, both, [])}
    assert missing == {
        "sites[0].evaluators",
        "documents.certificat-qualiopi",
        "documents.programme-de-formation",
        "documents.grille-d-evaluation-interne",
    }


async def test_a_site_asking_for_a_scope_the_campaign_refuses_is_refused_and_nothing_saved(
    db_session: AsyncSession,
    applicant: Actor,
    platform_admin: Actor,
    registry: CertificationRegistry,
) -> None:
    campaign = await joint_campaign(db_session, platform_admin, registry, accepted=("evaluation",))
    application = await started(db_session, applicant, campaign)
    revision = application.revision
    async with as_actor(db_session, applicant):
        with pytest.raises(InvalidFormError) as refused:
            await applications.save_draft(
                db_session, applicant, application, TRAINING_ONLY, expected_revision=revision
            )
    (problem,) = refused.value.errors
    assert problem.code == AccreditationErrorCode.INVALID
    assert problem.field == "sites[0].scope"
    assert "n'habilite que pour l'évaluation" in problem.message
    assert application.revision == revision
    assert application.content["sites"] == []


async def test_accepting_a_training_application_grants_training_accreditations_without_evaluators(
    db_session: AsyncSession,
    applicant: Actor,
    platform_admin: Actor,
    registry: CertificationRegistry,
    store: DocumentStore,
) -> None:
    await accredited_for_training_only(db_session, applicant, platform_admin, registry, store)
    async with cross_tenant_reads(db_session, "tests"):
        granted = list(
            await db_session.scalars(
                select(Accreditation).where(
                    Accreditation.organisation_id == applicant.organisation_id
                )
            )
        )
        named = list(
            await db_session.scalars(
                select(AccreditedEvaluator).where(
                    AccreditedEvaluator.organisation_id == applicant.organisation_id
                )
            )
        )
    assert sorted((a.certification_code, a.scope) for a in granted) == [
        ("CLEA", AccreditationScope.TRAINING),
        ("CLEA_NUMERIQUE", AccreditationScope.TRAINING),
    ]
    assert named == []


async def test_an_organisation_accredited_for_training_only_cannot_open_a_dossier(
    db_session: AsyncSession,
    applicant: Actor,
    platform_admin: Actor,
    registry: CertificationRegistry,
    store: DocumentStore,
) -> None:
    await accredited_for_training_only(db_session, applicant, platform_admin, registry, store)
    trainer_org = dataclasses.replace(
        applicant, organisation_active=True, organisation_pending=False
    )
    async with as_actor(db_session, trainer_org):
        site = await db_session.scalar(select(Site).where(Site.siret == NEW_SIRET))
        assert site is not None
        with pytest.raises(dossiers.DossierError) as refused:
            await open_clea(db_session, trainer_org, site, registry)
    assert refused.value.code == dossiers.DossierErrorCode.NOT_ACCREDITED
    assert "pour la formation seulement" in refused.value.message
    assert "habilitation à l'évaluation" in refused.value.message


@pytest.mark.parametrize(
    ("scope", "opens"),
    [
        (AccreditationScope.EVALUATION, True),
        (AccreditationScope.BOTH, True),
        (AccreditationScope.TRAINING, False),
    ],
)
async def test_opening_a_dossier_needs_an_evaluation_scope(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    scope: AccreditationScope,
    opens: bool,
) -> None:
    await db_session.execute(
        update(Accreditation).where(Accreditation.site_id == greta_site.id).values(scope=scope)
    )
    if opens:
        assert (await open_clea(db_session, greta, greta_site, registry)).site_id == greta_site.id
        return
    with pytest.raises(dossiers.DossierError) as refused:
        await open_clea(db_session, greta, greta_site, registry)
    assert refused.value.code == dossiers.DossierErrorCode.NOT_ACCREDITED


async def find(session: AsyncSession, scope: AccreditationScope | None) -> dict[str, str]:
    with acting_as(Actor()):
        page = await directory.search(
            session, directory.DirectoryFilter(scope=scope), today=TODAY, first=50, after=None
        )
    return {entry.site.siret: entry.scope.value for entry in page.items}


async def test_the_directory_is_searched_for_evaluation_training_or_both(
    db_session: AsyncSession,
    applicant: Actor,
    platform_admin: Actor,
    registry: CertificationRegistry,
    store: DocumentStore,
) -> None:
    await accredited_for_training_only(db_session, applicant, platform_admin, registry, store)
    paris = "13002526500013"  # the demo's Greta: accredited to evaluate (data before #19)
    async with cross_tenant_reads(db_session, "tests"):
        lille = await db_session.scalar(select(Site).where(Site.siret == "82404926600014"))
        assert lille is not None
        await db_session.execute(
            update(Accreditation)
            .where(Accreditation.site_id == lille.id)
            .values(scope=AccreditationScope.BOTH)
        )

    evaluating = await find(db_session, AccreditationScope.EVALUATION)
    training = await find(db_session, AccreditationScope.TRAINING)
    both = await find(db_session, AccreditationScope.BOTH)
    anything = await find(db_session, None)

    assert evaluating[paris] == "evaluation"
    assert evaluating[lille.siret] == "both"
    assert NEW_SIRET not in evaluating
    assert training == {NEW_SIRET: "training", lille.siret: "both"}
    assert both == {lille.siret: "both"}
    assert {paris, lille.siret, NEW_SIRET} <= set(anything)


async def test_a_campaign_updated_without_its_scopes_keeps_them(
    db_session: AsyncSession, platform_admin: Actor, registry: CertificationRegistry
) -> None:
    campaign = await joint_campaign(db_session, platform_admin, registry, accepted=("training",))
    with acting_as(platform_admin):
        await campaigns.update_campaign(
            db_session,
            platform_admin,
            registry,
            campaign.id,
            campaigns.CampaignInput(
                title="Campagne 2024 — formateurs",
                certification_codes=["CLEA"],
                opens_on=campaign.opens_on,
                closes_on=campaign.closes_on,
                accreditation_starts_on=campaign.accreditation_starts_on,
                accreditation_ends_on=campaign.accreditation_ends_on,
            ),
            expected_revision=campaign.revision,
        )
    assert campaign.accepted_scopes == ["training"]
