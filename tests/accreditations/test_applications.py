"""An organisation applies to a campaign and Certif'Pro reviews it (service layer)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations import (
    access_requests,
    applications,
    campaigns,
    drafts,
    granting,
    review,
)
from clea_platform.accreditations.errors import AccreditationError, AccreditationErrorCode
from clea_platform.accreditations.models import (
    Accreditation,
    AccreditedEvaluator,
    Application,
    ApplicationStatus,
    Campaign,
)
from clea_platform.accreditations.storage import MAX_DOCUMENT_BYTES, DocumentStore
from clea_platform.core.errors import InvalidFormError
from clea_platform.evaluations.models import IdempotentRequest
from clea_platform.mail.models import OutboxEmail
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import OrganisationStatus, Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.accreditations.conftest import (
    MINIMAL_PDF,
    NEW_SIREN,
    NEW_SIRET,
    OTHER_SIRET,
    TODAY,
    as_actor,
    organisation_of,
)

SITE = drafts.SiteDraft(
    siret=NEW_SIRET,
    name="Formations du Rhône — Lyon 3e",
    address_line="10 cours Gambetta",
    postal_code="69003",
    city="Lyon",
    region="Auvergne-Rhône-Alpes",
    contact_email="contact@formations-rhone.fr",
    evaluators=(
        drafts.EvaluatorDraft(
            "Paul Girard", "paul.girard@formations-rhone.fr", "Évaluateur CléA depuis 2019"
        ),
        drafts.EvaluatorDraft("Léa Roux", "lea.roux@formations-rhone.fr", "Formatrice certifiée"),
    ),
)
COMPLETE = drafts.ApplicationDraft(sites=(SITE,), declarations=tuple(drafts.DECLARATIONS))


async def started(session: AsyncSession, applicant: Actor, campaign: Campaign) -> Application:
    async with as_actor(session, applicant):
        return await applications.start_application(session, applicant, campaign.id, today=TODAY)


async def submitted(
    session: AsyncSession, applicant: Actor, campaign: Campaign, store: DocumentStore
) -> Application:
    application = await started(session, applicant, campaign)
    async with as_actor(session, applicant):
        await applications.save_draft(
            session, applicant, application, COMPLETE, expected_revision=application.revision
        )
        await applications.attach_document(
            session,
            applicant,
            store,
            application,
            "certificat-qualiopi",
            "qualiopi.pdf",
            MINIMAL_PDF,
        )
        await applications.submit(
            session, applicant, application, expected_revision=application.revision, today=TODAY
        )
    return application


async def test_a_public_request_creates_a_pending_organisation_and_invites_its_admin(
    db_session: AsyncSession, applicant: Actor
) -> None:
    organisation = await organisation_of(db_session, applicant)
    assert organisation.status == OrganisationStatus.PENDING
    assert organisation.siren == NEW_SIREN
    mail = await db_session.scalar(
        select(OutboxEmail).where(OutboxEmail.recipient == "ines.morel@formations-rhone.fr")
    )
    assert mail is not None
    assert "/invitation?token=" in mail.body


async def test_a_second_request_for_the_same_siren_is_refused(
    db_session: AsyncSession, applicant: Actor
) -> None:
    with pytest.raises(AccreditationError) as refused:
        await access_requests.request_access(
            db_session,
            Actor(),
            access_requests.AccessRequest("Clone", NEW_SIREN, "X", "x@example.fr"),
            base_url="http://test",
        )
    assert refused.value.code == AccreditationErrorCode.DUPLICATE_SIREN


async def test_a_request_with_a_bad_siren_and_email_names_both_fields(
    db_session: AsyncSession, platform_admin: Actor
) -> None:
    with pytest.raises(InvalidFormError) as refused:
        await access_requests.request_access(
            db_session,
            Actor(),
            access_requests.AccessRequest("Org", "123456789", "X", "pas-un-courriel"),
            base_url="http://test",
        )
    assert {e.field for e in refused.value.errors} == {"siren", "adminEmail"}


async def test_an_organisation_applies_only_once_per_campaign(
    db_session: AsyncSession, applicant: Actor, campaign: Campaign
) -> None:
    await started(db_session, applicant, campaign)
    with pytest.raises(AccreditationError) as refused:
        await started(db_session, applicant, campaign)
    assert refused.value.code == AccreditationErrorCode.ALREADY_APPLIED


async def test_a_draft_with_a_siret_of_another_siren_is_refused_and_nothing_is_saved(
    db_session: AsyncSession, applicant: Actor, campaign: Campaign
) -> None:
    application = await started(db_session, applicant, campaign)
    before = dict(application.content)
    wrong = drafts.ApplicationDraft(
        sites=(
            drafts.SiteDraft(siret="13002526500013"),
            drafts.SiteDraft(siret="12345678901234", postal_code="7500"),
        )
    )
    async with as_actor(db_session, applicant):
        with pytest.raises(InvalidFormError) as refused:
            await applications.save_draft(
                db_session, applicant, application, wrong, expected_revision=1
            )
    codes = {(e.field, e.code) for e in refused.value.errors}
    assert ("sites[0].siret", AccreditationErrorCode.SIRET_NOT_IN_SIREN) in codes
    assert ("sites[1].siret", AccreditationErrorCode.INVALID_SIRET) in codes
    assert ("sites[1].postalCode", AccreditationErrorCode.INVALID_POSTAL_CODE) in codes
    assert application.content == before
    assert application.revision == 1


async def test_an_incomplete_draft_is_saved_and_a_stale_revision_is_refused(
    db_session: AsyncSession, applicant: Actor, campaign: Campaign
) -> None:
    application = await started(db_session, applicant, campaign)
    partial = drafts.ApplicationDraft(sites=(drafts.SiteDraft(siret=NEW_SIRET),))
    async with as_actor(db_session, applicant):
        await applications.save_draft(
            db_session, applicant, application, partial, expected_revision=1
        )
        assert application.revision == 2
        with pytest.raises(AccreditationError) as refused:
            await applications.save_draft(
                db_session, applicant, application, COMPLETE, expected_revision=1
            )
    assert refused.value.code == AccreditationErrorCode.STALE_REVISION
    assert application.content["sites"][0]["name"] == ""


async def test_a_retried_save_whose_first_answer_was_lost_gets_the_application_back(
    db_session: AsyncSession, applicant: Actor, campaign: Campaign
) -> None:
    # Given a draft saved with a key (the pending organisation's own row, under RLS)
    application = await started(db_session, applicant, campaign)
    partial = drafts.ApplicationDraft(sites=(drafts.SiteDraft(siret=NEW_SIRET),))
    async with as_actor(db_session, applicant):
        await applications.save_draft(
            db_session, applicant, application, partial, expected_revision=1, idempotency_key="k1"
        )
        await db_session.flush()
        # When the same request comes again (the response was lost)
        again = await applications.save_draft(
            db_session, applicant, application, partial, expected_revision=1, idempotency_key="k1"
        )
        recorded = list(
            await db_session.scalars(
                select(IdempotentRequest).where(
                    IdempotentRequest.organisation_id == applicant.organisation_id
                )
            )
        )
    # Then it gets the application as saved, without a second revision
    assert again is application
    assert application.revision == 2
    assert [(r.key, r.operation, r.response) for r in recorded] == [
        ("k1", "accreditation.save_application", {"revision": 2})
    ]


async def test_a_retried_save_after_someone_else_saved_is_a_stale_revision(
    db_session: AsyncSession, applicant: Actor, campaign: Campaign
) -> None:
    application = await started(db_session, applicant, campaign)
    partial = drafts.ApplicationDraft(sites=(drafts.SiteDraft(siret=NEW_SIRET),))
    async with as_actor(db_session, applicant):
        await applications.save_draft(
            db_session, applicant, application, partial, expected_revision=1, idempotency_key="k1"
        )
        await applications.save_draft(
            db_session, applicant, application, COMPLETE, expected_revision=2, idempotency_key="k2"
        )
        with pytest.raises(AccreditationError) as refused:
            await applications.save_draft(
                db_session,
                applicant,
                application,
                partial,
                expected_revision=1,
                idempotency_key="k1",
            )
    assert refused.value.code == AccreditationErrorCode.STALE_REVISION
    assert application.revision == 3
    assert application.content["sites"][0]["name"] == SITE.name


async def test_an_over_long_idempotency_key_is_refused_and_nothing_is_saved(
    db_session: AsyncSession, applicant: Actor, campaign: Campaign
) -> None:
    application = await started(db_session, applicant, campaign)
    async with as_actor(db_session, applicant):
        with pytest.raises(AccreditationError) as refused:
            await applications.save_draft(
                db_session,
                applicant,
                application,
                COMPLETE,
                expected_revision=1,
                idempotency_key="k" * 101,
            )
        recorded = await db_session.scalar(select(func.count()).select_from(IdempotentRequest))
    assert refused.value.code == AccreditationErrorCode.INVALID
    assert refused.value.field == "idempotencyKey"
    assert application.revision == 1
    assert application.content["sites"] == []
    assert recorded == 0


async def test_submitting_an_incomplete_application_lists_everything_missing(
    db_session: AsyncSession, applicant: Actor, campaign: Campaign
) -> None:
    application = await started(db_session, applicant, campaign)
    partial = drafts.ApplicationDraft(sites=(drafts.SiteDraft(siret=NEW_SIRET),))
    async with as_actor(db_session, applicant):
        await applications.save_draft(
            db_session, applicant, application, partial, expected_revision=1
        )
        with pytest.raises(InvalidFormError) as refused:
            await applications.submit(
                db_session, applicant, application, expected_revision=2, today=TODAY
            )
    fields = {e.field for e in refused.value.errors}
    assert {"sites[0].name", "sites[0].postalCode", "sites[0].evaluators"} <= fields
    assert "documents.certificat-qualiopi" in fields
    assert "declarations.accuracy" in fields
    assert all(e.code == AccreditationErrorCode.INCOMPLETE for e in refused.value.errors)
    assert application.status == ApplicationStatus.DRAFT


async def test_documents_are_checked_by_content_and_size(
    db_session: AsyncSession, applicant: Actor, campaign: Campaign, store: DocumentStore
) -> None:
    application = await started(db_session, applicant, campaign)
    async with as_actor(db_session, applicant):
        with pytest.raises(AccreditationError) as not_pdf:
            await applications.attach_document(
                db_session,
                applicant,
                store,
                application,
                "certificat-qualiopi",
                "faux.pdf",
                b"GIF89a pretending to be a PDF",
            )
        assert not_pdf.value.code == AccreditationErrorCode.NOT_A_PDF
        huge = b"%PDF-1.4\n" + b"0" * MAX_DOCUMENT_BYTES + b"\n%%EOF\n"
        with pytest.raises(AccreditationError) as too_large:
            await applications.attach_document(
                db_session, applicant, store, application, "certificat-qualiopi", "gros.pdf", huge
            )
        assert too_large.value.code == AccreditationErrorCode.TOO_LARGE
        with pytest.raises(AccreditationError) as unknown:
            await applications.attach_document(
                db_session, applicant, store, application, "kbis", "kbis.pdf", MINIMAL_PDF
            )
        assert unknown.value.code == AccreditationErrorCode.UNKNOWN_DOCUMENT
        document = await applications.attach_document(
            db_session,
            applicant,
            store,
            application,
            "certificat-qualiopi",
            "qualiopi.pdf",
            MINIMAL_PDF,
        )
    assert await store.get(db_session, document.sha256) == MINIMAL_PDF
    assert document.size == len(MINIMAL_PDF)


async def test_site_codes_typed_in_full_width_digits_are_kept_in_ascii(
    db_session: AsyncSession, applicant: Actor, campaign: Campaign
) -> None:
    application = await started(db_session, applicant, campaign)
    fullwidth = str.maketrans("0123456789", "０１２３４５６７８９")
    typed = dataclasses.replace(
        SITE,
        siret=NEW_SIRET.translate(fullwidth),
        postal_code="69003".translate(fullwidth),
        contact_phone="04 72 00 00 00".translate(fullwidth),
    )
    async with as_actor(db_session, applicant):
        await applications.save_draft(
            db_session,
            applicant,
            application,
            applications.ApplicationDraft(sites=(typed,)),
            expected_revision=application.revision,
        )

    (site,) = applications.draft_from_content(application.content).sites
    assert (site.siret, site.postal_code, site.contact_phone) == (
        NEW_SIRET,
        "69003",
        "04 72 00 00 00",
    )


async def test_a_phone_in_another_script_is_refused(
    db_session: AsyncSession, applicant: Actor, campaign: Campaign
) -> None:
    application = await started(db_session, applicant, campaign)
    arabic_indic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    typed = dataclasses.replace(SITE, contact_phone="0472000000".translate(arabic_indic))
    async with as_actor(db_session, applicant):
        with pytest.raises(InvalidFormError) as refused:
            await applications.save_draft(
                db_session,
                applicant,
                application,
                applications.ApplicationDraft(sites=(typed,)),
                expected_revision=application.revision,
            )

    (error,) = refused.value.errors
    assert (error.code, error.field) == (
        AccreditationErrorCode.INVALID_PHONE,
        "sites[0].contactPhone",
    )


async def test_a_file_name_keeps_no_control_character(
    db_session: AsyncSession, applicant: Actor, campaign: Campaign, store: DocumentStore
) -> None:
    # The name comes from the browser's X-Filename header: NUL cannot be stored.
    application = await started(db_session, applicant, campaign)
    async with as_actor(db_session, applicant):
        document = await applications.attach_document(
            db_session,
            applicant,
            store,
            application,
            "certificat-qualiopi",
            "qualio\x00pi\r\n.pdf",
            MINIMAL_PDF,
        )
        await db_session.flush()

    assert document.filename == "qualiopi.pdf"


async def test_submitting_after_the_closing_date_is_refused(
    db_session: AsyncSession, applicant: Actor, campaign: Campaign, store: DocumentStore
) -> None:
    application = await started(db_session, applicant, campaign)
    async with as_actor(db_session, applicant):
        await applications.save_draft(
            db_session, applicant, application, COMPLETE, expected_revision=1
        )
        await applications.attach_document(
            db_session, applicant, store, application, "certificat-qualiopi", "q.pdf", MINIMAL_PDF
        )
        with pytest.raises(AccreditationError) as refused:
            await applications.submit(
                db_session,
                applicant,
                application,
                expected_revision=2,
                today=campaign.closes_on + dt.timedelta(days=1),
            )
    assert refused.value.code == AccreditationErrorCode.CAMPAIGN_CLOSED
    assert application.status == ApplicationStatus.DRAFT


async def test_review_with_a_complement_then_partial_acceptance_grants_accreditations(
    db_session: AsyncSession,
    applicant: Actor,
    platform_admin: Actor,
    campaign: Campaign,
    store: DocumentStore,
) -> None:
    application = await submitted(db_session, applicant, campaign, store)
    async with as_actor(db_session, platform_admin):
        with pytest.raises(AccreditationError) as too_early:
            await granting.accept(db_session, platform_admin, application.id, granting.Acceptance())
        assert too_early.value.code == AccreditationErrorCode.FORBIDDEN_TRANSITION
        await review.start_review(db_session, platform_admin, application.id)
        with pytest.raises(AccreditationError) as no_message:
            await review.request_complement(db_session, platform_admin, application.id, " ")
        assert no_message.value.code == AccreditationErrorCode.REASON_REQUIRED
        await review.request_complement(
            db_session, platform_admin, application.id, "Le CV de Léa Roux manque."
        )
    assert application.status == ApplicationStatus.COMPLEMENT_REQUESTED
    async with as_actor(db_session, applicant):
        await applications.submit(
            db_session,
            applicant,
            application,
            expected_revision=application.revision,
            # A requested complement may come after the closing date.
            today=campaign.closes_on + dt.timedelta(days=10),
        )
    async with as_actor(db_session, platform_admin):
        await review.start_review(db_session, platform_admin, application.id)
        await granting.accept(
            db_session,
            platform_admin,
            application.id,
            granting.Acceptance(evaluators={NEW_SIRET: ["paul.girard@formations-rhone.fr"]}),
        )
        async with cross_tenant_reads(db_session, "tests"):
            granted = list(
                await db_session.scalars(
                    select(Accreditation).where(
                        Accreditation.organisation_id == applicant.organisation_id
                    )
                )
            )
            named = set(
                await db_session.scalars(
                    select(AccreditedEvaluator.email).where(
                        AccreditedEvaluator.organisation_id == applicant.organisation_id
                    )
                )
            )
            events = await review.events_of(db_session, application.id)
    assert sorted(a.certification_code for a in granted) == ["CLEA", "CLEA_NUMERIQUE"]
    assert named == {"paul.girard@formations-rhone.fr"}
    assert (await organisation_of(db_session, applicant)).status == OrganisationStatus.ACTIVE
    assert [e.to_status for e in events] == [
        "draft", "submitted", "under_review", "complement_requested", "submitted",
        "under_review", "accepted",
    ]  # fmt: skip
    mails = await db_session.scalars(
        select(OutboxEmail.subject).where(OutboxEmail.recipient == "ines.morel@formations-rhone.fr")
    )
    subjects = set(mails)
    assert {"Complément demandé — Campagne de test", "Candidature acceptée — Campagne de test"} <= (
        subjects
    )


async def test_rejection_needs_reasons_and_changes_nothing_without_them(
    db_session: AsyncSession,
    applicant: Actor,
    platform_admin: Actor,
    campaign: Campaign,
    store: DocumentStore,
) -> None:
    application = await submitted(db_session, applicant, campaign, store)
    async with as_actor(db_session, platform_admin):
        await review.start_review(db_session, platform_admin, application.id)
        with pytest.raises(AccreditationError):
            await review.reject(db_session, platform_admin, application.id, "")
        assert application.status == ApplicationStatus.UNDER_REVIEW
        await review.reject(db_session, platform_admin, application.id, "Pièces non probantes.")
    assert application.status == ApplicationStatus.REJECTED
    assert application.message == "Pièces non probantes."


async def test_a_campaign_with_inverted_dates_and_an_unknown_certification_is_refused(
    db_session: AsyncSession, platform_admin: Actor, registry: CertificationRegistry
) -> None:
    with pytest.raises(InvalidFormError) as refused:
        await campaigns.create_campaign(
            db_session,
            platform_admin,
            registry,
            campaigns.CampaignInput(
                title="",
                certification_codes=["CLEA_INCONNUE"],
                opens_on=TODAY,
                closes_on=TODAY - dt.timedelta(days=1),
                accreditation_starts_on=TODAY,
                accreditation_ends_on=TODAY,
            ),
        )
    assert {e.field for e in refused.value.errors} == {
        "title", "certificationCodes", "closesOn", "accreditationEndsOn",
    }  # fmt: skip
    assert (
        await db_session.scalar(
            select(func.count()).select_from(Campaign).where(Campaign.title == "")
        )
        == 0
    )


async def test_a_siret_already_declared_by_another_organisation_is_refused(
    db_session: AsyncSession, applicant: Actor, campaign: Campaign
) -> None:
    application = await started(db_session, applicant, campaign)
    async with cross_tenant_reads(db_session, "tests"):
        other = await db_session.scalar(select(Site).limit(1))
        assert other is not None
        db_session.add(
            Site(
                organisation_id=other.organisation_id,
                siret=OTHER_SIRET,
                name="Déjà pris",
                address_line="1 rue",
                postal_code="69001",
                city="Lyon",
                departement="69",
                region="Auvergne-Rhône-Alpes",
            )
        )
        await db_session.flush()
    async with as_actor(db_session, applicant):
        with pytest.raises(InvalidFormError) as refused:
            await applications.save_draft(
                db_session,
                applicant,
                application,
                drafts.ApplicationDraft(sites=(drafts.SiteDraft(siret=OTHER_SIRET),)),
                expected_revision=1,
            )
    assert refused.value.errors[0].code == AccreditationErrorCode.SIRET_TAKEN


async def test_each_step_of_the_review_is_a_new_revision_a_stale_applicant_is_refused(
    db_session: AsyncSession,
    applicant: Actor,
    platform_admin: Actor,
    campaign: Campaign,
    store: DocumentStore,
) -> None:
    """The applicant's screen still shows the application as submitted while Certif'Pro
    opens the review and asks for a complement: each move is one revision, and a save
    based on what the applicant saw is refused instead of overwriting the request."""
    application = await submitted(db_session, applicant, campaign, store)
    seen = application.revision
    async with as_actor(db_session, platform_admin):
        await review.start_review(db_session, platform_admin, application.id)
        await review.request_complement(
            db_session, platform_admin, application.id, "Le CV de Léa Roux manque."
        )
    assert application.revision == seen + 2
    async with as_actor(db_session, applicant):
        with pytest.raises(AccreditationError) as refused:
            await applications.save_draft(
                db_session, applicant, application, COMPLETE, expected_revision=seen
            )
    assert refused.value.code == AccreditationErrorCode.STALE_REVISION
    assert application.status == ApplicationStatus.COMPLEMENT_REQUESTED
