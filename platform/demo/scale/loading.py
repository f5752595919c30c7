"""What exists already: the demo organisations, their people, sites and certifications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.models import Candidate
from clea_platform.core.errors import CleaError
from clea_platform.demo import data
from clea_platform.demo.scale.model import Catalogue, DemoTenant, Person, World
from clea_platform.demo.scale.profiles import build_profiles
from clea_platform.dossiers.models import Dossier
from clea_platform.evaluations.service import BILLABLE_INITIAL_EVALUATION
from clea_platform.identity.models import Membership, User
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels import service as referentiels
from clea_platform.tenants.models import Organisation, OrganisationKind, Site
from clea_platform.tenants.scoping import cross_tenant_reads

EVALUATOR_SLUGS = tuple(o.slug for o in data.ORGANISATIONS if o.kind == OrganisationKind.EVALUATOR)


async def load_world(
    session: AsyncSession, registry: CertificationRegistry, today: dt.date
) -> tuple[World, int, int]:
    """The demo tenants and certifications; the dossiers and candidates already there."""
    async with cross_tenant_reads(session, "demo:scale"):
        organisations = list(
            await session.scalars(
                select(Organisation)
                .where(Organisation.slug.in_(EVALUATOR_SLUGS))
                .order_by(Organisation.slug)
            )
        )
        if len(organisations) != len(EVALUATOR_SLUGS):
            raise CleaError(
                "Les organisations de démonstration sont absentes.",
                hint="Lancez « clea demo » (sans --scale) d'abord.",
            )
        ids = [o.id for o in organisations]
        sites = list(
            await session.scalars(
                select(Site).where(Site.organisation_id.in_(ids)).order_by(Site.siret)
            )
        )
        members = list(
            await session.execute(
                select(Membership.organisation_id, Membership.roles, User)
                .join(User, User.id == Membership.user_id)
                .where(Membership.organisation_id.in_(ids))
                .order_by(User.email)
            )
        )
        existing = await session.scalar(
            select(func.count()).select_from(Dossier).where(Dossier.organisation_id.in_(ids))
        )
        candidates = await session.scalar(
            select(func.count()).select_from(Candidate).where(Candidate.organisation_id.in_(ids))
        )
        catalogues = await _catalogues(session, registry)
    tenants = []
    for organisation in organisations:
        own = [s for s in sites if s.organisation_id == organisation.id]
        partner = next((s for s in sites if s.organisation_id != organisation.id), own[0])
        people = [
            (roles, Person(user.id, f"{user.full_name} <{user.email}>"))
            for org_id, roles, user in members
            if org_id == organisation.id
        ]
        advisers = [p for roles, p in people if {"adviser", "org_admin"} & set(roles)]
        evaluators = [p for roles, p in people if "evaluator" in roles]
        if not own or not advisers or not evaluators:
            raise CleaError(
                f"L'organisation de démonstration « {organisation.name} » n'a pas de site, "
                "de conseiller ou d'évaluateur.",
                hint="Relancez « clea demo » pour la compléter.",
            )
        tenants.append(
            DemoTenant(
                organisation_id=organisation.id,
                name=organisation.name,
                site_ids=tuple(s.id for s in own),
                region=own[0].region,
                advisers=tuple(sorted(advisers, key=lambda p: "adviser" not in p.label)),
                evaluators=tuple(evaluators),
                partner_siret=partner.siret,
                partner_name=partner.name,
            )
        )
    # Generated history stops the day before: nothing happens later than now.
    yesterday = today - dt.timedelta(days=1)
    return World(tuple(tenants), catalogues, yesterday), existing or 0, candidates or 0


async def _catalogues(
    session: AsyncSession, registry: CertificationRegistry
) -> tuple[Catalogue, ...]:
    versions = await referentiels.published_versions(session, registry.codes())
    items = await referentiels.items_of_versions(session, [v.id for v in versions.values()])
    catalogues = []
    for code in registry.codes():
        version = versions.get(code)
        if version is None:
            continue
        certification = registry.get(code)
        stored = items[version.id]
        tree = referentiels.tree_of(version, stored)
        eligible, with_gaps = build_profiles(certification, tree)
        if not eligible or not with_gaps:
            continue  # a scale without both outcomes cannot show the whole pathway
        parents = {item.code: item.parent_code for item in stored}

        def domain(code: str, parents: Mapping[str, str | None] = parents) -> str:
            while (parent := parents.get(code)) is not None:
                code = parent
            return code

        leaves = tree.leaf_codes()
        catalogues.append(
            Catalogue(
                code=code,
                version_id=version.id,
                leaves=leaves,
                titles={item.code: item.title for item in stored},
                domain_of={leaf: domain(leaf) for leaf in leaves},
                window_years=certification.limits.training_window_years,
                initial_evaluation_cents=certification.fees.event_cents(
                    BILLABLE_INITIAL_EVALUATION
                ),
                eligible=eligible,
                with_gaps=with_gaps,
            )
        )
    if not catalogues:
        raise CleaError(
            "Aucune certification n'a de référentiel publié.",
            hint="Lancez « clea demo » (sans --scale) d'abord.",
        )
    return tuple(catalogues)
