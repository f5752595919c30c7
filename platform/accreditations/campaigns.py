"""Certif'Pro's accreditation campaigns: what they cover, when, what they ask and cost."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.errors import AccreditationError, AccreditationErrorCode
from clea_platform.accreditations.models import Application, ApplicationStatus, Campaign
from clea_platform.audit import service as audit
from clea_platform.core.errors import InvalidFormError
from clea_platform.core.text import ascii_fold
from clea_platform.identity.models import User
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.permissions import PLATFORM_ADMIN


@dataclass(frozen=True, slots=True)
class RequiredDocument:
    label: str
    description: str = ""
    mandatory: bool = True
    key: str = ""
    #: "" (every application), "evaluation" or "training": asked only of the applications
    #: asking for that scope (evidence per scope).
    scope: str = ""


#: What a campaign may accept; an application asking for both needs both accepted.
SCOPES = ("evaluation", "training")


@dataclass(frozen=True, slots=True)
class FeeOverride:
    """A campaign's own accreditation fees for one of its certifications (euro cents)."""

    certification_code: str
    application_cents: int
    site_cents: int


#: Bounds of a campaign's reply deadline for control procedures (days).
MIN_REPLY_DAYS = 1
MAX_REPLY_DAYS = 90


@dataclass(frozen=True, slots=True)
class CampaignInput:
    title: str
    certification_codes: Sequence[str]
    opens_on: dt.date
    closes_on: dt.date
    accreditation_starts_on: dt.date
    accreditation_ends_on: dt.date
    required_documents: Sequence[RequiredDocument] = ()
    application_fee_cents: int = 0
    site_fee_cents: int = 0
    open_dossiers_may_finish: bool = True
    reviewer_ids: Sequence[uuid.UUID] = field(default_factory=tuple)
    #: None: both for a new campaign, unchanged for an existing one (a form that does not
    #: show them never changes them).
    accepted_scopes: Sequence[str] | None = None
    #: None: unchanged (none for a new campaign).
    fee_overrides: Sequence[FeeOverride] | None = None
    #: Days to reply to a control procedure; None: unchanged (15 for a new campaign).
    reply_days: int | None = None


def accepted_scopes_of(values: Sequence[str]) -> tuple[str, ...]:
    """The scopes a campaign accepts, from a list where "both" stands for both.

    Example:
        >>> accepted_scopes_of(["both"]), accepted_scopes_of(["training"])
        (('evaluation', 'training'), ('training',))
    """
    if "both" in values:
        return SCOPES
    return tuple(scope for scope in SCOPES if scope in values) or tuple(values)


def _overrides(overrides: Sequence[FeeOverride]) -> dict[str, dict[str, int]]:
    return {
        o.certification_code: {"application_cents": o.application_cents, "site_cents": o.site_cents}
        for o in overrides
    }


def fees_for(
    campaign: Campaign, registry: CertificationRegistry, certification_code: str
) -> tuple[int, int]:
    """The application and per-establishment fees of one certification of the campaign.

    The certification's plugin owns them (DOMAIN.md: CléA numérique 300 € and 150 €); the
    campaign may override them per certification (``fee_overrides``).

    Returns:
        (application fee, fee per establishment), in euro cents.
    """
    override = campaign.fee_overrides.get(certification_code)
    if override is not None:
        return int(override["application_cents"]), int(override["site_cents"])
    if certification_code not in registry:
        return 0, 0
    fees = registry.get(certification_code).fees
    return fees.application_cents, fees.site_cents


@dataclass(frozen=True, slots=True)
class Charge:
    """What one application costs at one moment: a fee × a quantity."""

    at: dt.datetime
    subject: str
    scope: str
    quantity: int
    unit_cents: int


def application_charges(
    campaign: Campaign, application: Application, registry: CertificationRegistry
) -> list[Charge]:
    """The application fee (when submitted) and the establishments' fee (when accepted).

    A campaign with its own campaign-wide fee and no per-certification override bills it
    once per application, as before #19; otherwise each certification of the campaign is
    billed its own fee (:func:`fees_for`: the override, else the plugin's).
    """
    charges: list[Charge] = []
    legacy = not campaign.fee_overrides
    kept = len((application.decision or {}).get("sites", ()))
    accepted = application.status == ApplicationStatus.ACCEPTED and application.decided_at
    for moment, subject, quantity, campaign_fee, which in (
        (application.submitted_at, "candidature", 1, campaign.application_fee_cents, 0),
        (
            application.decided_at if accepted else None,
            "établissements habilités",
            kept,
            campaign.site_fee_cents,
            1,
        ),
    ):
        if moment is None or quantity == 0:
            continue
        at = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        if legacy and campaign_fee:
            charges.append(Charge(at, subject, campaign.title, quantity, campaign_fee))
            continue
        for code in campaign.certification_codes:
            fee = fees_for(campaign, registry, code)[which]
            if fee:
                charges.append(Charge(at, subject, f"{campaign.title} — {code}", quantity, fee))
    return charges


def document_key(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(label).lower()).strip("-")[:64] or "document"


def _problems(
    data: CampaignInput, registry: CertificationRegistry, accepted: Sequence[str]
) -> list[AccreditationError]:
    errors: list[AccreditationError] = []
    if not data.title.strip():
        errors.append(
            AccreditationError(
                AccreditationErrorCode.REQUIRED, "Le titre est obligatoire.", field="title"
            )
        )
    if not data.certification_codes:
        errors.append(
            AccreditationError(
                AccreditationErrorCode.REQUIRED,
                "Choisissez au moins une certification.",
                field="certificationCodes",
            )
        )
    unknown = [code for code in data.certification_codes if code not in registry]
    if unknown:
        errors.append(
            AccreditationError(
                AccreditationErrorCode.UNKNOWN_CERTIFICATION,
                f"Certification inconnue : {', '.join(unknown)}.",
                field="certificationCodes",
            )
        )
    if data.closes_on < data.opens_on:
        errors.append(
            AccreditationError(
                AccreditationErrorCode.INVALID_DATES,
                "La date de clôture doit suivre la date d'ouverture.",
                field="closesOn",
            )
        )
    if data.accreditation_ends_on <= data.accreditation_starts_on:
        errors.append(
            AccreditationError(
                AccreditationErrorCode.INVALID_DATES,
                "La fin de la période d'habilitation doit suivre son début.",
                field="accreditationEndsOn",
            )
        )
    if data.application_fee_cents < 0 or data.site_fee_cents < 0:
        errors.append(
            AccreditationError(
                AccreditationErrorCode.INVALID,
                "Les frais ne peuvent être négatifs.",
                field="applicationFeeCents",
            )
        )
    if not accepted or any(scope not in SCOPES for scope in accepted):
        errors.append(
            AccreditationError(
                AccreditationErrorCode.INVALID,
                "Indiquez ce que la campagne habilite : l'évaluation, la formation, ou les deux.",
                field="acceptedScopes",
            )
        )
    if any(d.scope and d.scope not in accepted for d in data.required_documents):
        errors.append(
            AccreditationError(
                AccreditationErrorCode.INVALID,
                "Une pièce est demandée pour une habilitation que la campagne n'accepte pas.",
                field="requiredDocuments",
            )
        )
    for override in data.fee_overrides or ():
        if override.certification_code not in data.certification_codes:
            errors.append(
                AccreditationError(
                    AccreditationErrorCode.INVALID,
                    f"Frais propres à {override.certification_code} : la campagne ne couvre "
                    "pas cette certification.",
                    field="feeOverrides",
                )
            )
        if override.application_cents < 0 or override.site_cents < 0:
            errors.append(
                AccreditationError(
                    AccreditationErrorCode.INVALID,
                    "Les frais ne peuvent être négatifs.",
                    field="feeOverrides",
                )
            )
    if data.reply_days is not None and not MIN_REPLY_DAYS <= data.reply_days <= MAX_REPLY_DAYS:
        errors.append(
            AccreditationError(
                AccreditationErrorCode.INVALID,
                f"Le délai de réponse à un contrôle va de {MIN_REPLY_DAYS} à {MAX_REPLY_DAYS} "
                "jours.",
                field="replyDays",
            )
        )
    keys = [document_key(d.key or d.label) for d in data.required_documents]
    if any(not d.label.strip() for d in data.required_documents):
        errors.append(
            AccreditationError(
                AccreditationErrorCode.REQUIRED,
                "Chaque pièce demandée doit avoir un intitulé.",
                field="requiredDocuments",
            )
        )
    elif len(set(keys)) != len(keys):
        errors.append(
            AccreditationError(
                AccreditationErrorCode.INVALID,
                "Deux pièces demandées portent le même intitulé.",
                field="requiredDocuments",
            )
        )
    return errors


async def _reviewers(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[str]:
    """Reviewers are Certif'Pro administrators (checked here, not trusted from the form)."""
    if not ids:
        return []
    users = await session.scalars(select(User).where(User.id.in_(ids), User.disabled_at.is_(None)))
    admins = {user.id for user in users if "certifpro_admin" in user.platform_roles}
    if admins != set(ids):
        raise AccreditationError(
            AccreditationErrorCode.INVALID,
            "Les instructeurs doivent être des administrateurs Certif'Pro actifs.",
            field="reviewerIds",
        )
    return [str(user_id) for user_id in dict.fromkeys(ids)]


def _documents(data: CampaignInput) -> list[dict[str, object]]:
    return [
        {
            "key": document_key(d.key or d.label),
            "label": d.label.strip(),
            "description": d.description.strip(),
            "mandatory": d.mandatory,
            "scope": d.scope,
        }
        for d in data.required_documents
    ]


async def create_campaign(
    session: AsyncSession, actor: Actor, registry: CertificationRegistry, data: CampaignInput
) -> Campaign:
    accepted = SCOPES if data.accepted_scopes is None else data.accepted_scopes
    if errors := _problems(data, registry, accepted):
        raise InvalidFormError(errors)
    campaign = Campaign(
        title=data.title.strip(),
        certification_codes=list(dict.fromkeys(data.certification_codes)),
        opens_on=data.opens_on,
        closes_on=data.closes_on,
        required_documents=_documents(data),
        application_fee_cents=data.application_fee_cents,
        site_fee_cents=data.site_fee_cents,
        accreditation_starts_on=data.accreditation_starts_on,
        accreditation_ends_on=data.accreditation_ends_on,
        open_dossiers_may_finish=data.open_dossiers_may_finish,
        reviewer_ids=await _reviewers(session, data.reviewer_ids),
        accepted_scopes=[scope for scope in SCOPES if scope in accepted],
        fee_overrides=_overrides(data.fee_overrides or ()),
        reply_days=data.reply_days or 15,
        created_by_id=actor.user_id,
    )
    session.add(campaign)
    await session.flush()
    audit.record(session, actor, "campaign.create", [campaign.id])
    return campaign


async def update_campaign(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    campaign_id: uuid.UUID,
    data: CampaignInput,
    *,
    expected_revision: int,
) -> Campaign:
    campaign = await get_campaign(session, campaign_id)
    if campaign.revision != expected_revision:
        raise AccreditationError(
            AccreditationErrorCode.STALE_REVISION,
            "Cette campagne a été modifiée entre-temps : rechargez-la avant d'enregistrer.",
        )
    accepted = campaign.accepted_scopes if data.accepted_scopes is None else data.accepted_scopes
    if errors := _problems(data, registry, accepted):
        raise InvalidFormError(errors)
    campaign.title = data.title.strip()
    campaign.certification_codes = list(dict.fromkeys(data.certification_codes))
    campaign.opens_on = data.opens_on
    campaign.closes_on = data.closes_on
    campaign.required_documents = _documents(data)
    campaign.application_fee_cents = data.application_fee_cents
    campaign.site_fee_cents = data.site_fee_cents
    campaign.accreditation_starts_on = data.accreditation_starts_on
    campaign.accreditation_ends_on = data.accreditation_ends_on
    campaign.open_dossiers_may_finish = data.open_dossiers_may_finish
    campaign.reviewer_ids = await _reviewers(session, data.reviewer_ids)
    campaign.accepted_scopes = [scope for scope in SCOPES if scope in accepted]
    if data.fee_overrides is not None:
        campaign.fee_overrides = _overrides(data.fee_overrides)
    if data.reply_days is not None:
        campaign.reply_days = data.reply_days
    campaign.revision += 1
    audit.record(session, actor, "campaign.update", [campaign.id])
    return campaign


async def get_campaign(session: AsyncSession, campaign_id: uuid.UUID) -> Campaign:
    campaign = await session.get(Campaign, campaign_id)
    if campaign is None:
        raise AccreditationError(
            AccreditationErrorCode.NOT_FOUND, "Campagne introuvable.", field="campaignId"
        )
    return campaign


async def list_campaigns(
    session: AsyncSession, *, open_on: dt.date | None = None
) -> list[Campaign]:
    query = select(Campaign).order_by(Campaign.opens_on.desc(), Campaign.title)
    if open_on is not None:
        query = query.where(Campaign.opens_on <= open_on, Campaign.closes_on >= open_on)
    return list(await session.scalars(query))


def is_open(campaign: Campaign, today: dt.date) -> bool:
    return campaign.opens_on <= today <= campaign.closes_on


async def find_campaign(session: AsyncSession, campaign_id: uuid.UUID) -> Campaign | None:
    """A campaign (public), or None."""
    return await session.get(Campaign, campaign_id)


def visible_reviewer_ids(campaign: Campaign, actor: Actor) -> list[uuid.UUID]:
    """The campaign's reviewers, in the order chosen: Certif'Pro's to know, nobody else's."""
    if not PLATFORM_ADMIN.allows(actor):
        return []
    return [uuid.UUID(value) for value in campaign.reviewer_ids]
