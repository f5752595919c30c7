"""Who is acting: the account, memberships and active organisation, read as the actor."""

from __future__ import annotations

import uuid

from clea_platform.identity.viewer import viewer_of
from clea_platform.tenants.context import ANONYMOUS, Actor
from tests.tenants.factories import Factory


async def test_nobody_signed_in_has_no_viewer(factory: Factory) -> None:
    assert await viewer_of(factory.session, ANONYMOUS) is None


async def test_a_person_sees_their_memberships_everywhere_and_their_active_organisation(
    factory: Factory,
) -> None:
    # Given a person admin of A and evaluator of B, acting for B
    a = await factory.organisation("Organisme A")
    b = await factory.organisation("Organisme B")
    user = await factory.person(memberships=[(a, ["org_admin"]), (b, ["evaluator"])])
    actor = factory.actor(user, b, "evaluator")

    # When their viewer is read while the request still acts as nobody (right after a login)
    viewer = await viewer_of(factory.session, actor)

    # Then it is theirs: both memberships, B active
    assert viewer is not None
    assert viewer.user is not None
    assert viewer.user.email == user.email
    assert sorted((m.organisation_id, tuple(m.roles)) for m in viewer.memberships) == sorted(
        [(a.id, ("org_admin",)), (b.id, ("evaluator",))]
    )
    assert viewer.active_organisation is not None
    assert viewer.active_organisation.name == "Organisme B"


async def test_an_api_key_has_no_account_and_no_memberships(factory: Factory) -> None:
    a = await factory.organisation()
    api_key_actor = Actor(
        label="clé d'API « test »",
        api_key_id=uuid.uuid4(),
        organisation_id=a.id,
        roles=frozenset({"org_admin"}),
    )

    viewer = await viewer_of(factory.session, api_key_actor)

    assert viewer is not None
    assert (viewer.user, viewer.memberships) == (None, [])
    assert viewer.active_organisation is not None
    assert viewer.active_organisation.id == a.id
