"""The candidate keeps their Open Badges 3.0 credential: a file for a wallet, in plain words.

The file is checked with PyJWT (which the platform does not use) against the key its
``kid`` URL serves; the plain words the space shows are the file's own claims.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import jwt
from sqlalchemy import select

from clea_platform.audit.models import AuditEvent
from clea_platform.certificates import badge
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.candidate_space.helpers import (
    invited_candidate,
    revoke_certificate,
    seed_candidate,
    seed_organisation,
)
from tests.conftest import new_client
from tests.isolation.helpers import post

BADGES = """
query { candidateSpace { dossiers { certificate { id number revoked
  badge { holderName achievementName issuerName issuedOn validUntil downloadUrl } } } } }
"""


def _certificate(space: dict[str, Any]) -> dict[str, Any]:
    (found,) = [d["certificate"] for d in space["data"]["candidateSpace"]["dossiers"]]
    assert found is not None
    return found


async def test_the_candidate_downloads_their_badge_and_reads_what_it_states(app: Any) -> None:
    # Given Léa, certified
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta, first_names="Léa", birth_name="Martin", certified=True)
    browser = await invited_candidate(app, lea)

    # When she opens her documents
    certificate = _certificate(await post(browser, BADGES))
    words = certificate["badge"]

    # Then her badge is described in plain words, with its download address
    assert words["holderName"] == "Léa Martin"
    assert words["achievementName"].startswith("CléA — certificat de connaissances")
    assert words["issuerName"] == "Certif'Pro"
    assert words["validUntil"] is None
    assert words["downloadUrl"] == (
        f"/documents/candidate-space/certificates/{lea.certificate_id}/badge.jwt"
    )

    # And the file she downloads is a signed credential saying exactly that
    response = await browser.get(words["downloadUrl"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(badge.MEDIA_TYPE)
    number = certificate["number"].lower()
    assert response.headers["content-disposition"] == (
        f'attachment; filename="certificat-{number}.jwt"'
    )
    assert response.headers["cache-control"] == "private, no-store"
    token = response.text
    kid = jwt.get_unverified_header(token)["kid"]
    jwk = (await new_client(app).get(urlsplit(kid).path)).json()
    claims = jwt.decode(token, jwt.PyJWK(jwk), algorithms=["EdDSA"])
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["sub"] == f"urn:uuid:{lea.candidate_id}"
    assert claims["credentialSubject"]["identifier"][0]["identityHash"] == words["holderName"]
    assert claims["credentialSubject"]["achievement"]["name"] == words["achievementName"]
    assert claims["issuer"]["name"] == words["issuerName"]
    issued = dt.datetime.fromisoformat(claims["validFrom"].replace("Z", "+00:00"))
    assert issued.astimezone(ZoneInfo("Europe/Paris")).date().isoformat() == words["issuedOn"]
    assert "validUntil" not in claims
    read = badge.words(claims)
    assert (read.holder_name, read.achievement_name, read.issuer_name) == (
        words["holderName"],
        words["achievementName"],
        words["issuerName"],
    )
    # The credential is never shown raw in the space
    assert token not in str(await post(browser, BADGES))

    # And the download is audited in her organisation
    async with app.state.sessions() as session, cross_tenant_reads(session, "tests"):
        events = list(
            await session.scalars(
                select(AuditEvent).where(
                    AuditEvent.operation == "candidate_space.badge_download",
                    AuditEvent.organisation_id == greta.id,
                )
            )
        )
    assert [event.object_ids for event in events] == [[str(lea.certificate_id)]]


async def test_another_candidate_and_anonymous_get_no_badge(app: Any) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta, certified=True)
    hugo = await seed_candidate(app, greta, first_names="Hugo", certified=True)
    address = f"/documents/candidate-space/certificates/{lea.certificate_id}/badge.jwt"

    # Hugo, signed in, changes the identifier to Léa's: not found, like a missing one
    hugo_browser = await invited_candidate(app, hugo)
    refused = await hugo_browser.get(address)
    assert refused.status_code == 404
    assert refused.json() == {"detail": "Document introuvable."}
    malformed = await hugo_browser.get(
        "/documents/candidate-space/certificates/pas-un-identifiant/badge.jwt"
    )
    assert malformed.status_code == 404

    # Nobody signed in: asked to sign in
    anonymous = await new_client(app).get(address)
    assert anonymous.status_code == 401
    assert anonymous.json() == {"detail": "Authentification requise : connectez-vous."}

    # A professional uses the organisation's own route, not the candidate's
    assert (await greta.adviser.get(address)).status_code == 403


async def test_a_revoked_certificate_offers_no_badge(app: Any) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta, certified=True)
    await revoke_certificate(app, lea.certificate_id)
    browser = await invited_candidate(app, lea)

    certificate = _certificate(await post(browser, BADGES))
    assert certificate["revoked"] is True
    assert certificate["badge"] is None

    refused = await browser.get(
        f"/documents/candidate-space/certificates/{lea.certificate_id}/badge.jwt"
    )
    assert refused.status_code == 410
    assert "retiré" in refused.json()["detail"]
    assert "eyJ" not in refused.text


def test_words_read_a_credentials_end_date_in_paris() -> None:
    claims = {
        "validFrom": "2026-06-30T22:30:00Z",
        "validUntil": "2031-06-30T22:30:00Z",
        "issuer": {"name": "Certif'Pro"},
        "credentialSubject": {
            "identifier": [{"identityType": "name", "hashed": False, "identityHash": "Léa Martin"}],
            "achievement": {"name": "CléA"},
        },
    }

    read = badge.words(claims)

    # 22:30 UTC on 30 June is already 1 July in Paris (summer time)
    assert read.issued_on == dt.date(2026, 7, 1)
    assert read.valid_until == dt.date(2031, 7, 1)
    assert read.holder_name == "Léa Martin"
