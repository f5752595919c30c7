"""A mutation still succeeds when another request writes while it runs.

Regression: on SQLite, a mutation whose transaction had read before another request
committed failed with "database is locked" (an "Erreur interne inattendue" in the UI):
found by the end-to-end pathway test, issuing a partial attestation while the dossier
page's read audit was being saved.
"""

from __future__ import annotations

from typing import Any

import pytest

from clea_platform.candidates import service as candidates
from tests.schema.identity.conftest import LoggedIn, post

CREATE_CANDIDATE = """
mutation ($name: String!) { createCandidate(input: {civility: MADAME, birthName: $name,
  firstNames: "Inès", birthDate: "1990-02-11", birthCountry: "France", birthCity: "Lille",
  statusAtRegistration: EMPLOYEE, educationLevel: BAC}) {
  candidate { id birthName } errors { code field message } } }
"""
CANDIDATE = "query ($id: ID!) { candidate(id: $id) { ... on Candidate { birthName } } }"


async def test_a_mutation_is_run_again_when_another_request_wrote_meanwhile(
    logged_in: LoggedIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    create = candidates.create_candidate
    attempts = 0

    async def create_while_a_colleague_logs_in(session: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal attempts
        attempts += 1
        # This request has read (as the duplicate check does) ...
        await candidates.possible_duplicates(session, args[1])
        if attempts == 1:
            # ... when another request writes and commits (a login saves a session).
            await logged_in("evaluatrice@greta-demo.fr")
        return await create(session, *args, **kwargs)

    monkeypatch.setattr(candidates, "create_candidate", create_while_a_colleague_logs_in)

    body = await post(adviser, CREATE_CANDIDATE, name="Concurrente")

    assert "errors" not in body, body["errors"]
    created = body["data"]["createCandidate"]
    assert created["errors"] == []
    assert attempts in (1, 2)  # PostgreSQL needs no second attempt; SQLite does
    monkeypatch.undo()
    stored = await post(adviser, CANDIDATE, id=created["candidate"]["id"])
    assert stored["data"]["candidate"] == {"birthName": "Concurrente"}
