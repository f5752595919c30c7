"""Building the ``Viewer`` of an actor."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.identity.models import Membership, User
from clea_platform.identity.roles import PlatformRole, Role
from clea_platform.juries.models import JuryMember
from clea_platform.schema.identity.types import MembershipType, UserType, Viewer
from clea_platform.schema.tenants.types import OrganisationType
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import refresh_tenant


async def build_viewer(session: AsyncSession, actor: Actor) -> Viewer | None:
    """Everything the UI needs about who is acting; resolved now, under ``actor``."""
    if not actor.is_authenticated:
        return None
    with acting_as(actor):
        await refresh_tenant(session)
        user = await session.get(User, actor.user_id) if actor.user_id else None
        memberships = (
            list(
                await session.scalars(
                    select(Membership)
                    .where(Membership.user_id == actor.user_id)
                    .order_by(Membership.created_at)
                )
            )
            if actor.user_id
            else []
        )
        active = (
            await session.get(Organisation, actor.organisation_id)
            if actor.organisation_id
            else None
        )
        jury_member = actor.user_id is not None and bool(
            await session.scalar(
                select(JuryMember.id).where(
                    JuryMember.user_id == actor.user_id, JuryMember.active.is_(True)
                )
            )
        )
    await refresh_tenant(session)
    return Viewer(
        user=UserType.from_model(user) if user else None,
        platform_roles=[PlatformRole(role) for role in sorted(actor.platform_roles)],
        memberships=[MembershipType.from_model(m) for m in memberships],
        active_organisation=OrganisationType.from_model(active) if active else None,
        active_roles=[Role(role) for role in sorted(actor.roles)],
        jury_member=jury_member,
    )
