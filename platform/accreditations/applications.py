"""An organisation's application to a campaign: started, saved as it goes, documents
attached, submitted; and who may read it.

The applicant edits only a draft or an application awaiting a complement (``states.py``);
every step is dated, attributed, audited and mailed. Certif'Pro's side is ``review.py``.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.campaigns import get_campaign, is_open
from clea_platform.accreditations.completeness import draft_problems, missing_items
from clea_platform.accreditations.drafts import (
    ApplicationDraft,
    cleaned,
    content_of,
    draft_from_content,
    draft_of_organisation,
)
from clea_platform.accreditations.errors import AccreditationError, AccreditationErrorCode, error
from clea_platform.accreditations.loading import ApplicationRow, application_rows
from clea_platform.accreditations.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    Campaign,
)
from clea_platform.accreditations.states import EDITABLE, STATUS_LABELS, record_event
from clea_platform.accreditations.storage import DocumentStore, check_pdf
from clea_platform.audit import service as audit
from clea_platform.core.errors import InvalidFormError
from clea_platform.db.base import utcnow
from clea_platform.evaluations.models import IDEMPOTENCY_KEY_MAX_LENGTH, IdempotentRequest
from clea_platform.identity.models import Membership, User
from clea_platform.mail.service import enqueue
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, Site

# Idempotent saves of the form (the platform's generic table, see evaluations.models).
SAVE_OPERATION = "accreditation.save_application"


async def get_application(session: AsyncSession, application_id: uuid.UUID) -> Application:
    application = await session.scalar(select(Application).where(Application.id == application_id))
    if application is None:
        raise error(AccreditationErrorCode.NOT_FOUND, "Candidature introuvable.", "applicationId")
    return application


async def start_application(
    session: AsyncSession, actor: Actor, campaign_id: uuid.UUID, *, today: dt.date
) -> Application:
    """An organisation begins its application to an open campaign (one per campaign)."""
    assert actor.organisation_id is not None
    campaign = await get_campaign(session, campaign_id)
    if not is_open(campaign, today):
        raise error(
            AccreditationErrorCode.CAMPAIGN_CLOSED,
            f"La campagne « {campaign.title} » n'est pas ouverte aux candidatures "
            f"(du {campaign.opens_on:%d/%m/%Y} au {campaign.closes_on:%d/%m/%Y}).",
            "campaignId",
        )
    if await session.scalar(
        select(Application.id).where(
            Application.campaign_id == campaign.id,
            Application.organisation_id == actor.organisation_id,
        )
    ):
        raise error(
            AccreditationErrorCode.ALREADY_APPLIED,
            "Votre organisme a déjà une candidature pour cette campagne : reprenez-la.",
            "campaignId",
        )
    organisation = await session.get(Organisation, actor.organisation_id)
    assert organisation is not None
    existing_sites = list(await session.scalars(select(Site).order_by(Site.name)))
    scope = "evaluation" if "evaluation" in campaign.accepted_scopes else "training"
    draft = draft_of_organisation(organisation, existing_sites, scope=scope)
    application = Application(
        organisation_id=actor.organisation_id,
        campaign_id=campaign.id,
        status=ApplicationStatus.DRAFT,
        content=content_of(draft),
    )
    session.add(application)
    await session.flush()
    record_event(session, actor, application, None, ApplicationStatus.DRAFT)
    audit.record(session, actor, "application.start", [application.id, campaign.id])
    return application


def _require_editable(application: Application, expected_revision: int) -> None:
    if application.status not in EDITABLE:
        raise error(
            AccreditationErrorCode.INVALID_STATE,
            f"Candidature {STATUS_LABELS[application.status]} : elle n'est plus modifiable.",
        )
    if application.revision != expected_revision:
        raise _stale()


def _stale() -> AccreditationError:
    return error(
        AccreditationErrorCode.STALE_REVISION,
        "La candidature a été modifiée entre-temps (autre onglet ou autre personne) : "
        "rechargez-la, vos saisies non enregistrées sont conservées dans le formulaire.",
    )


async def save_draft(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    draft: ApplicationDraft,
    *,
    expected_revision: int,
    idempotency_key: str | None = None,
) -> Application:
    """Save the form as it is (incomplete is fine, wrong is not).

    A retried request with the same ``idempotency_key`` (the first answer was lost) is
    not saved again: it gets the application unchanged while nobody saved after it, and
    the usual stale revision otherwise (that conflict is real).
    """
    if idempotency_key:
        if len(idempotency_key) > IDEMPOTENCY_KEY_MAX_LENGTH:
            raise error(
                AccreditationErrorCode.INVALID,
                f"Clé d'idempotence trop longue ({IDEMPOTENCY_KEY_MAX_LENGTH} caractères au plus).",
                "idempotencyKey",
            )
        first = await session.scalar(
            select(IdempotentRequest).where(
                IdempotentRequest.organisation_id == application.organisation_id,
                IdempotentRequest.key == idempotency_key,
            )
        )
        if first is not None:
            if first.operation != SAVE_OPERATION:
                raise error(
                    AccreditationErrorCode.INVALID,
                    "Clé d'idempotence déjà utilisée pour une autre opération : "
                    "envoyez une nouvelle clé.",
                    "idempotencyKey",
                )
            if application.revision != first.response["revision"]:
                raise _stale()
            return application
    _require_editable(application, expected_revision)
    organisation = await session.get(Organisation, application.organisation_id)
    assert organisation is not None
    draft = cleaned(draft)
    campaign = await get_campaign(session, application.campaign_id)
    if errors := await draft_problems(session, organisation, draft, campaign.accepted_scopes):
        raise InvalidFormError(errors)
    application.content = content_of(draft)
    application.revision += 1
    application.updated_at = utcnow()
    audit.record(session, actor, "application.save", [application.id])
    if idempotency_key:
        session.add(
            IdempotentRequest(
                organisation_id=application.organisation_id,
                key=idempotency_key,
                operation=SAVE_OPERATION,
                response={"revision": application.revision},
            )
        )
    return application


async def attach_document(
    session: AsyncSession,
    actor: Actor,
    store: DocumentStore,
    application: Application,
    requirement_key: str,
    filename: str,
    content: bytes,
) -> ApplicationDocument:
    """Store a supporting PDF for one requirement (replacing the previous one)."""
    if application.status not in EDITABLE:
        raise error(
            AccreditationErrorCode.INVALID_STATE,
            f"Candidature {STATUS_LABELS[application.status]} : les pièces ne sont plus "
            "modifiables.",
        )
    campaign = await get_campaign(session, application.campaign_id)
    if requirement_key not in {d["key"] for d in campaign.required_documents}:
        raise error(
            AccreditationErrorCode.UNKNOWN_DOCUMENT,
            f"La campagne ne demande pas de pièce « {requirement_key} ».",
            "requirementKey",
        )
    check_pdf(content)
    sha256 = await store.put(session, content)
    document = await session.scalar(
        select(ApplicationDocument).where(
            ApplicationDocument.application_id == application.id,
            ApplicationDocument.requirement_key == requirement_key,
        )
    )
    if document is None:
        document = ApplicationDocument(
            organisation_id=application.organisation_id,
            application_id=application.id,
            requirement_key=requirement_key,
        )
        session.add(document)
    # As the browser sent it, without control characters (NUL cannot be stored).
    printable = "".join(ch for ch in filename if ch.isprintable())
    document.filename = (printable.strip() or f"{requirement_key}.pdf")[:255]
    document.size = len(content)
    document.sha256 = sha256
    document.uploaded_at = utcnow()
    document.uploaded_by_id = actor.user_id
    application.updated_at = utcnow()
    await session.flush()
    audit.record(session, actor, "application.attach_document", [application.id, document.id])
    return document


async def documents_of(
    session: AsyncSession, application_id: uuid.UUID
) -> list[ApplicationDocument]:
    return list(
        await session.scalars(
            select(ApplicationDocument)
            .where(ApplicationDocument.application_id == application_id)
            .order_by(ApplicationDocument.requirement_key)
        )
    )


async def submit(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    *,
    expected_revision: int,
    today: dt.date,
) -> Application:
    """Submit (or resubmit after a complement request) a complete application."""
    _require_editable(application, expected_revision)
    campaign = await get_campaign(session, application.campaign_id)
    # The closing date binds the first submission; a requested complement may come later.
    if application.submitted_at is None and not is_open(campaign, today):
        raise error(
            AccreditationErrorCode.CAMPAIGN_CLOSED,
            f"La campagne « {campaign.title} » est close depuis le "
            f"{campaign.closes_on:%d/%m/%Y} : la candidature ne peut plus être déposée.",
        )
    organisation = await session.get(Organisation, application.organisation_id)
    assert organisation is not None
    draft = draft_from_content(application.content)
    if missing := missing_items(
        campaign, organisation, draft, await documents_of(session, application.id)
    ):
        raise InvalidFormError(missing)
    if errors := await draft_problems(session, organisation, draft, campaign.accepted_scopes):
        raise InvalidFormError(errors)
    before = application.status
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = utcnow()
    application.revision += 1
    application.updated_at = utcnow()
    record_event(session, actor, application, before, ApplicationStatus.SUBMITTED)
    audit.record(session, actor, "application.submit", [application.id])
    await _notify_reviewers(session, campaign, organisation, application)
    return application


async def _notify_reviewers(
    session: AsyncSession, campaign: Campaign, organisation: Organisation, application: Application
) -> None:
    ids = [uuid.UUID(value) for value in campaign.reviewer_ids]
    if not ids:
        return
    for email in await session.scalars(select(User.email).where(User.id.in_(ids))):
        enqueue(
            session,
            email,
            f"Candidature déposée : {organisation.name} — {campaign.title}",
            f"Bonjour,\n\n{organisation.name} a déposé sa candidature à la campagne "
            f"« {campaign.title} ». Elle attend votre instruction sur la plateforme CléA.\n",
        )


async def notify_applicant(
    session: AsyncSession, application: Application, subject: str, body: str
) -> None:
    """Mail the applicant organisation's administrators (through the outbox)."""
    memberships = await session.scalars(
        select(Membership).where(Membership.organisation_id == application.organisation_id)
    )
    admin_ids = [m.user_id for m in memberships if "org_admin" in m.roles]
    if not admin_ids:
        return
    for email in sorted(await session.scalars(select(User.email).where(User.id.in_(admin_ids)))):
        enqueue(session, email, subject, body)


async def my_applications(session: AsyncSession) -> list[ApplicationRow]:
    """The active organisation's applications, last changed first."""
    rows = await session.scalars(select(Application).order_by(Application.updated_at.desc()))
    return await application_rows(session, list(rows))
