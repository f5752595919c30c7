"""A candidate's GDPR rights through the API: the export (JSON and PDF) and erasure."""

from __future__ import annotations

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import new_dossier

EXPORT = """
query ($id: ID!) { candidateExport(id: $id) {
  __typename ... on CandidateExport { data } ... on NotFound { message } } }
"""


async def test_an_org_admin_exports_then_erases_a_candidate_whose_dossiers_are_closed(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    admin = await logged_in("admin@greta-demo.fr")
    candidate, opened = await new_dossier(adviser, "Effacable")
    erase = (
        "mutation ($id: ID!) { eraseCandidate(input: {id: $id}) "
        "{ candidate { birthName anonymised } errors { code field message } } }"
    )

    exported = await post(admin, EXPORT, id=candidate)
    too_early = await post(admin, erase, id=candidate)
    await post(
        adviser,
        "mutation ($id: ID!, $r: Int!) { abandonDossier(input: {id: $id, reason: "
        '"Déménagement", revision: $r}) { errors { code } } }',
        id=opened["dossier"]["id"],
        r=opened["dossier"]["revision"],
    )
    erased = await post(admin, erase, id=candidate)
    pdf = await admin.get(f"/documents/candidates/{candidate}/export.pdf")
    refused = await adviser.get(f"/documents/candidates/{candidate}/export.pdf")

    assert exported["data"]["candidateExport"]["__typename"] == "CandidateExport"
    export = exported["data"]["candidateExport"]["data"]
    assert export["candidate"]["birth_name"] == "Effacable"
    assert export["dossiers"][0]["certification_code"] == "CLEA_MANAGEMENT"
    assert too_early["data"]["eraseCandidate"]["errors"][0]["code"] == "INVALID_STATE"
    assert erased["data"]["eraseCandidate"]["candidate"] == {
        "birthName": "anonymisé",
        "anonymised": True,
    }
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert refused.status_code == 403


async def test_exporting_a_candidate_that_is_not_there_is_not_found(logged_in: LoggedIn) -> None:
    admin = await logged_in("admin@greta-demo.fr")

    answer = await post(admin, EXPORT, id="01900000-0000-7000-8000-000000000000")

    assert answer["data"]["candidateExport"] == {
        "__typename": "NotFound",
        "message": "Candidat introuvable.",
    }
