"""Certificates over GraphQL and HTTP: lists, verification, JWKS, downloads, revocation, paper."""

from __future__ import annotations

import io
import json
from typing import Any
from urllib.parse import urlsplit

import httpx
import jwt
import pypdf
from joserfc import jws
from joserfc.jwk import KeySet

from clea_platform.certificates.codes import format_code
from clea_platform.certificates.ratelimit import VERIFY_PER_CLIENT
from tests.conftest import new_client
from tests.schema.certificates.conftest import Issue
from tests.schema.identity.conftest import LoggedIn, post

CERTIFICATES = """
query ($filter: CertificateFilterInput) {
  certificates(first: 100, filter: $filter) {
    totalCount edges { node { id number holderName status verificationCode pdfUrl badgeUrl } }
  }
}
"""
SEARCH = """
query ($filter: CertificateFilterInput) {
  certificateSearch(filter: $filter) { totalCount edges { node { id number organisationName } } }
}
"""
REVOKE = """
mutation ($id: ID!, $reason: String!) {
  revokeCertificate(input: {id: $id, reason: $reason}) {
    certificate { id status revokedAt revocationReason } errors { code field message }
  }
}
"""
REQUEST_PAPER = """
mutation ($id: ID!) {
  requestPaperCopy(input: {id: $id}) {
    certificate { id paperRequestedAt paperAddress } errors { code message }
  }
}
"""
PAPER_QUEUE = "{ paperQueue { id number paperAddress } }"
MARK_SENT = """
mutation ($ids: [ID!]!) {
  markPaperSent(input: {ids: $ids}) { certificates { id paperSentAt } errors { code field } }
}
"""


def data(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]
    return result


async def test_the_organisation_lists_its_certificates_and_downloads_pdf_and_badge(
    logged_in: LoggedIn, issue: Issue
) -> None:
    certificate = await issue()
    greta = await logged_in("admin@greta-demo.fr")

    # When the Greta lists its certificates by number
    body = await post(greta, CERTIFICATES, filter={"text": certificate.number})
    (edge,) = data(body)["certificates"]["edges"]
    node = edge["node"]
    assert node["id"] == str(certificate.id)
    assert node["status"] == "VALID"
    assert node["verificationCode"] == format_code(certificate.verification_code)

    # Then it downloads the PDF: one A4 page, at most 100 KB, fonts embedded, token attached
    response = await greta.get(node["pdfUrl"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert len(response.content) <= 100 * 1024
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    assert reader.attachments["certificate.jws"] == [certificate.token.encode()]
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object() or "/FontFile3" in descriptor.get_object()
    text = reader.pages[0].extract_text()
    assert certificate.number in text
    assert certificate.holder_name.split()[0] in text

    # And the Open Badges credential, a JWT signed with the published key its kid names
    # (checked with PyJWT, which the platform does not use; the full conformance checks
    # are in test_open_badge_conformance.py)
    response = await greta.get(node["badgeUrl"])
    assert response.status_code == 200
    kid = jwt.get_unverified_header(response.text)["kid"]
    jwk = (await greta.get(urlsplit(kid).path)).json()
    claims = jwt.decode(response.text, jwt.PyJWK(jwk), algorithms=["EdDSA"])
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert certificate.number in claims["name"]
    assert claims["sub"] == claims["credentialSubject"]["id"]
    jwks = (await greta.get("/.well-known/jwks.json")).json()
    assert urlsplit(kid).path.removeprefix("/keys/") in [key["kid"] for key in jwks["keys"]]


async def test_another_organisation_cannot_list_or_download_them(
    logged_in: LoggedIn, issue: Issue
) -> None:
    certificate = await issue()
    afpa = await logged_in("admin@afpa-demo.fr")

    body = await post(afpa, CERTIFICATES, filter={"text": certificate.number})
    assert data(body)["certificates"]["totalCount"] == 0
    for path in (
        f"/documents/certificates/{certificate.id}.pdf",
        f"/documents/certificates/{certificate.id}/badge.jwt",
    ):
        response = await afpa.get(path)
        assert response.status_code == 404
        assert certificate.holder_name not in response.text
    assert (await afpa.get("/documents/certificates/paper-queue.pdf")).status_code == 403
    async with new_client_for_anonymous(afpa) as anonymous:
        response = await anonymous.get(f"/documents/certificates/{certificate.id}.pdf")
        assert response.status_code == 401


def new_client_for_anonymous(http: httpx.AsyncClient) -> httpx.AsyncClient:
    transport = http._transport  # the same app, no cookie
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_anyone_verifies_a_certificate_with_only_the_jwks(app: Any, issue: Issue) -> None:
    certificate = await issue()
    async with new_client(app) as anyone:
        # When anyone fetches the published keys and the certificate's public JSON
        jwks = (await anyone.get("/.well-known/jwks.json")).json()
        code = format_code(certificate.verification_code)
        response = await anyone.get(f"/verify/{code}", headers={"Accept": "application/json"})
        assert response.status_code == 200
        public = response.json()

        # Then the token (also the one in the PDF) verifies with the JWKS alone
        verified = jws.deserialize_compact(
            public["token"], KeySet.import_key_set(jwks), algorithms=["Ed25519"]
        )
        payload = json.loads(verified.payload)
        assert payload["number"] == public["number"] == certificate.number
        assert payload["holder"]["name"] == public["holderName"]
        assert public["status"] == "valid"

        # And the HTML page says it is valid, in French
        page = await anyone.get(f"/verify/{code.lower().replace('-', '')}")
        assert page.status_code == 200
        assert "Ce certificat est valide" in page.text
        assert certificate.holder_name in page.text


async def test_wrong_or_malformed_codes_are_a_plain_not_found(app: Any) -> None:
    async with new_client(app) as anyone:
        for code in ("ABCDE-FGHJK", "not-a-code", "%00", "A" * 200):
            response = await anyone.get(f"/verify/{code}")
            assert response.status_code == 404
            assert response.text == "not found"


async def test_verification_is_rate_limited_per_address(app: Any) -> None:
    async with new_client(app) as anyone:
        statuses = [
            (await anyone.get("/verify/ABCDE-FGHJK")).status_code
            for _ in range(VERIFY_PER_CLIENT.maximum + 1)
        ]
        assert statuses[:-1] == [404] * VERIFY_PER_CLIENT.maximum
        assert statuses[-1] == 429
        assert (await anyone.get("/verify/ABCDE-FGHJK")).headers["Retry-After"] == "60"
        async with new_client(app) as other_address:
            assert (await other_address.get("/verify/ABCDE-FGHJK")).status_code == 404


async def test_certifpro_revokes_once_with_a_reason_and_the_page_says_so(
    app: Any, logged_in: LoggedIn, issue: Issue
) -> None:
    certificate = await issue()
    certifpro = await logged_in("admin@certifpro.demo")

    body = await post(certifpro, REVOKE, id=str(certificate.id), reason="  ")
    assert [e["code"] for e in data(body)["revokeCertificate"]["errors"]] == ["REASON_REQUIRED"]

    body = await post(certifpro, REVOKE, id=str(certificate.id), reason="Fraude à l'évaluation")
    revoked = data(body)["revokeCertificate"]
    assert revoked["errors"] == []
    assert revoked["certificate"]["status"] == "REVOKED"

    body = await post(certifpro, REVOKE, id=str(certificate.id), reason="Encore")
    assert [e["code"] for e in data(body)["revokeCertificate"]["errors"]] == ["ALREADY_REVOKED"]

    async with new_client(app) as anyone:
        code = format_code(certificate.verification_code)
        page = await anyone.get(f"/verify/{code}")
        assert "Ce certificat a été retiré" in page.text
        assert "Fraude à l&#39;évaluation" in page.text
        public = await anyone.get(f"/verify/{code}", headers={"Accept": "application/json"})
        assert public.json()["status"] == "revoked"

    # And Certif'Pro finds it in its (audited) search
    body = await post(certifpro, SEARCH, filter={"text": certificate.number, "revoked": True})
    assert data(body)["certificateSearch"]["totalCount"] == 1


async def test_paper_copies_are_requested_queued_printed_and_marked_sent(
    logged_in: LoggedIn, issue: Issue
) -> None:
    certificate = await issue()
    without_address = await issue(address=False)
    greta = await logged_in("conseiller@greta-demo.fr")
    certifpro = await logged_in("admin@certifpro.demo")

    body = await post(greta, REQUEST_PAPER, id=str(without_address.id))
    assert [e["code"] for e in data(body)["requestPaperCopy"]["errors"]] == ["NO_ADDRESS"]

    body = await post(greta, REQUEST_PAPER, id=str(certificate.id))
    requested = data(body)["requestPaperCopy"]
    assert requested["errors"] == []
    assert "75011 Paris" in requested["certificate"]["paperAddress"]
    body = await post(greta, REQUEST_PAPER, id=str(certificate.id))
    assert [e["code"] for e in data(body)["requestPaperCopy"]["errors"]] == ["ALREADY_REQUESTED"]

    queue = data(await post(certifpro, PAPER_QUEUE))["paperQueue"]
    assert str(certificate.id) in [row["id"] for row in queue]
    batch = await certifpro.get("/documents/certificates/paper-queue.pdf")
    assert batch.status_code == 200
    assert len(pypdf.PdfReader(io.BytesIO(batch.content)).pages) == len(queue)

    body = await post(certifpro, MARK_SENT, ids=[str(certificate.id)])
    assert data(body)["markPaperSent"]["errors"] == []
    body = await post(certifpro, MARK_SENT, ids=[str(certificate.id)])
    assert [e["code"] for e in data(body)["markPaperSent"]["errors"]] == ["ALREADY_SENT"]
    queue = data(await post(certifpro, PAPER_QUEUE))["paperQueue"]
    assert str(certificate.id) not in [row["id"] for row in queue]


async def test_listing_certificates_costs_the_same_statements_for_any_page_size(
    logged_in: LoggedIn, issue: Issue, count_queries: Any
) -> None:
    for _ in range(3):
        await issue(first_names="Série")
    greta = await logged_in("admin@greta-demo.fr")
    query = (
        "query ($first: Int) { certificates(first: $first) "
        "{ edges { node { id number holderName status } } } }"
    )
    await post(greta, query, first=1)  # credentials resolved and cached before counting
    counts = []
    for first in (1, 3):
        with count_queries() as counter:
            body = await post(
                greta,
                "query ($first: Int) { certificates(first: $first) "
                "{ edges { node { id number holderName status } } } }",
                first=first,
            )
        assert len(data(body)["certificates"]["edges"]) == first
        counts.append(len(counter))
    assert counts[0] == counts[1]
