from __future__ import annotations

import httpx


async def test_health_check_reports_the_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_queries_over_get_are_refused(client: httpx.AsyncClient) -> None:
    # (but public immutable reads: tests/web/test_public_responses.py)
    for query in (
        "{ viewer { user { email } } }",
        "{ certifications { code } viewer { platformRoles } }",
    ):
        response = await client.get("/graphql", params={"query": query})

        assert response.status_code in (400, 405)
        assert "CLEA" not in response.text


async def test_a_browser_gets_graphiql_on_get(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})

    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_queries_with_too_many_aliases_are_refused(client: httpx.AsyncClient) -> None:
    query = "{ " + " ".join(f"a{n}: certifications {{ code }}" for n in range(31)) + " }"

    response = await client.post(
        "/graphql", json={"query": query}, headers={"X-Requested-With": "clea-tests"}
    )

    body = response.json()
    assert body.get("data") is None
    assert "aliases" in body["errors"][0]["message"]
