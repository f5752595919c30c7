"""Certif'Pro counts the fee-bearing events of every organisation: `billableEvents`."""

from __future__ import annotations

from typing import Any

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import CLOSE, SAVE, new_dossier, started_evaluation


async def test_certif_pro_counts_the_completed_initial_evaluations_per_organisation(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    certifpro = await logged_in("admin@certifpro.demo")
    counts = (
        'query { billableEvents(since: "2000-01-01", until: "2100-01-01") '
        "{ organisationName certificationCode kind count } }"
    )
    before = (await post(certifpro, counts))["data"]["billableEvents"]
    _, dossier = await new_dossier(adviser, "Facturable")
    evaluation = (await started_evaluation(evaluator, dossier["dossier"]["id"]))["id"]
    results = [{"itemCode": code, "value": "acquis"} for code in ("1", "2", "3")]
    await post(evaluator, SAVE, id=evaluation, revision=0, results=results)
    await post(evaluator, CLOSE, id=evaluation)

    after = (await post(certifpro, counts))["data"]["billableEvents"]
    refused = await post(adviser, counts)

    def management(rows: list[dict[str, Any]]) -> int:
        return sum(
            r["count"]
            for r in rows
            if r["organisationName"] == "Greta démo Paris Centre"
            and r["certificationCode"] == "CLEA_MANAGEMENT"
            and r["kind"] == "initial_evaluation"
        )

    assert management(after) == management(before) + 1
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
