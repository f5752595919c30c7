"""Candidates sign in without a password: a one-time link, e-mailed, short-lived.

Given / when / then from issue 16: links expire in 15 minutes, are single-use, requests
are rate-limited, and the page never reveals whether an address is known.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update

from clea_platform.candidate_space.models import CandidateSession, CandidateSignInLink
from clea_platform.db.base import utcnow
from clea_platform.identity.service import as_aware
from clea_platform.identity.tokens import hash_token
from tests.candidate_space.helpers import (
    INVITE,
    REQUEST_LINK,
    SIGN_IN,
    SPACE,
    STATUS,
    invited_candidate,
    link_token,
    mails_to,
    seed_candidate,
    seed_organisation,
)
from tests.conftest import new_client
from tests.isolation.helpers import post, unique


async def test_an_invited_candidate_opens_the_mailed_link_and_sees_their_dossier(app: Any) -> None:
    # Given an adviser's candidate with an e-mail address
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta, first_names="Léa Marie")
    status = await post(greta.adviser, STATUS, id=str(lea.candidate_id))
    assert status["data"]["candidateSpaceStatus"]["invitedAt"] is None

    # When the adviser invites her
    body = await post(greta.adviser, INVITE, id=str(lea.candidate_id))

    # Then an e-mail with a link goes to her, and the space is invited, not yet activated
    assert body["data"]["inviteCandidateToSpace"]["status"]["invitedAt"] is not None
    assert body["data"]["inviteCandidateToSpace"]["status"]["activatedAt"] is None
    (mail,) = await mails_to(app, lea.email)
    assert "espace candidat" in mail.body
    assert greta.name in mail.body

    # When she opens the link, she is signed in and sees her dossier
    browser = new_client(app)
    body = await post(browser, SIGN_IN, token=link_token(mail))
    assert body["data"]["signInCandidate"] == {"ok": True, "errors": []}
    space = (await post(browser, SPACE))["data"]["candidateSpace"]
    assert space["firstName"] == "Léa"
    (dossier,) = space["dossiers"]
    assert dossier["organisationName"] == greta.name
    assert dossier["adviserName"] == "Sophie Conseil Greta"
    assert dossier["sitePhone"] == "04 72 00 00 00"
    assert dossier["stepTitle"] == "Formation"

    # And the adviser now sees the space activated
    status = await post(greta.adviser, STATUS, id=str(lea.candidate_id))
    assert status["data"]["candidateSpaceStatus"]["activatedAt"] is not None


async def test_a_link_works_only_once(app: Any) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta)
    await post(greta.adviser, INVITE, id=str(lea.candidate_id))
    token = link_token((await mails_to(app, lea.email))[-1])
    first = await post(new_client(app), SIGN_IN, token=token)
    assert first["data"]["signInCandidate"]["ok"] is True

    second = await post(new_client(app), SIGN_IN, token=token)

    (problem,) = second["data"]["signInCandidate"]["errors"]
    assert problem["code"] == "USED_LINK"
    assert problem["message"].startswith("Ce lien a déjà servi")


async def test_an_expired_link_is_refused_in_french_and_opens_nothing(app: Any) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta)
    await post(greta.adviser, REQUEST_LINK, email=lea.email)  # unknown yet: nothing sent
    await post(greta.adviser, INVITE, id=str(lea.candidate_id))
    token = link_token((await mails_to(app, lea.email))[-1])
    async with app.state.sessions.begin() as session:
        await session.execute(
            update(CandidateSignInLink)
            .where(CandidateSignInLink.token_hash == hash_token(token))
            .values(expires_at=utcnow() - dt.timedelta(seconds=1))
        )

    browser = new_client(app)
    body = await post(browser, SIGN_IN, token=token)

    (problem,) = body["data"]["signInCandidate"]["errors"]
    assert problem["code"] == "EXPIRED_LINK"
    assert "15 minutes" in problem["message"]
    denied = await post(browser, SPACE)
    assert denied["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_tampered_link_is_refused(app: Any) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta)
    await post(greta.adviser, INVITE, id=str(lea.candidate_id))
    token = link_token((await mails_to(app, lea.email))[-1])
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    body = await post(new_client(app), SIGN_IN, token=tampered)

    (problem,) = body["data"]["signInCandidate"]["errors"]
    assert problem["code"] == "INVALID_LINK"
    assert problem["message"].startswith("Ce lien ne marche pas")


async def test_a_requested_link_lasts_15_minutes_and_unknown_addresses_get_the_same_answer(
    app: Any,
) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta)
    await invited_candidate(app, lea)
    before = len(await mails_to(app, lea.email))
    browser = new_client(app)

    known = await post(browser, REQUEST_LINK, email=lea.email.upper())
    unknown = await post(browser, REQUEST_LINK, email=f"{unique('personne')}@nulle-part.example")

    assert (
        known["data"]
        == unknown["data"]
        == {"requestCandidateSignInLink": {"sent": True, "errors": []}}
    )
    mails = await mails_to(app, lea.email)
    assert len(mails) == before + 1
    assert "15 minutes" in mails[-1].body
    async with app.state.sessions() as session:
        link = await session.scalar(
            select(CandidateSignInLink).where(
                CandidateSignInLink.token_hash == hash_token(link_token(mails[-1]))
            )
        )
    assert link is not None
    lifetime = as_aware(link.expires_at) - as_aware(link.created_at)
    assert dt.timedelta(minutes=14) < lifetime <= dt.timedelta(minutes=15)


async def test_link_requests_are_rate_limited_per_address_and_per_client(app: Any) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta)
    await invited_candidate(app, lea)
    before = len(await mails_to(app, lea.email))

    # Per address: three links in 15 minutes, then the same answer and no more mail
    for _ in range(5):
        body = await post(new_client(app), REQUEST_LINK, email=lea.email)
        assert body["data"]["requestCandidateSignInLink"]["sent"] is True
    assert len(await mails_to(app, lea.email)) == before + 3

    # Per client: ten requests an hour, then a French refusal
    browser = new_client(app)
    answers = [
        await post(browser, REQUEST_LINK, email=f"{unique('x')}@nulle-part.example")
        for _ in range(11)
    ]
    assert all(a["data"]["requestCandidateSignInLink"]["errors"] == [] for a in answers[:10])
    (problem,) = answers[10]["data"]["requestCandidateSignInLink"]["errors"]
    assert problem["code"] == "RATE_LIMITED"
    assert problem["message"].startswith("Trop de demandes")


async def test_signing_out_ends_the_candidate_session(app: Any) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta)
    browser = await invited_candidate(app, lea)

    await post(browser, "mutation { signOutCandidate(input: {}) { ok } }")

    assert (await post(browser, SPACE))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    async with app.state.sessions() as session:
        rows = (await session.execute(CandidateSession.__table__.select())).all()
    assert any(row.revoked_at is not None for row in rows)


async def test_a_candidate_without_email_cannot_be_invited(app: Any) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta, email="")

    body = await post(greta.adviser, INVITE, id=str(lea.candidate_id))

    (problem,) = body["data"]["inviteCandidateToSpace"]["errors"]
    assert problem["code"] == "NO_EMAIL"
    assert "adresse e-mail" in problem["message"]
