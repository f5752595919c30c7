"""Applying to a campaign and reviewing applications.

draft → submitted → under review → complement requested (→ submitted again) → accepted
(all or some sites and evaluators) or rejected. The applicant edits only a draft or an
application awaiting a complement; every step is dated, attributed, audited and mailed.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.campaigns import get_campaign, is_open
from clea_platform.accreditations.errors import AccreditationError, AccreditationErrorCode
from clea_platform.accreditations.models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationStatus,
    Campaign,
)
from clea_platform.accreditations.storage import DiskDocumentStore, check_pdf
from clea_platform.audit import service as audit
from clea_platform.audit.models import AuditEvent
from clea_platform.core.digits import phone_problem
from clea_platform.core.errors import InvalidFormError
from clea_platform.db.base import utcnow
from clea_platform.evaluations.models import IDEMPOTENCY_KEY_MAX_LENGTH, IdempotentRequest
from clea_platform.identity.members import invite
from clea_platform.identity.models import Membership, User
from clea_platform.identity.service import email_problem, normalise_email
from clea_platform.mail.service import enqueue
from clea_platform.tenants.context import Actor
from clea_platform.tenants.geography import (
    normalise_postal_code,
    postal_code_problem,
    region_problem,
)
from clea_platform.tenants.identifiers import normalise, siren_problem, siret_problem
from clea_platform.tenants.models import (
    NationalNetwork,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Site,
)
from clea_platform.tenants.scoping import cross_tenant_reads
from clea_platform.tenants.service import slugify, unique_slug

REVIEW_SCOPE = "certifpro_admin:accreditation_review"

# Idempotent saves of the form (the platform's generic table, see evaluations.models).
SAVE_OPERATION = "accreditation.save_application"

# The declarations on honour every application carries (key → text shown to applicants).
DECLARATIONS = {
    "accuracy": "J'atteste sur l'honneur l'exactitude des informations et des pièces fournies.",
    "quality": "L'organisme respecte les règles nationales de qualité de la formation "
    "professionnelle.",
    "independence": "Les évaluateurs désignés n'évalueront pas les candidats qu'ils ont formés.",
    "referentiel": "L'organisme s'engage à évaluer selon le référentiel et la procédure "
    "de Certif'Pro en vigueur.",
}

EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.COMPLEMENT_REQUESTED)

# Who may move an application from one status to another (the review's state machine).
TRANSITIONS: dict[ApplicationStatus, tuple[ApplicationStatus, ...]] = {
    ApplicationStatus.DRAFT: (ApplicationStatus.SUBMITTED,),
    ApplicationStatus.SUBMITTED: (ApplicationStatus.UNDER_REVIEW,),
    ApplicationStatus.UNDER_REVIEW: (
        ApplicationStatus.COMPLEMENT_REQUESTED,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.REJECTED,
    ),
    ApplicationStatus.COMPLEMENT_REQUESTED: (ApplicationStatus.SUBMITTED,),
    ApplicationStatus.ACCEPTED: (),
    ApplicationStatus.REJECTED: (),
}

STATUS_LABELS = {
    ApplicationStatus.DRAFT: "brouillon",
    ApplicationStatus.SUBMITTED: "déposée",
    ApplicationStatus.UNDER_REVIEW: "en instruction",
    ApplicationStatus.COMPLEMENT_REQUESTED: "complément demandé",
    ApplicationStatus.ACCEPTED: "acceptée",
    ApplicationStatus.REJECTED: "refusée",
}


def _error(
    code: AccreditationErrorCode, message: str, field: str | None = None
) -> AccreditationError:
    return AccreditationError(code, message, field=field)


# ------------------------------------------------------------ public access request


@dataclass(frozen=True, slots=True)
class AccessRequest:
    """The public « demander une habilitation » form: a new organisation and its admin."""

    organisation_name: str
    siren: str
    admin_full_name: str
    admin_email: str
    legal_form: str = ""
    network: NationalNetwork | None = None


PUBLIC_REQUESTS_PER_HOUR = 5


async def request_access(
    session: AsyncSession, actor: Actor, data: AccessRequest, *, base_url: str
) -> Organisation:
    """Create a pending organisation and invite its first admin (the link verifies the e-mail)."""
    errors: list[AccreditationError] = []
    name = data.organisation_name.strip()
    if not name:
        errors.append(
            _error(
                AccreditationErrorCode.REQUIRED,
                "Le nom de l'organisme est obligatoire.",
                "organisationName",
            )
        )
    siren = normalise(data.siren)
    if problem := siren_problem(siren):
        errors.append(_error(AccreditationErrorCode.INVALID_SIREN, problem, "siren"))
    if not data.admin_full_name.strip():
        errors.append(
            _error(
                AccreditationErrorCode.REQUIRED,
                "Indiquez le nom de l'administrateur.",
                "adminFullName",
            )
        )
    email = normalise_email(data.admin_email)
    if problem := email_problem(email):
        errors.append(_error(AccreditationErrorCode.INVALID_EMAIL, problem, "adminEmail"))
    if errors:
        raise InvalidFormError(errors)
    async with cross_tenant_reads(session, "public:accreditation_request"):
        if actor.ip_address:
            recent = await session.scalar(
                select(func.count()).where(
                    AuditEvent.operation == "organisation.request",
                    AuditEvent.ip_address == actor.ip_address,
                    AuditEvent.occurred_at >= utcnow() - dt.timedelta(hours=1),
                )
            )
            if (recent or 0) >= PUBLIC_REQUESTS_PER_HOUR:
                raise _error(
                    AccreditationErrorCode.RATE_LIMITED,
                    "Trop de demandes depuis cette adresse : réessayez dans une heure.",
                )
        if await session.scalar(select(Organisation.id).where(Organisation.siren == siren)):
            raise _error(
                AccreditationErrorCode.DUPLICATE_SIREN,
                f"Un organisme avec le SIREN {siren} est déjà inscrit : demandez à son "
                "administrateur de vous inviter.",
                "siren",
            )
        organisation = Organisation(
            name=name,
            slug=await unique_slug(session, slugify(name)),
            kind=OrganisationKind.EVALUATOR,
            status=OrganisationStatus.PENDING,
            siren=siren,
            legal_form=data.legal_form.strip(),
            network=data.network,
        )
        session.add(organisation)
        await session.flush()
        platform = Actor(
            label="Certif'Pro", ip_address=actor.ip_address, request_id=actor.request_id
        )
        await invite(session, platform, organisation.id, email, ["org_admin"], base_url)
        await session.flush()
        audit.record(
            session,
            actor,
            "organisation.request",
            [organisation.id],
            organisation_id=organisation.id,
        )
    return organisation


# ------------------------------------------------------------------- the draft


@dataclass(frozen=True, slots=True)
class EvaluatorDraft:
    full_name: str = ""
    email: str = ""
    qualifications: str = ""


@dataclass(frozen=True, slots=True)
class SiteDraft:
    siret: str = ""
    name: str = ""
    address_line: str = ""
    postal_code: str = ""
    city: str = ""
    region: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    evaluators: Sequence[EvaluatorDraft] = ()


@dataclass(frozen=True, slots=True)
class ApplicationDraft:
    network: NationalNetwork | None = None
    sites: Sequence[SiteDraft] = ()
    declarations: Sequence[str] = field(default_factory=tuple)


def draft_from_content(content: dict[str, Any]) -> ApplicationDraft:
    network = content.get("network")
    return ApplicationDraft(
        network=NationalNetwork(network) if network else None,
        sites=tuple(
            SiteDraft(
                **{k: v for k, v in site.items() if k != "evaluators"},
                evaluators=tuple(EvaluatorDraft(**e) for e in site.get("evaluators", ())),
            )
            for site in content.get("sites", ())
        ),
        declarations=tuple(content.get("declarations", ())),
    )


def _content(draft: ApplicationDraft) -> dict[str, Any]:
    return {
        "network": draft.network.value if draft.network else None,
        "sites": [
            {**asdict(site), "evaluators": [asdict(e) for e in site.evaluators]}
            for site in draft.sites
        ],
        "declarations": sorted(set(draft.declarations)),
    }


def _clean(draft: ApplicationDraft) -> ApplicationDraft:
    return ApplicationDraft(
        network=draft.network,
        sites=tuple(
            SiteDraft(
                siret=normalise(site.siret),
                name=site.name.strip(),
                address_line=site.address_line.strip(),
                postal_code=normalise_postal_code(site.postal_code),
                city=site.city.strip(),
                region=site.region.strip(),
                contact_email=normalise_email(site.contact_email)
                if site.contact_email.strip()
                else "",
                contact_phone=unicodedata.normalize("NFKC", site.contact_phone).strip(),
                evaluators=tuple(
                    EvaluatorDraft(
                        full_name=e.full_name.strip(),
                        email=normalise_email(e.email) if e.email.strip() else "",
                        qualifications=e.qualifications.strip(),
                    )
                    for e in site.evaluators
                ),
            )
            for site in draft.sites
        ),
        declarations=tuple(dict.fromkeys(draft.declarations)),
    )


async def _draft_problems(
    session: AsyncSession, organisation: Organisation, draft: ApplicationDraft
) -> list[AccreditationError]:
    """What is wrong (not merely missing) in a draft: refused even when saving a draft."""
    errors: list[AccreditationError] = []
    sirets: list[str] = []
    for index, site in enumerate(draft.sites):
        where = f"sites[{index}]"
        if site.siret:
            if problem := siret_problem(site.siret):
                errors.append(
                    _error(AccreditationErrorCode.INVALID_SIRET, problem, f"{where}.siret")
                )
            elif problem := siret_problem(site.siret, organisation.siren or ""):
                errors.append(
                    _error(AccreditationErrorCode.SIRET_NOT_IN_SIREN, problem, f"{where}.siret")
                )
            elif site.siret in sirets:
                errors.append(
                    _error(
                        AccreditationErrorCode.INVALID,
                        f"L'établissement {site.siret} figure deux fois.",
                        f"{where}.siret",
                    )
                )
            sirets.append(site.siret)
        if site.postal_code and (problem := postal_code_problem(site.postal_code)):
            errors.append(
                _error(AccreditationErrorCode.INVALID_POSTAL_CODE, problem, f"{where}.postalCode")
            )
        if site.contact_phone and (problem := phone_problem(site.contact_phone)):
            errors.append(
                _error(AccreditationErrorCode.INVALID_PHONE, problem, f"{where}.contactPhone")
            )
        if site.contact_email and (problem := email_problem(site.contact_email)):
            errors.append(
                _error(AccreditationErrorCode.INVALID_EMAIL, problem, f"{where}.contactEmail")
            )
        if site.region and (problem := region_problem(site.region)):
            errors.append(_error(AccreditationErrorCode.INVALID_REGION, problem, f"{where}.region"))
        for position, evaluator in enumerate(site.evaluators):
            if evaluator.email and (problem := email_problem(evaluator.email)):
                errors.append(
                    _error(
                        AccreditationErrorCode.INVALID_EMAIL,
                        problem,
                        f"{where}.evaluators[{position}].email",
                    )
                )
    unknown = [key for key in draft.declarations if key not in DECLARATIONS]
    if unknown:
        errors.append(
            _error(
                AccreditationErrorCode.INVALID,
                f"Déclaration inconnue : {', '.join(unknown)}.",
                "declarations",
            )
        )
    if sirets:
        async with cross_tenant_reads(session, "system:siret_uniqueness"):
            elsewhere = await session.scalars(
                select(Site.siret).where(
                    Site.siret.in_(sirets), Site.organisation_id != organisation.id
                )
            )
            for siret in elsewhere:
                errors.append(
                    _error(
                        AccreditationErrorCode.SIRET_TAKEN,
                        f"L'établissement {siret} est déclaré par un autre organisme.",
                        f"sites[{sirets.index(siret)}].siret",
                    )
                )
    return errors


def missing_items(
    campaign: Campaign,
    organisation: Organisation,
    draft: ApplicationDraft,
    documents: Sequence[ApplicationDocument],
) -> list[AccreditationError]:
    """What a submission still lacks, each naming the field to complete."""
    missing: list[AccreditationError] = []

    def lack(message: str, where: str) -> None:
        missing.append(_error(AccreditationErrorCode.INCOMPLETE, message, where))

    if not organisation.siren:
        lack("Le SIREN de l'organisme est obligatoire.", "siren")
    if not draft.sites:
        lack("Déclarez au moins un établissement à habiliter.", "sites")
    for index, site in enumerate(draft.sites):
        where = f"sites[{index}]"
        label = site.name or site.siret or f"n° {index + 1}"
        for key, value, text in (
            ("siret", site.siret, "le SIRET"),
            ("name", site.name, "le nom"),
            ("addressLine", site.address_line, "l'adresse"),
            ("postalCode", site.postal_code, "le code postal"),
            ("city", site.city, "la commune"),
            ("region", site.region, "la région"),
            ("contactEmail", site.contact_email, "l'adresse électronique de contact"),
        ):
            if not value:
                lack(f"Établissement {label} : indiquez {text}.", f"{where}.{key}")
        if not site.evaluators:
            lack(f"Établissement {label} : désignez au moins un évaluateur.", f"{where}.evaluators")
        for position, evaluator in enumerate(site.evaluators):
            for key, value, text in (
                ("fullName", evaluator.full_name, "le nom"),
                ("email", evaluator.email, "l'adresse électronique"),
                ("qualifications", evaluator.qualifications, "les qualifications"),
            ):
                if not value:
                    lack(
                        f"Établissement {label}, évaluateur n° {position + 1} : indiquez {text}.",
                        f"{where}.evaluators[{position}].{key}",
                    )
    uploaded = {document.requirement_key for document in documents}
    for requirement in campaign.required_documents:
        if requirement["mandatory"] and requirement["key"] not in uploaded:
            lack(f"Pièce manquante : {requirement['label']}.", f"documents.{requirement['key']}")
    for key, text in DECLARATIONS.items():
        if key not in draft.declarations:
            lack(f"Déclaration sur l'honneur à cocher : « {text} »", f"declarations.{key}")
    return missing


# --------------------------------------------------------------- applicant side


async def get_application(session: AsyncSession, application_id: uuid.UUID) -> Application:
    application = await session.scalar(select(Application).where(Application.id == application_id))
    if application is None:
        raise _error(AccreditationErrorCode.NOT_FOUND, "Candidature introuvable.", "applicationId")
    return application


def _event(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    before: ApplicationStatus | None,
    after: ApplicationStatus,
    message: str = "",
) -> None:
    session.add(
        ApplicationEvent(
            organisation_id=application.organisation_id,
            application_id=application.id,
            actor_id=actor.user_id,
            actor_label=actor.label,
            from_status=before.value if before else None,
            to_status=after.value,
            message=message,
        )
    )


async def start_application(
    session: AsyncSession, actor: Actor, campaign_id: uuid.UUID, *, today: dt.date
) -> Application:
    """An organisation begins its application to an open campaign (one per campaign)."""
    assert actor.organisation_id is not None
    campaign = await get_campaign(session, campaign_id)
    if not is_open(campaign, today):
        raise _error(
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
        raise _error(
            AccreditationErrorCode.ALREADY_APPLIED,
            "Votre organisme a déjà une candidature pour cette campagne : reprenez-la.",
            "campaignId",
        )
    organisation = await session.get(Organisation, actor.organisation_id)
    assert organisation is not None
    existing_sites = list(await session.scalars(select(Site).order_by(Site.name)))
    draft = ApplicationDraft(
        network=organisation.network,
        sites=tuple(
            SiteDraft(
                siret=site.siret,
                name=site.name,
                address_line=site.address_line,
                postal_code=site.postal_code,
                city=site.city,
                region=site.region,
                contact_email=site.contact_email,
                contact_phone=site.contact_phone,
            )
            for site in existing_sites
        ),
    )
    application = Application(
        organisation_id=actor.organisation_id,
        campaign_id=campaign.id,
        status=ApplicationStatus.DRAFT,
        content=_content(draft),
    )
    session.add(application)
    await session.flush()
    _event(session, actor, application, None, ApplicationStatus.DRAFT)
    audit.record(session, actor, "application.start", [application.id, campaign.id])
    return application


def _require_editable(application: Application, expected_revision: int) -> None:
    if application.status not in EDITABLE:
        raise _error(
            AccreditationErrorCode.INVALID_STATE,
            f"Candidature {STATUS_LABELS[application.status]} : elle n'est plus modifiable.",
        )
    if application.revision != expected_revision:
        raise _stale()


def _stale() -> AccreditationError:
    return _error(
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
            raise _error(
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
                raise _error(
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
    draft = _clean(draft)
    if errors := await _draft_problems(session, organisation, draft):
        raise InvalidFormError(errors)
    application.content = _content(draft)
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
    store: DiskDocumentStore,
    application: Application,
    requirement_key: str,
    filename: str,
    content: bytes,
) -> ApplicationDocument:
    """Store a supporting PDF for one requirement (replacing the previous one)."""
    if application.status not in EDITABLE:
        raise _error(
            AccreditationErrorCode.INVALID_STATE,
            f"Candidature {STATUS_LABELS[application.status]} : les pièces ne sont plus "
            "modifiables.",
        )
    campaign = await get_campaign(session, application.campaign_id)
    if requirement_key not in {d["key"] for d in campaign.required_documents}:
        raise _error(
            AccreditationErrorCode.UNKNOWN_DOCUMENT,
            f"La campagne ne demande pas de pièce « {requirement_key} ».",
            "requirementKey",
        )
    check_pdf(content)
    sha256 = store.put(content)
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
        raise _error(
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
    if errors := await _draft_problems(session, organisation, draft):
        raise InvalidFormError(errors)
    before = application.status
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = utcnow()
    application.revision += 1
    application.updated_at = utcnow()
    _event(session, actor, application, before, ApplicationStatus.SUBMITTED)
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


# ------------------------------------------------------------- Certif'Pro side


@dataclass(frozen=True, slots=True)
class ApplicationFilter:
    campaign_id: uuid.UUID | None = None
    status: ApplicationStatus | None = None


async def transition(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    after: ApplicationStatus,
    message: str = "",
) -> ApplicationStatus:
    before = application.status
    if after not in TRANSITIONS[before]:
        raise _error(
            AccreditationErrorCode.FORBIDDEN_TRANSITION,
            f"Une candidature {STATUS_LABELS[before]} ne peut passer à « {STATUS_LABELS[after]} ».",
        )
    application.status = after
    application.revision += 1
    application.updated_at = utcnow()
    _event(session, actor, application, before, after, message)
    return before


async def start_review(
    session: AsyncSession, actor: Actor, application_id: uuid.UUID
) -> Application:
    async with cross_tenant_reads(session, REVIEW_SCOPE):
        application = await get_application(session, application_id)
        await transition(session, actor, application, ApplicationStatus.UNDER_REVIEW)
        application.reviewer_id = actor.user_id
        await session.flush()
        audit.record(
            session,
            actor,
            "application.review",
            [application.id],
            organisation_id=application.organisation_id,
        )
    return application


def required_message(message: str, what: str) -> str:
    message = message.strip()
    if not message:
        raise _error(AccreditationErrorCode.REASON_REQUIRED, what, "message")
    return message


async def request_complement(
    session: AsyncSession, actor: Actor, application_id: uuid.UUID, message: str
) -> Application:
    message = required_message(message, "Précisez les compléments attendus.")
    async with cross_tenant_reads(session, REVIEW_SCOPE):
        application = await get_application(session, application_id)
        await transition(
            session, actor, application, ApplicationStatus.COMPLEMENT_REQUESTED, message
        )
        application.message = message
        campaign = await get_campaign(session, application.campaign_id)
        await notify_applicant(
            session,
            application,
            f"Complément demandé — {campaign.title}",
            f"Bonjour,\n\nCertif'Pro demande un complément à votre candidature à la campagne "
            f"« {campaign.title} » :\n\n{message}\n\nComplétez-la puis déposez-la à nouveau "
            "sur la plateforme CléA.\n",
        )
        await session.flush()
        audit.record(
            session,
            actor,
            "application.request_complement",
            [application.id],
            organisation_id=application.organisation_id,
        )
    return application


async def reject(
    session: AsyncSession, actor: Actor, application_id: uuid.UUID, reasons: str
) -> Application:
    reasons = required_message(reasons, "Indiquez les motifs du refus.")
    async with cross_tenant_reads(session, REVIEW_SCOPE):
        application = await get_application(session, application_id)
        await transition(session, actor, application, ApplicationStatus.REJECTED, reasons)
        application.message = reasons
        application.decided_at = utcnow()
        campaign = await get_campaign(session, application.campaign_id)
        await notify_applicant(
            session,
            application,
            f"Candidature refusée — {campaign.title}",
            f"Bonjour,\n\nVotre candidature à la campagne « {campaign.title} » est refusée "
            f"pour les motifs suivants :\n\n{reasons}\n",
        )
        await session.flush()
        audit.record(
            session,
            actor,
            "application.reject",
            [application.id],
            organisation_id=application.organisation_id,
        )
    return application


async def list_applications(session: AsyncSession, filters: ApplicationFilter) -> list[Application]:
    query = select(Application).order_by(Application.updated_at.desc())
    if filters.campaign_id is not None:
        query = query.where(Application.campaign_id == filters.campaign_id)
    if filters.status is not None:
        query = query.where(Application.status == filters.status)
    return list(await session.scalars(query))


async def events_of(session: AsyncSession, application_id: uuid.UUID) -> list[ApplicationEvent]:
    return list(
        await session.scalars(
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id == application_id)
            .order_by(ApplicationEvent.occurred_at, ApplicationEvent.id)
        )
    )
