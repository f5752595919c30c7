"""Logging in and out, and accepting an invitation: the session, the actor, the audit trail."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.audit import service as audit
from clea_platform.identity import login, members
from clea_platform.identity import service as identity
from clea_platform.identity.passwords import hash_password
from clea_platform.tenants.context import ANONYMOUS, Actor
from tests.tenants.factories import Factory

PASSWORD = "Connexion-Mot-de-passe-42"
CLIENT = login.Client(ip_address="192.0.2.7", user_agent="Navigateur de test", request_id="req-1")


def unused_sessions(session: AsyncSession) -> async_sessionmaker[AsyncSession]:
    """Where failed attempts would be recorded; a successful login never writes there."""
    return async_sessionmaker(bind=session.bind)


async def test_logging_in_opens_a_session_in_the_first_organisation_and_records_it(
    factory: Factory,
) -> None:
    # Given a person, member of A (first) and of B
    a = await factory.organisation()
    b = await factory.organisation()
    user = await factory.person(
        memberships=[(a, ["adviser"]), (b, ["org_admin"])], password_hash=hash_password(PASSWORD)
    )

    # When they log in with their password
    logged_in = await login.log_in_with_password(
        factory.session, unused_sessions(factory.session), user.email, PASSWORD, CLIENT
    )

    # Then they act for A with A's roles, the cookie's token names that session, and the
    # login is in the audit log
    assert (logged_in.actor.user_id, logged_in.actor.organisation_id) == (user.id, a.id)
    assert logged_in.actor.roles == frozenset({"adviser"})
    resolved = await identity.resolve_session(
        factory.session, logged_in.token, request_id="req-2", ip_address="192.0.2.7"
    )
    assert resolved is not None
    assert resolved.session_id == logged_in.actor.session_id
    recorded = factory.session.info[audit.PENDING][-1]
    assert (recorded.operation, recorded.object_ids) == ("session.login", [str(user.id)])
    assert (recorded.request_id, recorded.ip_address) == ("req-1", "192.0.2.7")


async def test_accepting_an_invitation_lands_in_the_inviting_organisation(
    factory: Factory,
) -> None:
    # Given a person already a member of A, invited into B by B's admin
    a = await factory.organisation()
    b = await factory.organisation()
    person = await factory.person(memberships=[(a, ["adviser"])])
    admin_b = factory.actor(await factory.person(memberships=[(b, ["org_admin"])]), b, "org_admin")
    async with factory.acting(admin_b):
        issued = await members.invite(
            factory.session, admin_b, b.id, person.email, ["evaluator"], "https://clea.example"
        )

    # When they accept it (nobody is logged in yet)
    logged_in = await login.accept_invitation(
        factory.session, ANONYMOUS, issued.token, "", "", CLIENT
    )

    # Then their new session acts for B, as an evaluator
    assert logged_in.actor.user_id == person.id
    assert logged_in.actor.organisation_id == b.id
    assert logged_in.actor.roles == frozenset({"evaluator"})


async def test_logging_out_ends_the_browser_session(factory: Factory) -> None:
    a = await factory.organisation()
    user = await factory.person(
        memberships=[(a, ["viewer"])], password_hash=hash_password(PASSWORD)
    )
    logged_in = await login.log_in_with_password(
        factory.session, unused_sessions(factory.session), user.email, PASSWORD, CLIENT
    )

    await login.log_out(factory.session, logged_in.actor)

    resolved = await identity.resolve_session(
        factory.session, logged_in.token, request_id="req-3", ip_address="192.0.2.7"
    )
    assert resolved is None


async def test_an_api_key_has_no_session_to_end(factory: Factory) -> None:
    a = await factory.organisation()
    api_key = Actor(api_key_id=uuid.uuid4(), organisation_id=a.id, roles=frozenset({"viewer"}))

    await login.log_out(factory.session, api_key)

    assert audit.PENDING not in factory.session.info
