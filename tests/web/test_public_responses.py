"""Whole answers of public, immutable reads kept in process (``web/public_responses.py``).

The référentiel tree's answer is kept per publication state: a repeat is the same bytes
without GraphQL's execution; a publication made through another app instance on the same
database is seen by the next request; a private field, a draft or a version not found is
never kept; the CSRF rules in front of the endpoint still apply.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from clea_platform.core.config import Settings
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.web.public_responses import PublicResponses
from tests.conftest import new_client
from tests.schema.referentiels.test_referentiel_management import (
    IMPORT,
    PUBLISH,
    certifpro_on,
    next_version,
    platform_on,
)

HEADERS = {"X-Requested-With": "clea-tests"}

# The frontend's own document (frontend/src/graphql/documents.ts).
REFERENTIEL = """
query Referentiel($code: String!) {
  certifications { code title certifier }
  referentiel(code: $code) {
    __typename
    ... on ReferentielVersion {
      id certificationCode version status provisional publishedAt notes provenance
      levels { depth name count officialCount }
      items { code title depth levelName position parentCode isLeaf provisional }
    }
    ... on ReferentielNotFound { code message }
  }
}
"""
WITH_VIEWER = """
query ($code: String!) {
  referentiel(code: $code) { ... on ReferentielVersion { id version } }
  viewer { user { email } }
}
"""
VERSION = """
query ($code: String!, $version: String) {
  referentiel(code: $code, version: $version) {
    __typename ... on ReferentielVersion { id version status items { code } }
  }
}
"""


def kept(app: Any) -> PublicResponses:
    responses: PublicResponses = app.state.public_responses
    return responses


async def ask(http: httpx.AsyncClient, query: str, **variables: Any) -> httpx.Response:
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=HEADERS
    )
    assert response.status_code == 200, response.text
    assert "errors" not in response.json(), response.text
    return response


def without_request_id(response: httpx.Response) -> list[tuple[str, str]]:
    return sorted((k, v) for k, v in response.headers.items() if k != "x-request-id")


async def test_a_repeated_tree_is_the_same_bytes_and_headers_without_execution(
    app: Any, client: httpx.AsyncClient, count_queries: Any
) -> None:
    kept(app).clear()
    first = await ask(client, REFERENTIEL, code="CLEA")
    hits = kept(app).hits

    with count_queries() as counter:
        second = await ask(client, REFERENTIEL, code="CLEA")

    assert kept(app).hits == hits + 1
    assert len(counter) == 0, counter.statements  # no session, no lookup: the bytes kept
    assert second.content == first.content
    assert without_request_id(second) == without_request_id(first)
    assert first.headers["x-request-id"] != second.headers["x-request-id"]
    tree = second.json()["data"]["referentiel"]
    assert (tree["certificationCode"], tree["status"]) == ("CLEA", "PUBLISHED")
    assert len(tree["items"]) > 100
    # other variables: another answer, kept apart
    other = await ask(client, REFERENTIEL, code="CLEA_MANAGEMENT")
    assert other.json()["data"]["referentiel"]["certificationCode"] == "CLEA_MANAGEMENT"


async def test_the_graphql_response_media_type_is_honoured_for_a_kept_answer(
    app: Any, client: httpx.AsyncClient
) -> None:
    await ask(client, REFERENTIEL, code="CLEA")
    hits = kept(app).hits
    response = await client.post(
        "/graphql",
        json={"query": REFERENTIEL, "variables": {"code": "CLEA"}},
        headers={**HEADERS, "Accept": "application/graphql-response+json"},
    )
    assert kept(app).hits == hits + 1
    assert response.headers["content-type"].startswith("application/graphql-response+json")


async def test_a_private_field_in_the_same_document_disables_the_kept_answer(
    app: Any, logged_in: Any
) -> None:
    kept(app).clear()
    hits = kept(app).hits
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")

    answers = [
        (await ask(http, WITH_VIEWER, code="CLEA")).json()["data"]
        for http in (adviser, evaluator, adviser, evaluator)
    ]

    emails = [answer["viewer"]["user"]["email"] for answer in answers]
    assert emails == ["conseiller@greta-demo.fr", "evaluatrice@greta-demo.fr"] * 2
    assert (kept(app).hits, len(kept(app))) == (hits, 0)
    # the tree alone, signed in or not: one answer for everyone
    tree = [await ask(http, REFERENTIEL, code="CLEA") for http in (adviser, evaluator)]
    assert tree[0].content == tree[1].content
    assert kept(app).hits == hits + 1


@pytest.mark.parametrize(
    "body",
    [
        {"query": "mutation { logout { errors { code } } }"},
        {"query": "{ viewer { user { email } } }"},
        {"query": "{ __typename }"},
        {"query": "query { ...F } fragment F on Query { certifications { code } }"},
        {"query": "query A { certifications { code } } query B { viewer { activeRoles } }"},
        {
            "query": "query A { certifications { code } } query B { viewer { activeRoles } }",
            "operationName": "B",
        },
        {"query": "{ certifications { code } }", "extensions": {"persistedQuery": {}}},
        {"query": "{ certifications { code } }", "variables": ["not", "an", "object"]},
        {"query": "{ certifications { code "},
        {"query": "{ certifications { " + "code " * 4000 + "} }"},
        {"query": "{ certifications { code } }" + " " * 20_000},
    ],
    ids=[
        "mutation",
        "private root field",
        "typename alone",
        "root fragment",
        "ambiguous operation",
        "private operation",
        "extensions",
        "bad variables",
        "unparsable",
        "too many tokens",
        "too long",
    ],
)
def test_only_documents_of_public_immutable_root_fields_have_a_key(
    app: Any, body: dict[str, Any]
) -> None:
    assert kept(app).key(body) is None


def test_a_public_immutable_document_has_a_key_per_variables(app: Any) -> None:
    base = {"query": REFERENTIEL, "operationName": "Referentiel"}
    clea = kept(app).key({**base, "variables": {"code": "CLEA"}})
    other = kept(app).key({**base, "variables": {"code": "CLEA_NUMERIQUE"}})
    assert clea is not None
    assert other is not None
    assert clea != other
    named = {"query": "query A { certifications { code } } query B { viewer { activeRoles } }"}
    assert kept(app).key({**named, "operationName": "A"}) is not None


async def test_the_csrf_rules_apply_to_a_kept_answer(app: Any, client: httpx.AsyncClient) -> None:
    await ask(client, REFERENTIEL, code="CLEA")
    await ask(client, REFERENTIEL, code="CLEA")
    hits = kept(app).hits
    body = json.dumps({"query": REFERENTIEL, "variables": {"code": "CLEA"}})

    # a session cookie without X-Requested-With
    borrowed = await client.post(
        "/graphql",
        content=body,
        headers={"Content-Type": "application/json", "Cookie": "clea_session=stolen"},
    )
    # a cross-site form
    form = await client.post(
        "/graphql", content=body, headers={"Content-Type": "text/plain", **HEADERS}
    )

    assert borrowed.status_code == form.status_code == 403
    assert borrowed.json()["errors"][0]["extensions"]["code"] == "CSRF_REJECTED"
    assert kept(app).hits == hits


def as_get(query: str, **variables: Any) -> dict[str, str]:
    # One line: the URL guard refuses control characters (web/security.py), newlines too.
    return {"query": " ".join(query.split()), "variables": json.dumps(variables)}


async def test_a_public_read_over_get_carries_an_etag_and_is_revalidated_cheaply(
    app: Any, client: httpx.AsyncClient
) -> None:
    posted = await ask(client, REFERENTIEL, code="CLEA")

    first = await client.get("/graphql", params=as_get(REFERENTIEL, code="CLEA"))
    again = await client.get(
        "/graphql",
        params=as_get(REFERENTIEL, code="CLEA"),
        headers={"If-None-Match": first.headers["etag"]},
    )
    other = await client.get("/graphql", params=as_get(REFERENTIEL, code="CLEA_NUMERIQUE"))

    assert first.status_code == 200
    assert first.json() == posted.json()
    assert first.headers["cache-control"] == "public, no-cache"
    assert first.headers["vary"] == "Accept"
    assert first.headers["etag"].startswith('"')
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert other.status_code == 200
    assert other.headers["etag"] != first.headers["etag"]
    # a cookie changes nothing: the answer is public
    signed = await client.get(
        "/graphql",
        params=as_get(REFERENTIEL, code="CLEA"),
        headers={"Cookie": "clea_session=whatever"},
    )
    assert signed.content == first.content
    assert signed.headers["etag"] == first.headers["etag"]


async def test_a_read_over_get_that_may_change_is_not_to_be_kept(
    app: Any, client: httpx.AsyncClient
) -> None:
    missing = await client.get(
        "/graphql", params=as_get(VERSION, code="CLEA", version="1999-inconnue")
    )

    assert missing.status_code == 200
    assert missing.json()["data"]["referentiel"]["__typename"] == "ReferentielNotFound"
    assert missing.headers["cache-control"] == "no-store"
    assert "etag" not in missing.headers


@pytest.fixture
async def two_instances(
    fresh_settings: Settings, registry: CertificationRegistry
) -> AsyncIterator[tuple[Any, Any]]:
    """Two apps (two processes' worth of caches) on one database of their own."""
    from clea_platform.web.app import create_app

    async with platform_on(fresh_settings, registry) as first:
        second = create_app(fresh_settings, registry)
        async with second.router.lifespan_context(second):
            yield first, second


async def test_a_publication_through_one_instance_is_seen_at_once_by_the_other(
    two_instances: tuple[Any, Any],
) -> None:
    first, second = two_instances
    reader = new_client(second)
    admin = await certifpro_on(first)
    try:
        # Given the published tree kept by the second instance
        before = [await ask(reader, VERSION, code="CLEA_MANAGEMENT") for _ in range(2)]
        assert kept(second).hits == 1
        assert before[0].json()["data"]["referentiel"]["version"] == "2022-areas-1"

        # When Certif'Pro publishes a new version through the first instance
        imported = (
            await admin.post(
                "/graphql",
                json={"query": IMPORT, "variables": {"document": json.dumps(next_version())}},
                headers=HEADERS,
            )
        ).json()
        assert imported["data"]["importReferentielVersion"]["errors"] == []
        # (a draft is never kept, asked twice by its label)
        for _ in range(2):
            draft = await ask(reader, VERSION, code="CLEA_MANAGEMENT", version="2027-areas-2")
            assert draft.json()["data"]["referentiel"]["status"] == "DRAFT"
        # (nor a version not found)
        for _ in range(2):
            missing = await ask(reader, VERSION, code="CLEA_MANAGEMENT", version="1999-x")
            assert missing.json()["data"]["referentiel"]["__typename"] == "ReferentielNotFound"
        hits = kept(second).hits
        tag = (
            await reader.get("/graphql", params=as_get(VERSION, code="CLEA_MANAGEMENT"))
        ).headers["etag"]
        published = (
            await admin.post(
                "/graphql",
                json={
                    "query": PUBLISH,
                    "variables": {"code": "CLEA_MANAGEMENT", "version": "2027-areas-2"},
                },
                headers=HEADERS,
            )
        ).json()
        assert published["data"]["publishReferentielVersion"]["errors"] == []

        # Then the next request to the second instance answers the new version
        after = await ask(reader, VERSION, code="CLEA_MANAGEMENT")
        tree = after.json()["data"]["referentiel"]
        assert (tree["version"], tree["status"]) == ("2027-areas-2", "PUBLISHED")
        assert "4" in {item["code"] for item in tree["items"]}
        revalidated = await reader.get(
            "/graphql",
            params=as_get(VERSION, code="CLEA_MANAGEMENT"),
            headers={"If-None-Match": tag},
        )
        assert revalidated.status_code == 200
        assert revalidated.headers["etag"] != tag
        assert revalidated.content == after.content
        hits = kept(second).hits
        # and the version published before is kept apart, retired
        retired = await ask(reader, VERSION, code="CLEA_MANAGEMENT", version="2022-areas-1")
        assert retired.json()["data"]["referentiel"]["status"] == "RETIRED"
        # then kept again, for the new publication state
        assert (await ask(reader, VERSION, code="CLEA_MANAGEMENT")).content == after.content
        assert kept(second).hits == hits + 1
    finally:
        await reader.aclose()
        await admin.aclose()


class CountedReads(PublicResponses):
    """Reads that return their own number and wait for the test's signal."""

    def __init__(self) -> None:
        super().__init__(engine=None)  # type: ignore[arg-type]
        self.reads = 0
        self.release = asyncio.Event()

    async def _read(self) -> Any:
        self.reads += 1
        number = self.reads
        await self.release.wait()
        return ((str(number), "published"),)


async def test_concurrent_requests_share_a_read_that_started_after_they_arrived() -> None:
    responses = CountedReads()
    # a read in flight, then five requests arrive
    first = asyncio.create_task(responses.publication_state())
    await asyncio.sleep(0)
    later = [asyncio.create_task(responses.publication_state()) for _ in range(5)]
    await asyncio.sleep(0)

    responses.release.set()
    states = await asyncio.gather(first, *later)

    # the first read may predate a publication the five must see: they share a second one
    assert states[0] == (("1", "published"),)
    assert set(states[1:]) == {(("2", "published"),)}
    assert responses.reads == 2
