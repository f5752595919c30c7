"""Demonstration data: Certif'Pro, two evaluator organisations and the published référentiels.

Idempotent: loading twice changes nothing the second time.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels.service import sync_bundled_referentiels
from clea_platform.tenants.models import Organisation, OrganisationKind

DEMO_ORGANISATIONS = (
    ("certif-pro", "Certif'Pro", OrganisationKind.OPERATOR),
    ("greta-demo-paris", "Greta démo Paris Centre", OrganisationKind.EVALUATOR),
    ("afpa-demo-lille", "Afpa démo Lille", OrganisationKind.EVALUATOR),
)


async def load_demo(session: AsyncSession, registry: CertificationRegistry) -> str:
    """Load the demo data; returns a French one-line report."""
    existing = set(await session.scalars(select(Organisation.slug)))
    created = 0
    for slug, name, kind in DEMO_ORGANISATIONS:
        if slug not in existing:
            session.add(Organisation(slug=slug, name=name, kind=kind))
            created += 1
    sync = await sync_bundled_referentiels(session, registry)
    await session.flush()
    return (
        f"Démo chargée : {created} organisation(s) créée(s), "
        f"{len(sync.added)} référentiel(s) publié(s), "
        f"{len(registry)} certification(s) disponibles."
    )
