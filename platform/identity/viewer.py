"""Who is acting: the account, memberships and active organisation behind an actor."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.identity.models import Membership, User
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import refresh_tenant


@dataclass(frozen=True, slots=True)
class ViewerData:
    """What the interface needs about an authenticated actor."""

    actor: Actor
    user: User | None  # None for an API key
    memberships: list[Membership]
    active_organisation: Organisation | None


async def viewer_of(session: AsyncSession, actor: Actor) -> ViewerData | None:
    """The actor's account and organisations, read as ``actor``; None when nobody is signed in.

    Read under ``actor`` rather than the request's: after a login or an organisation
    switch they differ, and the answer must be the new one's. A user sees their own
    memberships in every organisation (that is how they switch).
    """
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
    await refresh_tenant(session)
    return ViewerData(actor, user, memberships, active)
