"""CSRF: a logged-in browser's request (it carries the session cookie) must send
``X-Requested-With``; without it nothing runs, whoever the cookie belongs to."""

from __future__ import annotations

from typing import Any

from tests.schema.identity.conftest import LoggedIn, post

VIEWER = "{ viewer { user { email } } }"
LOGOUT = "mutation { logout(input: {}) { ok } }"


async def test_a_logged_in_request_without_the_header_is_refused_and_changes_nothing(
    logged_in: LoggedIn,
) -> None:
    browser = await logged_in("admin@greta-demo.fr")

    refused = await browser.post("/graphql", json={"query": LOGOUT})
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "CSRF_REJECTED"
    read = await browser.post("/graphql", json={"query": VIEWER})
    assert read.status_code == 403

    # The session is untouched: with the header, the same browser is still logged in.
    body: dict[str, Any] = await post(browser, VIEWER)
    assert body["data"]["viewer"]["user"]["email"] == "admin@greta-demo.fr"


async def test_a_request_with_a_candidate_session_cookie_needs_the_header_too(
    client: Any,
) -> None:
    """The candidate space's cookie is a session too: a cross-site form must not borrow it."""
    from clea_platform.candidate_space.access import CANDIDATE_COOKIE

    client.cookies.set(CANDIDATE_COOKIE, "a-candidate-session")
    try:
        refused = await client.post("/graphql", json={"query": VIEWER})
    finally:
        client.cookies.clear()

    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "CSRF_REJECTED"
