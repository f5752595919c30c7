"""A candidate reaches only their own dossiers and documents; professionals stay apart.

Adversarial: the signed-in candidate changes identifiers in download addresses and
mutation inputs; a professional tries the candidate's operations and the reverse.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from clea_platform.candidate_space.models import CorrectionRequest
from clea_platform.certificates.models import Certificate
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.candidate_space.helpers import (
    SPACE,
    STATUS,
    invited_candidate,
    seed_candidate,
    seed_organisation,
)
from tests.conftest import new_client
from tests.isolation.helpers import post

CORRECTION = """
mutation ($dossier: ID!, $message: String!) {
  requestDataCorrection(input: {dossierId: $dossier, message: $message}) {
    ok errors { code field message } } }
"""


async def test_a_candidate_sees_their_dossiers_in_every_organisation_and_no_one_elses(
    app: Any,
) -> None:
    # Given Léa followed by two organisations (the same person), and Hugo at the first one
    greta = await seed_organisation(app, "Greta")
    afpa = await seed_organisation(app, "Afpa")
    lea = await seed_candidate(app, greta, first_names="Léa", birth_name="Nguyen-Test")
    lea_elsewhere = await seed_candidate(
        app, afpa, first_names="LÉA", birth_name="nguyen test", email=lea.email, certified=True
    )
    hugo = await seed_candidate(app, greta, first_names="Hugo")

    # When Léa signs in
    browser = await invited_candidate(app, lea)
    space = (await post(browser, SPACE))["data"]["candidateSpace"]

    # Then she sees both her dossiers, and nothing of Hugo's
    assert {d["id"] for d in space["dossiers"]} == {
        str(lea.dossier_id),
        str(lea_elsewhere.dossier_id),
    }
    assert str(hugo.dossier_id) not in str(space)


async def test_changing_ids_in_download_addresses_reaches_nothing_of_another_candidate(
    app: Any,
) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta, certified=True)
    hugo = await seed_candidate(app, greta, first_names="Hugo", certified=True)
    browser = await invited_candidate(app, lea)

    own = await browser.get(f"/documents/candidate-space/attestations/{lea.attestation_id}.pdf")
    assert own.status_code == 200
    assert own.content.startswith(b"%PDF")
    own_certificate = await browser.get(
        f"/documents/candidate-space/certificates/{lea.certificate_id}.pdf"
    )
    assert own_certificate.status_code == 200
    assert own_certificate.content.startswith(b"%PDF")
    own_badge = await browser.get(
        f"/documents/candidate-space/certificates/{lea.certificate_id}/badge.jwt"
    )
    assert own_badge.status_code == 200

    for address in (
        f"/documents/candidate-space/attestations/{hugo.attestation_id}.pdf",
        f"/documents/candidate-space/certificates/{hugo.certificate_id}.pdf",
        f"/documents/candidate-space/certificates/{hugo.certificate_id}/badge.jwt",
        "/documents/candidate-space/attestations/pas-un-identifiant.pdf",
        # the professional routes refuse a candidate outright
        f"/documents/attestations/{lea.attestation_id}.pdf",
        f"/documents/certificates/{lea.certificate_id}.pdf",
        f"/documents/certificates/{lea.certificate_id}/badge.jwt",
    ):
        answer = await browser.get(address)
        assert answer.status_code in (401, 404), address
        assert b"%PDF" not in answer.content
        assert b"eyJ" not in answer.content


async def test_anonymous_and_professionals_cannot_download_through_the_candidate_routes(
    app: Any,
) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta, certified=True)
    address = f"/documents/candidate-space/attestations/{lea.attestation_id}.pdf"

    assert (await new_client(app).get(address)).status_code == 401
    assert (await greta.adviser.get(address)).status_code == 403


async def test_a_correction_request_for_another_candidates_dossier_changes_nothing(
    app: Any,
) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta)
    hugo = await seed_candidate(app, greta, first_names="Hugo")
    browser = await invited_candidate(app, lea)

    body = await post(browser, CORRECTION, dossier=str(hugo.dossier_id), message="Mon nom")

    (problem,) = body["data"]["requestDataCorrection"]["errors"]
    assert problem["code"] == "NOT_FOUND"
    async with app.state.sessions() as session, cross_tenant_reads(session, "tests"):
        count = await session.scalar(
            select(func.count()).where(CorrectionRequest.candidate_id == hugo.candidate_id)
        )
    assert count == 0


async def test_professionals_and_candidates_stay_in_their_own_worlds(app: Any) -> None:
    greta = await seed_organisation(app, "Greta")
    afpa = await seed_organisation(app, "Afpa")
    lea = await seed_candidate(app, greta)
    browser = await invited_candidate(app, lea)

    # A candidate is not a professional: the organisation's operations ask them to log in
    for document in (
        "query { dossiers(first: 5) { totalCount } }",
        "query { myWork { __typename } }",
    ):
        body = await post(browser, document)
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", document

    # A professional is not a candidate
    body = await post(greta.adviser, SPACE)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    # Another organisation's adviser neither sees nor invites Léa
    status = await post(afpa.adviser, STATUS, id=str(lea.candidate_id))
    assert status["data"]["candidateSpaceStatus"]["__typename"] == "NotFound"


async def test_a_dossier_shows_the_5_year_window_left(app: Any) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta)
    browser = await invited_candidate(app, lea)

    (dossier,) = (await post(browser, SPACE))["data"]["candidateSpace"]["dossiers"]

    ends = dt.date.fromisoformat(dossier["windowEndsOn"])
    assert dossier["daysLeft"] == (ends - dt.datetime.now(dt.UTC).date()).days


PAPER = """
mutation ($id: ID!) { requestMyPaperCopy(input: {certificateId: $id}) {
  ok errors { code message } } }
"""


async def test_the_candidate_asks_for_their_own_paper_copy_and_not_for_anothers(app: Any) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta, certified=True, address="4 rue des Lilas")
    hugo = await seed_candidate(app, greta, first_names="Hugo", certified=True)
    browser = await invited_candidate(app, lea)

    # Another candidate's certificate: not found, and nothing requested
    refused = await post(browser, PAPER, id=str(hugo.certificate_id))
    assert refused["data"]["requestMyPaperCopy"]["errors"][0]["code"] == "NOT_FOUND"

    # Her own: requested, to the address her organisation recorded, which she sees
    done = await post(browser, PAPER, id=str(lea.certificate_id))
    assert done["data"]["requestMyPaperCopy"] == {"ok": True, "errors": []}
    (dossier,) = (await post(browser, SPACE))["data"]["candidateSpace"]["dossiers"]
    assert dossier["certificate"]["paperRequestedAt"] is not None
    assert "4 rue des Lilas" in dossier["certificate"]["paperAddress"]
    async with app.state.sessions() as session, cross_tenant_reads(session, "tests"):
        hugos = await session.get(Certificate, (greta.id, hugo.certificate_id))
    assert hugos is not None
    assert hugos.paper_requested_at is None

    # Twice: refused in plain words
    again = await post(browser, PAPER, id=str(lea.certificate_id))
    (problem,) = again["data"]["requestMyPaperCopy"]["errors"]
    assert problem["code"] == "PAPER_REFUSED"
    assert problem["message"].startswith("Copie papier déjà demandée")


async def test_without_a_postal_address_the_candidate_is_told_whom_to_ask(app: Any) -> None:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta, certified=True)
    browser = await invited_candidate(app, lea)

    body = await post(browser, PAPER, id=str(lea.certificate_id))

    (problem,) = body["data"]["requestMyPaperCopy"]["errors"]
    assert problem["code"] == "PAPER_REFUSED"
    assert "Demandez à votre conseiller" in problem["message"]
