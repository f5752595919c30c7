"""Who reads an application, uploads and downloads its documents, and exports: decided in the
accreditation context, read across organisations only by Certif'Pro (audited)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations import campaigns, documents, exports, review
from clea_platform.accreditations.errors import AccreditationError, AccreditationErrorCode
from clea_platform.accreditations.models import Campaign
from clea_platform.accreditations.storage import DocumentStore
from clea_platform.audit import service as audit
from clea_platform.audit.models import AuditEvent
from clea_platform.core.errors import AccessDeniedError, NotAuthenticatedError
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from tests.accreditations.conftest import MINIMAL_PDF, TODAY, as_actor
from tests.accreditations.test_applications import started

QUALIOPI = "certificat-qualiopi"


def pending_events(session: AsyncSession, operation: str) -> list[AuditEvent]:
    return [e for e in session.info.get(audit.PENDING, []) if e.operation == operation]


async def test_an_application_is_its_organisations_or_certifpros_who_reads_it_audited(
    db_session: AsyncSession, applicant: Actor, campaign: Campaign, platform_admin: Actor
) -> None:
    # Given an application of a new organisation
    application = await started(db_session, applicant, campaign)
    stranger = Actor(
        user_id=uuid.uuid4(), organisation_id=uuid.uuid4(), roles=frozenset({"org_admin"})
    )

    # Then its organisation reads it, another organisation finds nothing (like an unknown id)
    async with as_actor(db_session, applicant):
        mine = await review.application_for(db_session, applicant, application.id)
    assert mine is not None
    assert mine.organisation.name == "Formations du Rhône"
    async with as_actor(db_session, stranger):
        assert await review.application_for(db_session, stranger, application.id) is None
        assert await review.application_for(db_session, stranger, uuid.uuid4()) is None
    assert pending_events(db_session, "application.read") == []

    # And Certif'Pro reads it across organisations, which the audit log records
    async with as_actor(db_session, platform_admin):
        seen = await review.application_for(db_session, platform_admin, application.id)
        queue = await review.review_queue(
            db_session, platform_admin, review.ApplicationFilter(campaign_id=campaign.id)
        )
    assert seen is not None
    assert [row.application.id for row in queue] == [application.id]
    (read,) = pending_events(db_session, "application.read")
    assert read.object_ids == [str(application.id)]
    assert pending_events(db_session, "application.list")[0].object_ids == [str(application.id)]


async def test_only_a_person_administering_the_organisation_uploads_and_the_body_waits(
    db_session: AsyncSession, applicant: Actor, campaign: Campaign, store: DocumentStore
) -> None:
    application = await started(db_session, applicant, campaign)
    read: list[str] = []

    async def body() -> bytes:
        read.append("read")
        return MINIMAL_PDF

    api_key = Actor(
        api_key_id=uuid.uuid4(),
        organisation_id=applicant.organisation_id,
        organisation_pending=True,
        roles=frozenset({"org_admin"}),
    )
    adviser = Actor(
        user_id=uuid.uuid4(),
        organisation_id=applicant.organisation_id,
        organisation_pending=True,
        roles=frozenset({"adviser"}),
    )
    for caller, refusal in ((Actor(), NotAuthenticatedError), (api_key, AccessDeniedError)):
        with pytest.raises(refusal):
            await documents.upload_document(
                db_session, caller, store, application.id, QUALIOPI, "q.pdf", body
            )
    async with as_actor(db_session, adviser):
        with pytest.raises(AccessDeniedError) as refused:
            await documents.upload_document(
                db_session, adviser, store, application.id, QUALIOPI, "q.pdf", body
            )
    assert refused.value.message == "Accès refusé : réservé aux administrateurs de l'organisme."
    async with as_actor(db_session, applicant):
        with pytest.raises(AccreditationError) as missing:
            await documents.upload_document(
                db_session, applicant, store, None, QUALIOPI, "q.pdf", body
            )
        assert missing.value.code == AccreditationErrorCode.NOT_FOUND
        assert read == []  # nobody refused had their body read
        uploaded = await documents.upload_document(
            db_session, applicant, store, application.id, QUALIOPI, "q.pdf", body
        )
    assert read == ["read"]
    assert uploaded.filename == "q.pdf"


async def test_documents_are_downloaded_by_their_organisations_admins_and_certifpro(
    db_session: AsyncSession,
    applicant: Actor,
    campaign: Campaign,
    store: DocumentStore,
    platform_admin: Actor,
) -> None:
    application = await started(db_session, applicant, campaign)

    async def body() -> bytes:
        return MINIMAL_PDF

    async with as_actor(db_session, applicant):
        await documents.upload_document(
            db_session, applicant, store, application.id, QUALIOPI, "q.pdf", body
        )
        own = await documents.document_for_download(db_session, applicant, application.id, QUALIOPI)
    assert own.application_id == application.id
    other_admin = Actor(
        user_id=uuid.uuid4(), organisation_id=uuid.uuid4(), roles=frozenset({"org_admin"})
    )
    async with as_actor(db_session, other_admin):
        with pytest.raises(AccreditationError) as hidden:
            await documents.document_for_download(db_session, other_admin, application.id, QUALIOPI)
    assert hidden.value.message == "Document introuvable."
    viewer = Actor(
        user_id=uuid.uuid4(), organisation_id=applicant.organisation_id, roles=frozenset({"viewer"})
    )
    with pytest.raises(AccessDeniedError):
        await documents.document_for_download(db_session, viewer, application.id, QUALIOPI)
    async with as_actor(db_session, platform_admin):
        theirs = await documents.document_for_download(
            db_session, platform_admin, application.id, QUALIOPI
        )
    assert theirs.id == own.id
    assert len(pending_events(db_session, "application.download_document")) == 2


async def test_exports_and_campaign_reviewers_are_certifpros(
    db_session: AsyncSession,
    applicant: Actor,
    campaign: Campaign,
    platform_admin: Actor,
    registry: CertificationRegistry,
) -> None:
    with pytest.raises(NotAuthenticatedError):
        await exports.registry_export(db_session, Actor(), TODAY)
    with pytest.raises(AccessDeniedError) as refused:
        await exports.fees_export(db_session, applicant, registry, since=TODAY, until=TODAY)
    assert refused.value.message == "Accès réservé aux administrateurs Certif'Pro."
    async with as_actor(db_session, platform_admin):
        with pytest.raises(AccreditationError) as period:
            await exports.fees_export(db_session, platform_admin, registry, since=TODAY, until=None)
    assert "Indiquez la période" in period.value.message
    assert campaigns.visible_reviewer_ids(campaign, applicant) == []
    assert campaigns.visible_reviewer_ids(campaign, platform_admin) == [platform_admin.user_id]
