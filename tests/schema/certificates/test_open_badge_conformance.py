"""The Open Badges 3.0 credential, checked the way anyone's tools would check it.

Nothing here uses the platform's own JOSE library (joserfc): the credential is validated
against 1EdTech's official JSON Schema (jsonschema, with RFC 3339 date-time checking),
its signature is verified with PyJWT from the key its ``kid`` URL serves, and
openbadgeslib's OB 3.0 verifier checks the whole credential and its revocation through
the published W3C Bitstring Status List. The schema is reference data kept beside the
repositories (``../shared/vendor/openbadges``, see its PROVENANCE.md).
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import jsonschema
import jwt
import pytest
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier
from sqlalchemy import select

from clea_platform.certificates import revocation
from clea_platform.certificates.codes import format_code
from clea_platform.certificates.models import Certificate
from clea_platform.core.config import Settings
from clea_platform.identity.models import User
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.conftest import new_client
from tests.schema.certificates.conftest import Issue
from tests.schema.identity.conftest import LoggedIn, post

SCHEMA_FILE = (
    Path(__file__).resolve().parents[3]
    / ".."
    / "shared"
    / "vendor"
    / "openbadges"
    / "ob_v3p0_achievementcredential_schema.json"
)
#: As recorded in the schema's PROVENANCE.md (1EdTech/openbadges-specification, gh-pages).
SCHEMA_SHA256 = "5753fb3ecf7d024ed273dd364bd683f483eb47257e718e6618832cf89eb2083a"
#: RFC 3339: a time with its zone.
WITH_ZONE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

REVOKE = """
mutation ($id: ID!, $reason: String!) {
  revokeCertificate(input: {id: $id, reason: $reason}) {
    certificate { id status revokedAt } errors { code }
  }
}
"""
REQUEST_PAPER = """
mutation ($id: ID!) { requestPaperCopy(input: {id: $id}) {
  certificate { paperRequestedAt } errors { code } } }
"""
MARK_SENT = """
mutation ($ids: [ID!]!) { markPaperSent(input: {ids: $ids}) {
  certificates { paperSentAt } errors { code } } }
"""
SEARCH = """
query ($filter: CertificateFilterInput) {
  certificateSearch(filter: $filter) {
    edges { node { id issuedAt revokedAt paperRequestedAt paperSentAt } }
  }
}
"""
LIST = """
query ($filter: CertificateFilterInput) {
  certificates(first: 10, filter: $filter) {
    edges { node { id issuedAt revokedAt paperRequestedAt paperSentAt } }
  }
}
"""


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft201909Validator:
    """1EdTech's schema, with formats checked (jsonschema only checks ``date-time`` when
    rfc3339-validator is installed: the test below makes sure it does)."""
    if not SCHEMA_FILE.exists():
        # The schema is a fetched data file: it may live only in the steering repository's
        # shared/ folder, never in this repository. Where that copy is absent the two
        # independent verifiers below (PyJWT, openbadgeslib) still check the credential.
        pytest.skip(
            f"The official Open Badges 3.0 schema is not beside the project: {SCHEMA_FILE} "
            "(see shared/vendor/openbadges/PROVENANCE.md)."
        )
    content = SCHEMA_FILE.read_bytes()
    assert hashlib.sha256(content).hexdigest() == SCHEMA_SHA256
    schema = json.loads(content)
    jsonschema.Draft201909Validator.check_schema(schema)
    return jsonschema.Draft201909Validator(
        schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    )


def test_the_schema_refuses_a_valid_from_without_time_zone(
    validator: jsonschema.Draft201909Validator,
) -> None:
    # The defect of the former export: the checker must see it, or it checks nothing.
    checker = jsonschema.Draft201909Validator.FORMAT_CHECKER
    assert checker.conforms("2026-03-12T10:00:00Z", "date-time")
    assert not checker.conforms("2026-03-12T10:00:00", "date-time")
    errors = list(validator.iter_errors({"validFrom": "2026-03-12T10:00:00"}))
    assert any(error.validator == "format" for error in errors)


BASE_URL: list[str] = []


@pytest.fixture(autouse=True)
def platform_base_url(settings: Settings) -> None:
    BASE_URL[:] = [settings.base_url]


def path_of(url: str) -> str:
    """The path of a URL the platform publishes (under its ``CLEA_BASE_URL``)."""
    assert url.startswith(BASE_URL[0] + "/"), url
    return urlsplit(url).path


async def badge_of(http: httpx.AsyncClient, certificate: Certificate) -> str:
    response = await http.get(f"/documents/certificates/{certificate.id}/badge.jwt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vc+jwt")
    return response.text


def bits(encoded_list: str) -> bytes:
    """A Bitstring Status List ``encodedList`` decoded by hand (multibase ``u``, GZIP)."""
    assert encoded_list.startswith("u")
    data = encoded_list[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def bit(bitstring: bytes, index: int) -> bool:
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


class Wallet:
    """An outside verifier fetching over HTTP from the platform, synchronously (as
    openbadgeslib does), run in a thread while the app answers on the test's loop."""

    def __init__(self, http: httpx.AsyncClient, loop: asyncio.AbstractEventLoop) -> None:
        self.http = http
        self.loop = loop
        self.fetched: list[str] = []

    def download(self, url: str) -> bytes:
        self.fetched.append(url)
        future = asyncio.run_coroutine_threadsafe(self.http.get(path_of(url)), self.loop)
        response = future.result(timeout=30)
        response.raise_for_status()
        return response.content

    async def verify(self, token: str) -> Any:
        """openbadgeslib's verification, with the key the token's ``kid`` resolves to and
        the status list (its signature too)."""
        kid = jwt.get_unverified_header(token)["kid"]
        jwk = json.loads(await asyncio.to_thread(self.download, kid))
        verifier = OB3Verifier(pubkey_pem=jwt.PyJWK(jwk).key)
        return await asyncio.to_thread(
            verifier.verify,
            token,
            check_status=True,
            verify_status_list=True,
            download=self.download,
        )


async def test_the_badge_is_a_conformant_open_badge_any_verifier_checks(
    app: Any, logged_in: LoggedIn, issue: Issue, validator: jsonschema.Draft201909Validator
) -> None:
    certificate = await issue()
    greta = await logged_in("admin@greta-demo.fr")
    token = await badge_of(greta, certificate)

    # The header: OB 3.0 § 8.2.3 (typ JWT), RFC 8037's EdDSA, a kid that is a URL
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA"
    assert header["typ"] == "JWT"
    async with new_client(app) as anyone:
        key_response = await anyone.get(path_of(header["kid"]))
        assert key_response.status_code == 200
        assert key_response.headers["content-type"] == "application/jwk+json"
        assert "max-age=" in key_response.headers["cache-control"]
        assert key_response.headers["access-control-allow-origin"] == "*"
        jwk = key_response.json()
        assert (jwk["kty"], jwk["crv"]) == ("OKP", "Ed25519")
        assert "d" not in jwk  # public only

        # PyJWT verifies the signature with that key alone
        claims = jwt.decode(token, jwt.PyJWK(jwk), algorithms=["EdDSA"])

        # The issuer's id resolves to its Profile; unknown keys and lists are not found
        profile = (await anyone.get(path_of(claims["issuer"]["id"]))).json()
        assert profile["id"] == claims["issuer"]["id"]
        assert profile["type"] == ["Profile"]
        assert (await anyone.get("/keys/clea-19990101-00000000")).status_code == 404
        assert (await anyone.get("/credentials/status/999999")).status_code == 404

    # The payload is the credential (no "vc" wrapper), its claims consistent with it
    assert "vc" not in claims
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["iss"] == claims["issuer"]["id"]
    assert claims["jti"] == claims["id"] == f"urn:uuid:{certificate.id}"
    assert claims["sub"] == claims["credentialSubject"]["id"]
    assert claims["sub"] == f"urn:uuid:{certificate.candidate_id}"
    assert claims["credentialSubject"]["identifier"][0]["identityHash"] == certificate.holder_name
    assert claims["nbf"] == int(certificate.issued_at.timestamp())
    assert WITH_ZONE.match(claims["validFrom"])

    # It is valid against 1EdTech's official JSON Schema
    errors = sorted(validator.iter_errors(claims), key=lambda error: list(error.path))
    assert [f"{list(error.path)}: {error.message}" for error in errors] == []

    # Its status is an entry of a published Bitstring Status List
    status = claims["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert status["id"] == f"{status['statusListCredential']}#{status['statusListIndex']}"

    # And openbadgeslib's OB 3.0 verifier accepts it, revocation list included
    wallet = Wallet(new_client(app), asyncio.get_running_loop())
    async with wallet.http:
        verified = await wallet.verify(token)
    assert verified.issuer.id == claims["issuer"]["id"]
    assert status["statusListCredential"] in wallet.fetched


async def status_list(http: httpx.AsyncClient, url: str) -> tuple[httpx.Response, dict[str, Any]]:
    """The list as a verifier reads it: fetched, its signature checked with its kid's key."""
    response = await http.get(path_of(url))
    assert response.status_code == 200
    header = jwt.get_unverified_header(response.text)
    jwk = (await http.get(path_of(header["kid"]))).json()
    payload = jwt.decode(response.text, jwt.PyJWK(jwk), algorithms=["EdDSA"])
    return response, payload


async def test_revoking_sets_the_bit_verifiers_read_and_reinstating_clears_it(
    app: Any, logged_in: LoggedIn, issue: Issue
) -> None:
    certificate = await issue()
    revoked_before_its_badge = await issue()
    greta = await logged_in("admin@greta-demo.fr")
    certifpro = await logged_in("admin@certifpro.demo")
    token = await badge_of(greta, certificate)
    entry = jwt.decode(token, options={"verify_signature": False})["credentialStatus"]
    index = int(entry["statusListIndex"])

    async with new_client(app) as anyone:
        # Before: the list is a signed BitstringStatusListCredential, cached, bit clear
        before, payload = await status_list(anyone, entry["statusListCredential"])
        assert payload["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
        assert payload["id"] == entry["statusListCredential"]
        subject = payload["credentialSubject"]
        assert subject["type"] == "BitstringStatusList"
        assert subject["statusPurpose"] == "revocation"
        assert len(bits(subject["encodedList"])) * 8 >= 131_072  # the specification's minimum
        assert not bit(bits(subject["encodedList"]), index)
        assert before.headers["content-type"].startswith("application/vc+jwt")
        assert "max-age=" in before.headers["cache-control"]
        again = await anyone.get(
            path_of(entry["statusListCredential"]),
            headers={"If-None-Match": before.headers["etag"]},
        )
        assert again.status_code == 304

        # When Certif'Pro revokes the certificate
        body = await post(certifpro, REVOKE, id=str(certificate.id), reason="Fraude")
        assert body["data"]["revokeCertificate"]["errors"] == []

        # Then the list is republished with its bit set, and openbadgeslib refuses the badge
        after, payload = await status_list(anyone, entry["statusListCredential"])
        assert after.headers["etag"] != before.headers["etag"]
        assert bit(bits(payload["credentialSubject"]["encodedList"]), index)
        wallet = Wallet(new_client(app), asyncio.get_running_loop())
        async with wallet.http:
            with pytest.raises(OB3VerificationError, match="revocation"):
                await wallet.verify(token)

            # A certificate revoked before its first badge gets an entry already set
            body = await post(
                certifpro, REVOKE, id=str(revoked_before_its_badge.id), reason="Doublon"
            )
            assert body["data"]["revokeCertificate"]["errors"] == []
            late = await badge_of(greta, revoked_before_its_badge)
            with pytest.raises(OB3VerificationError, match="revocation"):
                await wallet.verify(late)

            # When the jury's amendment reinstates the first one, the bit is cleared again
            await reinstate(app, certificate)
            _, payload = await status_list(anyone, entry["statusListCredential"])
            assert not bit(bits(payload["credentialSubject"]["encodedList"]), index)
            await wallet.verify(token)


async def reinstate(app: Any, certificate: Certificate) -> None:
    """What the jury context does when an amendment corrects a withdrawal."""
    async with app.state.sessions() as session:
        async with cross_tenant_reads(session, "tests"):
            admin = await session.scalar(select(User).where(User.email == "admin@certifpro.demo"))
            found = await session.scalar(
                select(Certificate).where(Certificate.id == certificate.id)
            )
        assert admin is not None
        assert found is not None
        certifpro = Actor(
            label="Certif'Pro", user_id=admin.id, platform_roles=frozenset({"certifpro_admin"})
        )
        with acting_as(certifpro):
            await revocation.reinstate(session, certifpro, found)
            await session.commit()


async def test_every_certificate_time_the_api_returns_carries_its_time_zone(
    app: Any, logged_in: LoggedIn, issue: Issue
) -> None:
    certificate = await issue()
    greta = await logged_in("conseiller@greta-demo.fr")
    certifpro = await logged_in("admin@certifpro.demo")
    # Every time a certificate can hold: issued, paper asked and posted, revoked
    paper = await post(greta, REQUEST_PAPER, id=str(certificate.id))
    sent = await post(certifpro, MARK_SENT, ids=[str(certificate.id)])
    revoked = await post(certifpro, REVOKE, id=str(certificate.id), reason="Erreur de saisie")
    times = [
        paper["data"]["requestPaperCopy"]["certificate"]["paperRequestedAt"],
        sent["data"]["markPaperSent"]["certificates"][0]["paperSentAt"],
        revoked["data"]["revokeCertificate"]["certificate"]["revokedAt"],
    ]
    # As read back: Certif'Pro's search, the organisation's list
    (found,) = (await post(certifpro, SEARCH, filter={"text": certificate.number}))["data"][
        "certificateSearch"
    ]["edges"]
    (listed,) = (await post(greta, LIST, filter={"text": certificate.number}))["data"][
        "certificates"
    ]["edges"]
    for node in (found["node"], listed["node"]):
        times += [node[name] for name in ("issuedAt", "revokedAt", "paperRequestedAt")]
        times.append(node["paperSentAt"])
    # The public verification (JSON) and the Open Badge
    async with new_client(app) as anyone:
        code = format_code(certificate.verification_code)
        public = (
            await anyone.get(f"/verify/{code}", headers={"Accept": "application/json"})
        ).json()
    times += [public["issuedAt"], public["revokedAt"]]
    token = await badge_of(greta, certificate)
    times.append(jwt.decode(token, options={"verify_signature": False})["validFrom"])

    assert len(times) == 14
    assert [moment for moment in times if not (moment and WITH_ZONE.match(moment))] == []
