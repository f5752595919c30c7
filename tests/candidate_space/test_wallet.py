"""The certificate into the holder's wallet: OpenID4VCI 1.0, pre-authorised code flow.

The wallet is oid4vc-ts (``@openid4vc/openid4vci``, the OpenWallet Foundation's client,
which the platform does not use), run through node against the platform served for real
by uvicorn on a free port (``wallet/wallet.mjs``): it fetches the offer by reference
(``credential_offer_uri``) and types the transaction code. The credential it receives is
checked with PyJWT (not the platform's JOSE library) against the key its ``kid`` URL
serves. The refusals (wrong transaction codes, burnt, expired and used offers) are asked
over plain HTTP, with the error codes the specs name; then the purge of finished offers.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import datetime as dt
import json
import os
import secrets
import shutil
import subprocess
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest
import uvicorn
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import func, select, update

from clea_platform.certificates import signing, wallet
from clea_platform.certificates.models import Certificate, WalletOffer
from clea_platform.cli.main import main
from clea_platform.identity.tokens import hash_token
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.candidate_space.helpers import (
    invited_candidate,
    revoke_certificate,
    seed_candidate,
    seed_organisation,
)
from tests.conftest import new_client
from tests.databases import ThrowawayDatabase
from tests.e2e.conftest import free_port, missing
from tests.isolation.helpers import post

WALLET_DIR = Path(__file__).parent / "wallet"
OFFER = """
mutation ($id: ID!) { createWalletOffer(input: {certificateId: $id}) {
  offer { uri expiresAt txCode } errors { code field message } } }
"""
PRE_AUTH = "urn:ietf:params:oauth:grant-type:pre-authorized_code"


@pytest.fixture(scope="module")
def wallet_client() -> Path:
    """oid4vc-ts installed beside the script (``npm ci`` once, from its lock file)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        missing("node et npm sont nécessaires au portefeuille de test (oid4vc-ts)")
    if not (WALLET_DIR / "node_modules" / "@openid4vc" / "openid4vci").exists():
        subprocess.run(
            [npm or "npm", "ci", "--no-audit", "--no-fund"],
            cwd=WALLET_DIR,
            check=True,
            capture_output=True,
            timeout=300,
        )
    return WALLET_DIR / "wallet.mjs"


@dataclasses.dataclass(frozen=True)
class Served:
    """The test's app, served for real by uvicorn on ``address``; its issuer identifier
    stays ``CLEA_BASE_URL`` (the wallet routes that origin to ``address``)."""

    app: Any
    base_url: str
    address: str


@pytest.fixture
async def served(app: Any) -> AsyncIterator[Served]:
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
        if task.done():
            task.result()
    try:
        yield Served(app, signing.signer_settings().base_url, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        await task


async def run_wallet(
    script: Path, served: Served, offer: str, mode: str = "honest", tx_code: str = ""
) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(
        "node",
        str(script),
        offer,
        mode,
        tx_code,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={
            **os.environ,
            "NODE_NO_WARNINGS": "1",
            "WALLET_ORIGIN_FROM": served.base_url,
            "WALLET_ORIGIN_TO": served.address,
        },
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, err.decode()
    result: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
    return result


def random_address() -> str:
    """A client address of its own (the token endpoint's limit is per address)."""
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"


def offer_path(offer_uri: str) -> str:
    """The path of the offer's ``credential_offer_uri`` (its origin is ``CLEA_BASE_URL``)."""
    assert offer_uri.startswith("openid-credential-offer://?credential_offer_uri="), offer_uri
    location = parse_qs(urlsplit(offer_uri).query)["credential_offer_uri"][0]
    base_url = signing.signer_settings().base_url
    assert location.startswith(f"{base_url}{wallet.OFFERS_PATH}/"), location
    return location.removeprefix(base_url)


def pre_authorized_code(offer_uri: str) -> str:
    """The offer's pre-authorised code, as its reference's JSON would tell (tests that
    fetch it over HTTP are below)."""
    reference = offer_path(offer_uri).rsplit("/", 1)[1]
    return wallet.pre_authorized_code(signing.signer_settings().secret_key, reference)


def anonymous_http(app: Any) -> httpx.AsyncClient:
    """A wallet's plain HTTP client, from an address of its own."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(random_address(), 5000)),
        base_url="http://testserver",
    )


@dataclasses.dataclass(frozen=True)
class Offered:
    seeded: Any
    candidate: httpx.AsyncClient
    uri: str
    tx_code: str


async def certified_candidate_offer(app: Any) -> Offered:
    organisation = await seed_organisation(app, "Portefeuille")
    seeded = await seed_candidate(app, organisation, certified=True)
    candidate = await invited_candidate(app, seeded)
    body = await post(candidate, OFFER, id=str(seeded.certificate_id))
    answer = body["data"]["createWalletOffer"]
    assert answer["errors"] == [], body
    return Offered(seeded, candidate, answer["offer"]["uri"], answer["offer"]["txCode"])


async def test_an_independent_wallet_receives_the_certificate_bound_to_its_key(
    served: Served, wallet_client: Path
) -> None:
    offered = await certified_candidate_offer(served.app)
    seeded, offer = offered.seeded, offered.uri
    base_url = served.base_url

    # The wallet fetches the offer by reference and the holder types its transaction code
    result = await run_wallet(wallet_client, served, offer, "honest", offered.tx_code)

    assert result["ok"], result
    assert result["txCodeAsked"] == {
        "input_mode": "numeric",
        "length": 6,
        "description": wallet.TX_CODE_DESCRIPTION,
    }
    assert result["issuer"] == base_url
    assert result["tokenEndpoint"] == f"{base_url}/openid4vci/token"
    [issued] = result["credentials"]
    token = issued["credential"]
    header = jwt.get_unverified_header(token)
    assert header["typ"] == "JWT"
    assert header["alg"] == "EdDSA"
    async with httpx.AsyncClient() as http:
        kid_url = served.address + header["kid"].removeprefix(base_url)
        jwk = (await http.get(kid_url)).json()
    claims = jwt.decode(
        token,
        jwt.PyJWK(jwk, algorithm="EdDSA").key,
        algorithms=["EdDSA"],
        options={"verify_aud": False},
    )
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["id"] == f"urn:uuid:{seeded.certificate_id}"
    assert claims["sub"] == claims["credentialSubject"]["id"] == f"urn:uuid:{seeded.candidate_id}"
    # Bound to the wallet's own key (RFC 7800), the one it proved it holds.
    holder = result["holderJwk"]
    assert claims["cnf"]["jwk"] == {"kty": "EC", "crv": "P-256", "x": holder["x"], "y": holder["y"]}

    # Delivered once: the same offer's reference no longer answers.
    again = await run_wallet(wallet_client, served, offer, "honest", offered.tx_code)
    assert again == {"ok": False, "stage": "offer", "error": "invalid_request", "status": 404}


async def test_the_wallet_with_a_wrong_transaction_code_gets_no_token_then_the_right_one_does(
    served: Served, wallet_client: Path
) -> None:
    offered = await certified_candidate_offer(served.app)
    wrong = f"{(int(offered.tx_code) + 1) % 1_000_000:06d}"

    refused = await run_wallet(wallet_client, served, offered.uri, "token-only", wrong)
    assert refused["ok"] is False, refused
    assert (refused["stage"], refused["error"]) == ("token", "invalid_grant")

    accepted = await run_wallet(wallet_client, served, offered.uri, "token-only", offered.tx_code)
    assert accepted["ok"], accepted


async def test_a_proof_with_a_wrong_nonce_is_refused_and_nothing_is_delivered(
    served: Served, wallet_client: Path
) -> None:
    offered = await certified_candidate_offer(served.app)
    seeded, offer = offered.seeded, offered.uri

    result = await run_wallet(wallet_client, served, offer, "wrong-nonce", offered.tx_code)

    assert result["ok"] is False, result
    assert (result["stage"], result["error"]) == ("credential", "invalid_nonce")
    async with served.app.state.sessions() as session:
        row = await session.scalar(
            select(WalletOffer).where(
                WalletOffer.code_hash == hash_token(pre_authorized_code(offer))
            )
        )
        assert row is not None
        assert row.redeemed_at is not None
        assert row.delivered_at is None
        assert row.certificate_id == seeded.certificate_id


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


async def test_token_endpoint_refusals_follow_rfc_6749(app: Any) -> None:
    offered = await certified_candidate_offer(app)
    seeded, offer = offered.seeded, offered.uri
    code = pre_authorized_code(offer)
    http = anonymous_http(app)
    form = {"grant_type": PRE_AUTH, "pre-authorized_code": code, "tx_code": offered.tx_code}

    wrong_grant = await http.post(wallet.TOKEN_PATH, data={**form, "grant_type": "password"})
    assert (wrong_grant.status_code, wrong_grant.json()["error"]) == (400, "unsupported_grant_type")
    unknown = await http.post(wallet.TOKEN_PATH, data={**form, "pre-authorized_code": "x" * 43})
    assert (unknown.status_code, unknown.json()["error"]) == (400, "invalid_grant")

    first = await http.post(wallet.TOKEN_PATH, data=form)
    assert first.status_code == 200, first.text
    assert first.json()["token_type"] == "Bearer"
    assert first.json()["expires_in"] == 300
    assert first.headers["cache-control"] == "no-store"
    replay = await http.post(wallet.TOKEN_PATH, data=form)
    assert (replay.status_code, replay.json()["error"]) == (400, "invalid_grant")
    assert "déjà servi" in replay.json()["error_description"]

    # An expired code (a new offer, its expiry moved into the past).
    async with app.state.sessions.begin() as session:
        async with cross_tenant_reads(session, "tests:wallet"):
            certificate = await session.scalar(
                select(Certificate).where(Certificate.id == seeded.certificate_id)
            )
            assert certificate is not None
            expired = wallet.new_offer(
                session,
                certificate,
                signing.signer_settings().base_url,
                wallet.PAGE_OFFER_VALIDITY,
                with_tx_code=False,
            )
        await session.flush()
        await session.execute(
            update(WalletOffer)
            .where(WalletOffer.code_hash == hash_token(pre_authorized_code(expired.uri)))
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
    late = await http.post(
        wallet.TOKEN_PATH,
        data={"grant_type": PRE_AUTH, "pre-authorized_code": pre_authorized_code(expired.uri)},
    )
    assert (late.status_code, late.json()["error"]) == (400, "invalid_grant")
    assert "expiré" in late.json()["error_description"]
    await http.aclose()


async def test_the_token_endpoint_is_rate_limited_per_client(app: Any) -> None:
    http = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(random_address(), 5000)),
        base_url="http://testserver",
    )
    form = {"grant_type": PRE_AUTH, "pre-authorized_code": "guess"}
    answers = [(await http.post(wallet.TOKEN_PATH, data=form)).status_code for _ in range(11)]
    assert answers == [400] * 10 + [429]
    await http.aclose()


async def test_the_issuer_and_token_endpoint_publish_their_metadata(
    client: httpx.AsyncClient,
) -> None:
    base_url = signing.signer_settings().base_url
    issuer = (await client.get("/.well-known/openid-credential-issuer")).json()
    assert issuer["credential_issuer"] == base_url
    assert issuer["credential_endpoint"] == f"{base_url}/openid4vci/credential"
    assert issuer["nonce_endpoint"] == f"{base_url}/openid4vci/nonce"
    configuration = issuer["credential_configurations_supported"][wallet.CONFIGURATION_ID]
    assert configuration["format"] == "jwt_vc_json"
    assert configuration["cryptographic_binding_methods_supported"] == ["jwk"]
    assert (
        "ES256"
        in configuration["proof_types_supported"]["jwt"]["proof_signing_alg_values_supported"]
    )
    assert configuration["credential_definition"]["type"][-1] == "OpenBadgeCredential"
    server = (await client.get("/.well-known/oauth-authorization-server")).json()
    assert server["issuer"] == base_url
    assert server["token_endpoint"] == f"{base_url}/openid4vci/token"
    assert server["pre-authorized_grant_anonymous_access_supported"] is True


def wallet_proof(key: ec.EllipticCurvePrivateKey, **claims: Any) -> str:
    """A proof as a wallet signs it (PyJWT, not the platform's library)."""
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    typ = claims.pop("typ", "openid4vci-proof+jwt")
    return jwt.encode(claims, key, algorithm="ES256", headers={"typ": typ, "jwk": public})


async def test_credential_endpoint_refusals_follow_openid4vci(app: Any) -> None:
    offered = await certified_candidate_offer(app)
    issuer = signing.signer_settings().base_url
    http = anonymous_http(app)
    form = {
        "grant_type": PRE_AUTH,
        "pre-authorized_code": pre_authorized_code(offered.uri),
        "tx_code": offered.tx_code,
    }
    access = (await http.post(wallet.TOKEN_PATH, data=form)).json()["access_token"]
    nonce = (await http.post(wallet.NONCE_PATH)).json()["c_nonce"]
    key = ec.generate_private_key(ec.SECP256R1())
    now = int(dt.datetime.now(dt.UTC).timestamp())
    good = wallet_proof(key, aud=issuer, iat=now, nonce=nonce)

    async def ask(
        proof: str, *, token: str | None = access, configuration: str = wallet.CONFIGURATION_ID
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body = {"credential_configuration_id": configuration, "proofs": {"jwt": [proof]}}
        return await http.post(wallet.CREDENTIAL_PATH, json=body, headers=headers)

    missing_token = await ask(good, token=None)
    assert (missing_token.status_code, missing_token.json()["error"]) == (401, "invalid_token")
    assert missing_token.headers["www-authenticate"].startswith('Bearer error="invalid_token"')
    unknown_token = await ask(good, token="not-a-token")
    assert (unknown_token.status_code, unknown_token.json()["error"]) == (401, "invalid_token")
    unknown_configuration = await ask(good, configuration="UniversityDegree")
    assert unknown_configuration.json()["error"] == "unknown_credential_configuration"
    wrong_typ = await ask(wallet_proof(key, aud=issuer, iat=now, nonce=nonce, typ="JWT"))
    assert (wrong_typ.status_code, wrong_typ.json()["error"]) == (400, "invalid_proof")
    wrong_audience = await ask(
        wallet_proof(key, aud="https://elsewhere.example", iat=now, nonce=nonce)
    )
    assert wrong_audience.json()["error"] == "invalid_proof"
    stale = await ask(wallet_proof(key, aud=issuer, iat=now - 3600, nonce=nonce))
    assert stale.json()["error"] == "invalid_proof"
    forged_nonce = await ask(wallet_proof(key, aud=issuer, iat=now, nonce=nonce[:-2] + "AA"))
    assert forged_nonce.json()["error"] == "invalid_nonce"
    # Signed by another key than the one the header shows: not a proof of possession.
    other = ec.generate_private_key(ec.SECP256R1())
    header, payload, _ = good.split(".")
    _, _, foreign = wallet_proof(other, aud=issuer, iat=now, nonce=nonce).split(".")
    assert (await ask(f"{header}.{payload}.{foreign}")).json()["error"] == "invalid_proof"

    delivered = await ask(good)
    assert delivered.status_code == 200, delivered.text
    [credential] = delivered.json()["credentials"]
    assert (
        jwt.decode(credential["credential"], options={"verify_signature": False})["cnf"]["jwk"][
            "kty"
        ]
        == "EC"
    )
    assert (await ask(good)).json()["error"] == "invalid_token"
    await http.aclose()


async def test_a_revoked_certificate_is_not_delivered(app: Any) -> None:
    offered = await certified_candidate_offer(app)
    seeded = offered.seeded
    await revoke_certificate(app, seeded.certificate_id)
    http = anonymous_http(app)
    form = {
        "grant_type": PRE_AUTH,
        "pre-authorized_code": pre_authorized_code(offered.uri),
        "tx_code": offered.tx_code,
    }
    access = (await http.post(wallet.TOKEN_PATH, data=form)).json()["access_token"]
    nonce = (await http.post(wallet.NONCE_PATH)).json()["c_nonce"]
    proof = wallet_proof(
        ec.generate_private_key(ec.SECP256R1()),
        aud=signing.signer_settings().base_url,
        iat=int(dt.datetime.now(dt.UTC).timestamp()),
        nonce=nonce,
    )
    refused = await http.post(
        wallet.CREDENTIAL_PATH,
        json={"credential_configuration_id": wallet.CONFIGURATION_ID, "proofs": {"jwt": [proof]}},
        headers={"Authorization": f"Bearer {access}"},
    )
    assert (refused.status_code, refused.json()["error"]) == (400, "credential_request_denied")
    await http.aclose()


async def test_a_candidate_gets_offers_of_their_own_certificate_only(app: Any) -> None:
    organisation = await seed_organisation(app, "Offres")
    lea = await seed_candidate(app, organisation, certified=True)
    hugo = await seed_candidate(app, organisation, first_names="Hugo", certified=True)
    browser = await invited_candidate(app, lea)

    refused = await post(browser, OFFER, id=str(hugo.certificate_id))
    assert refused["data"]["createWalletOffer"]["offer"] is None
    assert refused["data"]["createWalletOffer"]["errors"][0]["code"] == "NOT_FOUND"
    nonsense = await post(browser, OFFER, id="pas-un-identifiant")
    assert nonsense["data"]["createWalletOffer"]["errors"][0]["code"] == "NOT_FOUND"
    adviser = await post(organisation.adviser, OFFER, id=str(lea.certificate_id))
    assert adviser["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    async with new_client(app) as anonymous:
        nobody = await post(anonymous, OFFER, id=str(lea.certificate_id))
    assert nobody["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    async with app.state.sessions() as session:
        offered = await session.scalar(
            select(func.count())
            .select_from(WalletOffer)
            .where(WalletOffer.certificate_id.in_([lea.certificate_id, hugo.certificate_id]))
        )
    # No offer of either certificate was made by any of these requests.
    assert offered == 0
    own = await post(browser, OFFER, id=str(lea.certificate_id))
    assert own["data"]["createWalletOffer"]["errors"] == []
    assert len(own["data"]["createWalletOffer"]["offer"]["txCode"]) == 6


async def offer_row(app: Any, offer_uri: str) -> WalletOffer:
    async with app.state.sessions() as session:
        row = await session.scalar(
            select(WalletOffer).where(
                WalletOffer.code_hash == hash_token(pre_authorized_code(offer_uri))
            )
        )
    assert row is not None
    return row


def other_code(tx_code: str, shift: int = 1) -> str:
    return f"{(int(tx_code) + shift) % 1_000_000:06d}"


async def test_wrong_transaction_codes_count_and_the_right_one_still_works(app: Any) -> None:
    offered = await certified_candidate_offer(app)
    http = anonymous_http(app)
    form = {"grant_type": PRE_AUTH, "pre-authorized_code": pre_authorized_code(offered.uri)}

    # No code at all: the request is incomplete (RFC 6749 invalid_request), no try spent
    missing = await http.post(wallet.TOKEN_PATH, data=form)
    assert (missing.status_code, missing.json()["error"]) == (400, "invalid_request")
    assert "6 chiffres" in missing.json()["error_description"]
    assert (await offer_row(app, offered.uri)).failed_attempts == 0

    # A wrong code: invalid_grant (OpenID4VCI § 6.3), one try spent, two left
    wrong = await http.post(
        wallet.TOKEN_PATH, data={**form, "tx_code": other_code(offered.tx_code)}
    )
    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
    assert wrong.json()["error_description"].endswith("Il vous reste 2 essais.")
    too_long = await http.post(wallet.TOKEN_PATH, data={**form, "tx_code": "1" * 500})
    assert too_long.json()["error_description"].endswith("Il vous reste 1 essai.")
    assert (await offer_row(app, offered.uri)).failed_attempts == 2

    # The right code still works, and gives back its try
    right = await http.post(wallet.TOKEN_PATH, data={**form, "tx_code": offered.tx_code})
    assert right.status_code == 200, right.text
    row = await offer_row(app, offered.uri)
    assert (row.failed_attempts, row.redeemed_at is not None) == (2, True)
    await http.aclose()


async def test_the_third_wrong_transaction_code_burns_the_offer(app: Any) -> None:
    offered = await certified_candidate_offer(app)
    http = anonymous_http(app)
    form = {"grant_type": PRE_AUTH, "pre-authorized_code": pre_authorized_code(offered.uri)}
    path = offer_path(offered.uri)
    assert (await http.get(path)).status_code == 200

    answers = [
        (
            await http.post(
                wallet.TOKEN_PATH, data={**form, "tx_code": other_code(offered.tx_code, n)}
            )
        )
        for n in (1, 2, 3)
    ]

    assert [a.json()["error"] for a in answers] == ["invalid_grant"] * 3
    assert "Trop de codes faux" in answers[2].json()["error_description"]
    # Burnt: the right code no longer works, nor does the offer's reference
    late = await http.post(wallet.TOKEN_PATH, data={**form, "tx_code": offered.tx_code})
    assert (late.status_code, late.json()["error"]) == (400, "invalid_grant")
    assert "Trop de codes faux" in late.json()["error_description"]
    gone = await http.get(path)
    assert (gone.status_code, gone.json()["error"]) == (404, "invalid_request")
    row = await offer_row(app, offered.uri)
    assert row.failed_attempts == wallet.MAX_FAILED_ATTEMPTS
    assert row.redeemed_at is None
    assert row.expires_at <= dt.datetime.now(dt.UTC)
    await http.aclose()


async def test_the_offer_by_reference_answers_only_while_it_is_valid(app: Any) -> None:
    offered = await certified_candidate_offer(app)
    http = anonymous_http(app)
    path = offer_path(offered.uri)

    found = await http.get(path)

    assert found.status_code == 200, found.text
    assert found.headers["cache-control"] == "no-store"
    assert found.json() == {
        "credential_issuer": signing.signer_settings().base_url,
        "credential_configuration_ids": [wallet.CONFIGURATION_ID],
        "grants": {
            PRE_AUTH: {
                "pre-authorized_code": pre_authorized_code(offered.uri),
                "tx_code": {
                    "input_mode": "numeric",
                    "length": 6,
                    "description": wallet.TX_CODE_DESCRIPTION,
                },
            }
        },
    }
    # Nothing personal, and never the transaction code itself
    assert "Léa" not in found.text
    assert offered.tx_code not in found.text.replace(pre_authorized_code(offered.uri), "")
    # The reference is unguessable: a near one is unknown
    reference = path.rsplit("/", 1)[1]
    assert len(reference) >= 43
    near = reference[:-1] + ("B" if reference.endswith("A") else "A")
    unknown = await http.get(f"{wallet.OFFERS_PATH}/{near}")
    assert (unknown.status_code, unknown.json()["error"]) == (404, "invalid_request")

    # Expired: not found any more
    async with app.state.sessions.begin() as session:
        await session.execute(
            update(WalletOffer)
            .where(WalletOffer.reference_hash == hash_token(reference))
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
    expired = await http.get(path)
    assert (expired.status_code, expired.json()["error"]) == (404, "invalid_request")
    assert "Demandez-en une nouvelle" in expired.json()["error_description"]
    await http.aclose()


async def test_a_used_offer_is_no_longer_served_by_reference(app: Any) -> None:
    offered = await certified_candidate_offer(app)
    http = anonymous_http(app)
    form = {
        "grant_type": PRE_AUTH,
        "pre-authorized_code": pre_authorized_code(offered.uri),
        "tx_code": offered.tx_code,
    }
    assert (await http.post(wallet.TOKEN_PATH, data=form)).status_code == 200
    assert (await http.get(offer_path(offered.uri))).status_code == 404
    await http.aclose()


async def purge_fixture(app: Any) -> dict[str, uuid.UUID]:
    """Offers of one certificate finished at various times (by id)."""
    organisation = await seed_organisation(app, "Purge")
    certificate_id = uuid.uuid4()
    now = dt.datetime.now(dt.UTC)
    days = dt.timedelta(days=1)
    shapes = {
        "live": {"expires_at": now + 15 * dt.timedelta(minutes=1)},
        "expired_40_days_ago": {"expires_at": now - 40 * days},
        "burnt_35_days_ago": {"expires_at": now - 35 * days, "failed_attempts": 3},
        "used_31_days_ago": {"expires_at": now + 10 * days, "redeemed_at": now - 31 * days},
        "expired_2_days_ago": {"expires_at": now - 2 * days},
        "used_this_morning": {
            "expires_at": now + 6 * days,
            "redeemed_at": now - dt.timedelta(hours=12),
        },
    }
    ids = {}
    async with app.state.sessions.begin() as session:
        for name, values in shapes.items():
            row = WalletOffer(
                organisation_id=organisation.id,
                certificate_id=certificate_id,
                code_hash=hash_token(secrets.token_urlsafe()),
                **values,
            )
            session.add(row)
            await session.flush()
            ids[name] = row.id
    return ids


async def left(app: Any, ids: dict[str, uuid.UUID]) -> set[str]:
    async with app.state.sessions() as session:
        kept = set(
            await session.scalars(select(WalletOffer.id).where(WalletOffer.id.in_(ids.values())))
        )
    return {name for name, id_ in ids.items() if id_ in kept}


async def test_offers_finished_more_than_30_days_ago_are_purged_by_the_round(app: Any) -> None:
    ids = await purge_fixture(app)
    wallet._last_purge = float("-inf")  # the round runs at most hourly per process

    await wallet.purge_round(app.state.sessions, app.state.settings)

    assert await left(app, ids) == {"live", "expired_2_days_ago", "used_this_morning"}
    # and not again within the hour
    assert await wallet.purge_round(app.state.sessions, app.state.settings) == 0


async def test_the_purge_command_takes_its_delay_in_days(
    app: Any,
    migrated_database: ThrowawayDatabase,
    settings: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ids = await purge_fixture(app)
    for name, value in migrated_database.environ().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CLEA_SECRET_KEY", settings.secret_key)
    monkeypatch.setenv("CLEA_DATA_DIR", str(tmp_path))

    assert (
        await asyncio.to_thread(main, ["certificates", "purge-wallet-offers", "--days", "1"]) == 0
    )

    assert await left(app, ids) == {"live", "used_this_morning"}
    out = capsys.readouterr().out
    assert "offre(s) de portefeuille supprimée(s) (finies depuis plus de 1 jour(s))" in out
