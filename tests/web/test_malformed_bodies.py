"""Malformed request bodies are a 400 with a French message, never a 500 (issue #12, 6)."""

from __future__ import annotations

import httpx
import pytest

HEADERS = {"X-Requested-With": "clea-tests", "Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            b'{"query": "{ viewer { juryMember } }", "variables": '
            + b"[" * 100_000
            + b"]" * 100_000
            + b"}",
            "Corps de requête refusé : JSON trop imbriqué.",
        ),
        (
            b'{"query": "{ viewer { juryMember } }", "x": "\xff\xfe"}',
            "Corps de requête illisible : il doit être encodé en UTF-8.",
        ),
        (
            b'{"query": "{ viewer { juryMember } }", "variables": {"n": NaN}}',
            "Corps de requête refusé : NaN et Infinity ne sont pas des nombres JSON.",
        ),
        (b"[1, 2]", "un objet JSON est attendu"),
        (b"{not json", "un objet JSON est attendu"),
        (b'{"query": 5}', "« query » doit être une chaîne de caractères."),
        (b'{"query": "{ viewer { juryMember } }", "variables": [1]}', "« variables »"),
    ],
)
async def test_a_malformed_body_is_a_bad_request_in_french(
    client: httpx.AsyncClient, body: bytes, message: str
) -> None:
    response = await client.post("/graphql", content=body, headers=HEADERS)

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_REQUEST"}
    assert message in error["message"]


async def test_a_deeply_nested_document_is_a_graphql_error_not_a_crash(
    client: httpx.AsyncClient,
) -> None:
    query = "{" + "viewer{" * 1300 + "juryMember" + "}" * 1301

    response = await client.post("/graphql", json={"query": query}, headers=HEADERS)

    assert response.status_code == 200
    (error,) = response.json()["errors"]
    assert "nested too deeply" in error["message"]
    assert "extensions" not in error or error["extensions"].get("code") != "INTERNAL_ERROR"


@pytest.mark.parametrize(
    "path", ["/auth/oidc/greta%00demo/login", "/documents/certificates/%00.pdf", "/verify/AB%0ACD"]
)
async def test_a_path_with_a_control_character_names_nothing(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)

    assert (response.status_code, response.text) == (404, "not found")


async def test_a_query_string_with_a_control_character_is_a_bad_request(
    client: httpx.AsyncClient,
) -> None:
    # The OIDC callback looks its state up in the database: PostgreSQL refuses NUL.
    response = await client.get("/auth/oidc/callback?state=ab%00cd&code=x")

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_REQUEST"}
    assert error["message"].startswith("Adresse invalide : elle contient un caractère de contrôle")
