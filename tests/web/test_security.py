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


async def test_json_without_the_custom_header_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ certifications { code } }"})

    assert response.status_code == 403
    assert "X-Requested-With" in response.json()["errors"][0]["message"]


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
