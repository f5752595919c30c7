"""Enforcing accreditations: only an organisation accredited to evaluate a certification at
a site opens dossiers there, only its named evaluators evaluate, and only an organisation
accredited to train it is named on a training plan.

Called through the platform's hooks (``hooks.py``) when a dossier is opened and when
evaluations are planned or recorded.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.models import (
    EVALUATING_SCOPES,
    TRAINING_SCOPES,
    Accreditation,
    AccreditationScope,
    AccreditationStatus,
    AccreditedEvaluator,
)
from clea_platform.identity.models import User
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads

CHECK_SCOPE = "system:accreditation_check"

SCOPE_LABELS = {
    AccreditationScope.EVALUATION: "l'évaluation",
    AccreditationScope.TRAINING: "la formation",
    AccreditationScope.BOTH: "l'évaluation et la formation",
}


def suspension_lapsed(accreditation: Accreditation, today: dt.date) -> bool:
    """A control procedure's suspension whose period is over: the accreditation is in
    force again without anyone reinstating it."""
    return (
        accreditation.status == AccreditationStatus.SUSPENDED
        and accreditation.suspended_until is not None
        and today > accreditation.suspended_until
    )


def status_label(accreditation: Accreditation, today: dt.date) -> str:
    if accreditation.status == AccreditationStatus.SUSPENDED and not suspension_lapsed(
        accreditation, today
    ):
        if accreditation.suspended_until is not None:
            return f"suspendue jusqu'au {accreditation.suspended_until:%d/%m/%Y}"
        return "suspendue"
    if accreditation.status == AccreditationStatus.WITHDRAWN:
        return "retirée"
    if today < accreditation.valid_from:
        return "pas encore en vigueur"
    if today > accreditation.valid_until:
        return f"expirée depuis le {accreditation.valid_until:%d/%m/%Y}"
    return "valide"


def is_valid(accreditation: Accreditation, today: dt.date) -> bool:
    return (
        accreditation.status == AccreditationStatus.ACTIVE
        or suspension_lapsed(accreditation, today)
    ) and accreditation.valid_from <= today <= accreditation.valid_until


def finishing_under_suspension(accreditation: Accreditation, today: dt.date) -> bool:
    """Suspended by a control procedure, in its validity: the dossiers already open may
    finish (docs/accreditations.md, « Suspension »); no new one opens."""
    return (
        accreditation.status == AccreditationStatus.SUSPENDED
        and accreditation.suspended_by_procedure_id is not None
        and accreditation.valid_from <= today <= accreditation.valid_until
    )


async def _site_label(session: AsyncSession, site_id: uuid.UUID) -> str:
    site = await session.scalar(select(Site).where(Site.id == site_id))
    return f"{site.name} ({site.siret})" if site else "ce site"


async def _best(
    session: AsyncSession,
    organisation_id: uuid.UUID,
    certification_code: str,
    site_id: uuid.UUID,
) -> list[Accreditation]:
    """The site's accreditations for the certification that allow evaluating, latest first."""
    return list(
        await session.scalars(
            select(Accreditation)
            .where(
                Accreditation.organisation_id == organisation_id,
                Accreditation.certification_code == certification_code,
                Accreditation.site_id == site_id,
                Accreditation.scope.in_(EVALUATING_SCOPES),
            )
            .order_by(Accreditation.valid_until.desc())
        )
    )


async def _training_only(
    session: AsyncSession, organisation_id: uuid.UUID, certification_code: str, site_id: uuid.UUID
) -> bool:
    """Whether the site holds accreditations for the certification, all for training only."""
    found = await session.scalar(
        select(Accreditation.id).where(
            Accreditation.organisation_id == organisation_id,
            Accreditation.certification_code == certification_code,
            Accreditation.site_id == site_id,
            Accreditation.scope == AccreditationScope.TRAINING,
        )
    )
    return found is not None


async def _not_accredited_to_evaluate(
    session: AsyncSession,
    organisation_id: uuid.UUID,
    certification_code: str,
    site_id: uuid.UUID,
    what: str,
) -> str:
    where = await _site_label(session, site_id)
    if await _training_only(session, organisation_id, certification_code, site_id):
        return (
            f"Votre organisme est habilité pour {certification_code} sur le site {where} "
            f"pour la formation seulement : {what} demande une habilitation à l'évaluation "
            "(candidatez à une campagne qui l'accepte)."
        )
    return (
        f"Votre organisme n'est pas habilité pour {certification_code} sur le site "
        f"{where} : candidatez à une campagne d'habilitation."
    )


async def opening_problems(
    session: AsyncSession,
    organisation_id: uuid.UUID,
    certification_code: str,
    site_id: uuid.UUID,
    today: dt.date,
) -> list[str]:
    """Why this organisation may not open a dossier for this certification at this site."""
    accreditations = await _best(session, organisation_id, certification_code, site_id)
    if any(is_valid(a, today) for a in accreditations):
        return []
    if not accreditations:
        return [
            await _not_accredited_to_evaluate(
                session, organisation_id, certification_code, site_id, "ouvrir un dossier"
            )
        ]
    where = await _site_label(session, site_id)
    latest = accreditations[0]
    return [
        f"L'habilitation {certification_code} du site {where} est "
        f"{status_label(latest, today)} : aucun nouveau dossier ne peut être ouvert."
    ]


async def evaluation_problems(
    session: AsyncSession,
    organisation_id: uuid.UUID,
    certification_code: str,
    site_id: uuid.UUID,
    evaluator_id: uuid.UUID,
    today: dt.date,
) -> list[str]:
    """Why this evaluator may not evaluate this certification at this site today.

    An accreditation that has expired still allows dossiers already open to finish when
    its campaign says so (``open_dossiers_may_finish``); one suspended by a control
    procedure lets the open dossiers finish (only new ones are refused, at opening); one
    suspended directly by Certif'Pro (``suspendAccreditation``) or withdrawn never.
    """
    accreditations = await _best(session, organisation_id, certification_code, site_id)
    usable = [
        a
        for a in accreditations
        if is_valid(a, today)
        or finishing_under_suspension(a, today)
        or (
            a.status == AccreditationStatus.ACTIVE
            and a.open_dossiers_may_finish
            and a.valid_from <= today
        )
    ]
    # The site's label is for refusals only: every saved grid goes through here.
    if not usable:
        if not accreditations:
            return [
                await _not_accredited_to_evaluate(
                    session, organisation_id, certification_code, site_id, "évaluer"
                )
            ]
        where = await _site_label(session, site_id)
        return [
            f"L'habilitation {certification_code} du site {where} est "
            f"{status_label(accreditations[0], today)} : aucune évaluation n'est possible."
        ]
    async with cross_tenant_reads(session, CHECK_SCOPE):
        email = await session.scalar(select(User.email).where(User.id == evaluator_id))
    named = await session.scalar(
        select(AccreditedEvaluator.id).where(
            AccreditedEvaluator.accreditation_id.in_([a.id for a in usable]),
            AccreditedEvaluator.email == (email or ""),
        )
    )
    if named is None:
        where = await _site_label(session, site_id)
        return [
            f"{email or 'Cette personne'} n'est pas évaluateur habilité pour "
            f"{certification_code} sur le site {where} : demandez à Certif'Pro de l'ajouter "
            "à l'habilitation."
        ]
    return []


async def training_problems(
    session: AsyncSession, organisation_id: uuid.UUID, certification_code: str, today: dt.date
) -> list[str]:
    """Why this organisation may not be named on a plan to train this certification today.

    It needs an accreditation for training (or both) for the certification, valid today,
    at any of its sites. A system check across tenants: the training organisation is
    usually another tenant than the plan's.
    """
    async with cross_tenant_reads(session, CHECK_SCOPE):
        accreditations = list(
            await session.scalars(
                select(Accreditation)
                .where(
                    Accreditation.organisation_id == organisation_id,
                    Accreditation.certification_code == certification_code,
                    Accreditation.scope.in_(TRAINING_SCOPES),
                )
                .order_by(Accreditation.valid_until.desc())
            )
        )
    if any(is_valid(a, today) for a in accreditations):
        return []
    if not accreditations:
        return [
            f"Cet organisme n'est pas habilité à former pour {certification_code} : choisissez "
            "un organisme de formation habilité (annuaire, « formation »)."
        ]
    return [
        f"L'habilitation à la formation {certification_code} de cet organisme est "
        f"{status_label(accreditations[0], today)} : il ne peut pas être désigné sur un plan."
    ]
