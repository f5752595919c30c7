"""API hardening: CSRF defence, security headers, body size, masked errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


async def test_a_cross_site_form_post_to_graphql_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        content="query={ viewer { user { email } } }",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_REJECTED"


async def test_json_carrying_the_session_cookie_without_the_custom_header_is_refused(
    client: httpx.AsyncClient,
) -> None:
    # Whatever the cookie is worth: the request borrows a session, so it must prove its origin.
    response = await client.post(
        "/graphql",
        json={"query": "{ certifications { code } }"},
        headers={"Cookie": "clea_session=any-value"},
    )

    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_REJECTED"
    assert "X-Requested-With" in response.json()["errors"][0]["message"]


async def test_a_client_without_cookie_reads_public_data_without_the_custom_header(
    client: httpx.AsyncClient,
) -> None:
    # A partner's app: plain JSON, no session to borrow, no custom header needed.
    response = await client.post("/graphql", json={"query": "{ certifications { code } }"})

    assert response.status_code == 200
    assert "CLEA" in [c["code"] for c in response.json()["data"]["certifications"]]
    assert response.headers["content-type"].startswith("application/json")


async def test_a_form_without_cookie_is_still_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        content='{"query": "{ certifications { code } }"}',
        headers={"Content-Type": "text/plain"},
    )

    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_REJECTED"


@pytest.mark.parametrize(
    "accept",
    [
        "application/graphql-response+json",
        "application/graphql-response+json, application/json;q=0.9",
        "application/json;q=0.5, application/graphql-response+json",
    ],
)
async def test_graphql_over_http_clients_get_their_media_type(
    client: httpx.AsyncClient, accept: str
) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ certifications { code } }"}, headers={"Accept": accept}
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    assert response.json()["data"]["certifications"]


@pytest.mark.parametrize("accept", ["application/json", "*/*", ""])
async def test_other_clients_get_json(client: httpx.AsyncClient, accept: str) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ certifications { code } }"}, headers={"Accept": accept}
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("path", ["/healthz", "/", "/graphql"])
async def test_every_response_carries_the_security_headers(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path, headers={"Accept": "text/html"})

    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-request-id"]
    # Plain-HTTP localhost: no HSTS (it would pin a development host to HTTPS).
    assert "strict-transport-security" not in response.headers


async def test_an_oversized_body_is_refused_before_parsing(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        json={"query": "{ certifications { code } }", "padding": "x" * (1024 * 1024 + 1)},
        headers={"X-Requested-With": "t"},
    )

    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_an_unexpected_error_is_masked_with_a_reference_to_quote(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clea_platform.referentiels import service

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internal detail: password=hunter2")

    monkeypatch.setattr(service, "get_version", broken)

    response = await client.post(
        "/graphql",
        json={"query": '{ referentiel(code: "CLEA") { __typename } }'},
        headers={"X-Requested-With": "t"},
    )

    error = response.json()["errors"][0]
    assert "hunter2" not in response.text
    assert error["extensions"]["code"] == "INTERNAL_ERROR"
    assert error["extensions"]["reference"] in error["message"]
    assert error["message"].startswith("Erreur interne inattendue")


async def test_a_protected_query_without_login_says_unauthenticated(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/graphql",
        json={"query": "{ members { totalCount } }"},
        headers={"X-Requested-With": "t"},
    )

    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert error["message"] == "Authentification requise : connectez-vous."
