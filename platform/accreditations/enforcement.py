"""Enforcing accreditations: only an organisation accredited for a certification at a site
opens dossiers there, and only its named evaluators evaluate.

Called through the platform's hooks (``hooks.py``) when a dossier is opened and when
evaluations are planned or recorded.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.models import (
    Accreditation,
    AccreditationStatus,
    AccreditedEvaluator,
)
from clea_platform.identity.models import User
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads

CHECK_SCOPE = "system:accreditation_check"


def status_label(accreditation: Accreditation, today: dt.date) -> str:
    if accreditation.status == AccreditationStatus.SUSPENDED:
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
    return list(
        await session.scalars(
            select(Accreditation)
            .where(
                Accreditation.organisation_id == organisation_id,
                Accreditation.certification_code == certification_code,
                Accreditation.site_id == site_id,
            )
            .order_by(Accreditation.valid_until.desc())
        )
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
    where = await _site_label(session, site_id)
    if not accreditations:
        return [
            f"Votre organisme n'est pas habilité pour {certification_code} sur le site "
            f"{where} : candidatez à une campagne d'habilitation."
        ]
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
    its campaign says so (``open_dossiers_may_finish``); a suspended or withdrawn one never.
    """
    accreditations = await _best(session, organisation_id, certification_code, site_id)
    usable = [
        a
        for a in accreditations
        if is_valid(a, today)
        or (
            a.status == AccreditationStatus.ACTIVE
            and a.open_dossiers_may_finish
            and a.valid_from <= today
        )
    ]
    # The site's label is for refusals only: every saved grid goes through here.
    if not usable:
        where = await _site_label(session, site_id)
        if not accreditations:
            return [
                f"Votre organisme n'est pas habilité pour {certification_code} sur le site {where}."
            ]
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
