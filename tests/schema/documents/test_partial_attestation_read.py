"""The dossier page reads an evaluation's partial attestation without issuing it again."""

from __future__ import annotations

from typing import Any

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import ATTEST, CLOSE, SAVE, new_dossier, started_evaluation

READ = """
query ($id: ID!) { dossier(id: $id) { ... on Dossier { evaluations { id
  partialAttestation { id reference issuedAt downloadUrl } } } } }
"""


async def test_an_issued_attestation_is_read_back_with_its_reference_date_and_link(
    logged_in: LoggedIn, count_queries: Any
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    _, opened = await new_dossier(adviser, "Attestée")
    dossier = opened["dossier"]["id"]
    evaluation = (await started_evaluation(evaluator, dossier))["id"]
    results = [
        {"itemCode": "1", "value": "acquis"},
        {"itemCode": "2", "value": "non_acquis"},
        {"itemCode": "3", "value": "acquis"},
    ]
    await post(evaluator, SAVE, id=evaluation, revision=0, results=results)
    await post(evaluator, CLOSE, id=evaluation)

    before = await post(adviser, READ, id=dossier)
    issued = (await post(evaluator, ATTEST, id=evaluation))["data"]["issuePartialAttestation"]
    with count_queries() as reading:
        after = await post(adviser, READ, id=dossier)
    again = await post(adviser, READ, id=dossier)

    assert before["data"]["dossier"]["evaluations"] == [
        {"id": evaluation, "partialAttestation": None}
    ]
    read = after["data"]["dossier"]["evaluations"][0]["partialAttestation"]
    assert read["reference"] == issued["attestation"]["reference"]
    assert read["downloadUrl"] == issued["attestation"]["downloadUrl"]
    assert read["downloadUrl"] == f"/documents/attestations/{read['id']}.pdf"
    assert read["issuedAt"]
    # Reading it issues nothing: the same attestation every time
    assert again == after
    pdf = await adviser.get(read["downloadUrl"])
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    writes = [sql for sql in reading.statements if "INSERT INTO partial_attestation" in sql]
    assert writes == []
