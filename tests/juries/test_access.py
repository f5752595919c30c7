"""Who reads a jury session, its minutes and Certif'Pro's pool: decided here, audited."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.core.errors import NotAuthenticatedError
from clea_platform.dossiers.models import Dossier
from clea_platform.juries import access, agenda, minutes, pool
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.juries.models import JuryMember
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from tests.juries.conftest import as_actor, member_actor
from tests.juries.test_jury_sessions import convened


async def test_a_session_is_visible_to_certifpro_and_its_members_only(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    greta: Actor,
) -> None:
    # Given a session with one member invited
    jury = await convened(db_session, platform_admin, registry, {"e": members["employeur1"]})
    invited = member_actor(members["employeur1"], "employeur1")
    outsider = member_actor(members["salarie2"], "salarie2")

    # Then Certif'Pro and the invited member see it; another member and an organisation
    # do not, exactly as for a session that does not exist
    async with as_actor(db_session, platform_admin):
        assert await access.visible_session_for(db_session, platform_admin, jury.id) is jury
        assert await access.visible_session_for(db_session, platform_admin, uuid.uuid4()) is None
    async with as_actor(db_session, invited):
        assert await access.visible_session_for(db_session, invited, jury.id) is jury
    for stranger in (outsider, greta):
        async with as_actor(db_session, stranger):
            assert await access.visible_session_for(db_session, stranger, jury.id) is None
            assert await access.visible_agenda(db_session, stranger, jury.id) == []


async def test_the_minutes_are_refused_to_anonymous_outsiders_and_before_closing(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
) -> None:
    jury = await convened(db_session, platform_admin, registry, {"e": members["employeur1"]})
    outsider = member_actor(members["salarie2"], "salarie2")
    with pytest.raises(NotAuthenticatedError):
        await minutes.minutes_for(db_session, Actor(), jury.id)
    async with as_actor(db_session, outsider):
        for key in (jury.id, None):
            with pytest.raises(JuryError) as hidden:
                await minutes.minutes_for(db_session, outsider, key)
            assert hidden.value.code == JuryErrorCode.NOT_FOUND
            assert hidden.value.message == "Document introuvable."
    async with as_actor(db_session, platform_admin):
        with pytest.raises(JuryError) as early:
            await minutes.minutes_for(db_session, platform_admin, jury.id)
    assert early.value.code == JuryErrorCode.INVALID_STATE


async def test_the_ready_pool_names_candidates_of_every_organisation_and_is_audited(
    db_session: AsyncSession,
    platform_admin: Actor,
    registry: CertificationRegistry,
    members: dict[str, JuryMember],
    ready: list[Dossier],
) -> None:
    async with as_actor(db_session, platform_admin):
        found = await pool.ready_for_jury(db_session, platform_admin, certification_code="CLEA")
        assert {d.id for d in ready} <= {row.dossier_id for row in found}
        (event,) = [
            e for e in db_session.info.get(audit.PENDING, []) if e.operation == "jury.ready_pool"
        ]
        assert {str(d.id) for d in ready} <= set(event.object_ids)
        # A dossier put on an agenda leaves the pool
        jury = await convened(db_session, platform_admin, registry, members)
        await agenda.add_to_agenda(db_session, platform_admin, registry, jury.id, [ready[0].id])
        after = await pool.ready_for_jury(db_session, platform_admin, certification_code="CLEA")
    assert ready[0].id not in {row.dossier_id for row in after}
    assert ready[1].id in {row.dossier_id for row in after}
