"""Inviting people: a real email, a link that expires and works once."""

from __future__ import annotations

import re
import uuid
from email.header import decode_header, make_header
from typing import Any

from sqlalchemy import update

from clea_platform.core.config import Settings
from clea_platform.db.base import utcnow
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.identity.models import Invitation
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.conftest import new_client
from tests.schema.identity.conftest import LOGIN, LoggedIn, SmtpInbox, delivered, post

INVITE = """
mutation ($email: String!, $roles: [Role!]!) {
  inviteMember(input: {email: $email, roles: $roles}) {
    invitation { id email roles status } errors { code field message }
  }
}
"""
PREVIEW = """
query ($t: String!) {
  invitationPreview(token: $t) {
    ... on InvitationPreview { organisationName email roles accountExists }
    ... on NotFound { __typename message requestedId }
  }
}
"""
ACCEPT = """
mutation ($t: String!, $n: String!, $p: String!) {
  acceptInvitation(input: {token: $t, fullName: $n, password: $p}) {
    viewer { user { email fullName } activeOrganisation { slug } activeRoles }
    errors { code field message }
  }
}
"""


def token_in(inbox: SmtpInbox, address: str) -> str:
    (message,) = inbox.to(address)
    body = message.get_payload(decode=True).decode()  # type: ignore[union-attr]
    match = re.search(r"/invitation\?token=([\w-]+)", body)
    assert match, body
    return match.group(1)


async def test_an_invited_person_receives_an_email_and_joins_with_a_new_account(
    logged_in: LoggedIn, app: Any, smtp: SmtpInbox
) -> None:
    # Given an org admin inviting an evaluator
    admin = await logged_in("admin@greta-demo.fr")
    body = await post(admin, INVITE, email="Nouvelle.Evaluatrice@exemple.fr", roles=["EVALUATOR"])
    assert body["data"]["inviteMember"]["invitation"]["status"] == "PENDING"

    # When the email arrives through SMTP
    await delivered(app)
    (message,) = smtp.to("nouvelle.evaluatrice@exemple.fr")
    assert str(make_header(decode_header(message["Subject"]))) == (
        "Invitation à rejoindre Greta démo Paris Centre sur la plateforme CléA"
    )
    token = token_in(smtp, "nouvelle.evaluatrice@exemple.fr")

    # Then the link shows what is offered, and accepting creates the account
    async with new_client(app) as browser:
        preview = (await post(browser, PREVIEW, t=token))["data"]["invitationPreview"]
        assert preview == {
            "organisationName": "Greta démo Paris Centre",
            "email": "nouvelle.evaluatrice@exemple.fr",
            "roles": ["EVALUATOR"],
            "accountExists": False,
        }
        weak = await post(browser, ACCEPT, t=token, n="Inès Nouvelle", p="motdepasse123")
        assert weak["data"]["acceptInvitation"]["errors"][0]["code"] == "WEAK_PASSWORD"
        accepted = await post(
            browser, ACCEPT, t=token, n="Inès Nouvelle", p="Grille-Evaluation-2026"
        )
        viewer = accepted["data"]["acceptInvitation"]["viewer"]
        assert viewer["user"] == {
            "email": "nouvelle.evaluatrice@exemple.fr",
            "fullName": "Inès Nouvelle",
        }
        assert viewer["activeOrganisation"]["slug"] == "greta-demo-paris"
        assert viewer["activeRoles"] == ["EVALUATOR"]

        # And the link cannot be used twice
        again = await post(browser, ACCEPT, t=token, n="Autre", p="Grille-Evaluation-2027")
        assert again["data"]["acceptInvitation"]["errors"][0]["code"] == "INVALID_TOKEN"
        used = (await post(browser, PREVIEW, t=token))["data"]["invitationPreview"]
        assert used == {
            "__typename": "NotFound",
            "message": "Invitation invalide, expirée ou déjà utilisée : "
            "demandez une nouvelle invitation.",
            "requestedId": None,
        }

    async with new_client(app) as other:
        login = await post(
            other, LOGIN, email="nouvelle.evaluatrice@exemple.fr", password="Grille-Evaluation-2026"
        )
        assert login["data"]["login"]["errors"] == []


async def test_an_existing_account_is_attached_to_the_new_organisation(
    logged_in: LoggedIn, app: Any, smtp: SmtpInbox
) -> None:
    afpa_admin = await logged_in("admin@afpa-demo.fr")
    await post(afpa_admin, INVITE, email="conseiller@greta-demo.fr", roles=["VIEWER"])
    await delivered(app)
    token = token_in(smtp, "conseiller@greta-demo.fr")

    async with new_client(app) as browser:
        preview = (await post(browser, PREVIEW, t=token))["data"]["invitationPreview"]
        accepted = await post(browser, ACCEPT, t=token, n="", p="")

    assert preview["accountExists"] is True
    viewer = accepted["data"]["acceptInvitation"]["viewer"]
    assert viewer["activeOrganisation"]["slug"] == "afpa-demo-lille"


async def test_an_expired_invitation_is_refused(
    logged_in: LoggedIn, app: Any, smtp: SmtpInbox, settings: Settings
) -> None:
    admin = await logged_in("admin@greta-demo.fr")
    body = await post(admin, INVITE, email="en-retard@exemple.fr", roles=["TRAINER"])
    await delivered(app)
    token = token_in(smtp, "en-retard@exemple.fr")
    engine = create_engine_for(settings)
    async with session_factory(engine).begin() as session, cross_tenant_reads(session, "tests"):
        await session.execute(
            update(Invitation)
            .where(Invitation.id == uuid.UUID(body["data"]["inviteMember"]["invitation"]["id"]))
            .values(expires_at=utcnow())
        )
    await engine.dispose()

    async with new_client(app) as browser:
        refused = await post(browser, ACCEPT, t=token, n="Trop Tard", p="Grille-Evaluation-2026")

    error = refused["data"]["acceptInvitation"]["errors"][0]
    assert error["code"] == "INVALID_TOKEN"
    assert "expirée" in error["message"]


async def test_inviting_needs_a_valid_email_and_a_role_and_saves_nothing_otherwise(
    logged_in: LoggedIn,
) -> None:
    admin = await logged_in("admin@greta-demo.fr")

    bad_email = await post(admin, INVITE, email="pas-une-adresse", roles=["VIEWER"])
    no_role = await post(admin, INVITE, email="ok@exemple.fr", roles=[])
    member = await post(admin, INVITE, email="conseiller@greta-demo.fr", roles=["VIEWER"])

    assert bad_email["data"]["inviteMember"]["errors"][0]["field"] == "email"
    assert no_role["data"]["inviteMember"]["errors"][0]["field"] == "roles"
    assert member["data"]["inviteMember"]["errors"][0]["code"] == "ALREADY_MEMBER"
    listed = await post(admin, "{ invitations { edges { node { email } } } }")
    emails = [e["node"]["email"] for e in listed["data"]["invitations"]["edges"]]
    assert "pas-une-adresse" not in emails
    assert "ok@exemple.fr" not in emails
