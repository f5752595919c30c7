"""Every list of the schema costs the same number of SQL statements for 1 or 50 rows."""

from __future__ import annotations

from typing import Any

import pytest

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import new_dossier, started_evaluation

LISTS = {
    "members": (
        "{ members(first: $n) { edges { node { id roles user { email } "
        "organisation { name } } } } }"
    ),
    "invitations": "{ invitations(first: $n) { edges { node { id email status } } } }",
    "apiKeys": "{ apiKeys(first: $n) { edges { node { id name createdBy { email } } } } }",
    "auditEvents": (
        "{ auditEvents(first: $n) { edges { node { id operation organisationName } } } }"
    ),
    "dossiers": (
        "{ dossiers(first: $n) { edges { node { id candidate { birthName } "
        "progress { total } timeline { kind } evaluations { id partialAttestation { id } } "
        "trainingPlan { id } } } } }"
    ),
    "organisations": "{ organisations(first: $n) { edges { node { id name sites { siret } } } } }",
}
WHO = {name: "admin@greta-demo.fr" for name in LISTS} | {"organisations": "admin@certifpro.demo"}


@pytest.mark.parametrize("name", sorted(LISTS))
async def test_the_number_of_statements_does_not_depend_on_the_page_size(
    name: str, logged_in: LoggedIn, count_queries: Any
) -> None:
    http = await logged_in(WHO[name])
    # Make sure there are several rows to list.
    for key in ("N+1 a", "N+1 b") if name != "organisations" else ():
        await post(
            http,
            f'mutation {{ createApiKey(input: {{name: "{key}", role: VIEWER}}) {{ secret }} }}',
        )
    if name == "dossiers":
        # The newest dossier (the page of one) has an evaluation: its nested lists load too.
        _, opened = await new_dossier(http, "N+1")
        await started_evaluation(http, opened["dossier"]["id"])
    query = "query ($n: Int) " + LISTS[name]
    await post(http, query, n=1)  # credentials resolved and cached before counting

    with count_queries() as one:
        small = await post(http, query, n=1)
    with count_queries() as fifty:
        large = await post(http, query, n=50)

    assert "errors" not in small, small
    assert "errors" not in large, large
    assert len(one) == len(fifty), (one.statements, fifty.statements)
