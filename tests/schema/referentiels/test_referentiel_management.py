"""Certif'Pro prepares a new référentiel version from its screens: it previews the file
against the published version, imports it as a draft, then publishes or discards it.

The same checks as ``clea referentiel import``; nothing is stored from a refused file.
"""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.db.migrate import upgrade
from clea_platform.demo.data import DEMO_PASSWORD, load_demo
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.schema import immutable
from clea_platform.web.app import create_app
from tests.conftest import new_client
from tests.databases import throwaway_database
from tests.schema.identity.conftest import LOGIN, post

BUNDLED = json.loads(
    (Path(__file__).resolve().parents[3] / "plugins/clea_management/referentiel.json").read_text()
)

PREVIEW = """
mutation ($document: String!) {
  previewReferentielVersion(input: {document: $document}) {
    diff { certificationCode version baseVersion
           added { code title } removed { code title } renamed { code title previousTitle } }
    errors { code field message }
  }
}
"""
IMPORT = """
mutation ($document: String!) {
  importReferentielVersion(input: {document: $document}) {
    version { version status }
    diff { added { code } removed { code } renamed { code } }
    errors { code field message }
  }
}
"""
PUBLISH = """
mutation ($code: String!, $version: String!) {
  publishReferentielVersion(input: {certificationCode: $code, version: $version}) {
    version { version status publishedAt } errors { code field message }
  }
}
"""
DISCARD = """
mutation ($code: String!, $version: String!) {
  discardReferentielVersion(input: {certificationCode: $code, version: $version}) {
    version { version status } errors { code field message }
  }
}
"""
VERSIONS = """
query ($code: String!) { referentielVersions(certificationCode: $code) { version status } }
"""
PUBLISHED = """
query { referentiel(code: "CLEA_MANAGEMENT") { ... on ReferentielVersion { version } } }
"""


def next_version(label: str = "2027-areas-2") -> dict[str, Any]:
    """The bundled CléA Management file with area 2 renamed, area 3 replaced by area 4."""
    document = copy.deepcopy(BUNDLED)
    document["version"] = label
    document["domains"][1]["title"] = "Animer, encadrer et fédérer l'équipe de travail"
    document["domains"][2] = {"code": "4", "title": "Piloter le travail à distance"}
    return document


@asynccontextmanager
async def platform_on(settings: Settings, registry: CertificationRegistry) -> AsyncIterator[Any]:
    """The app on a migrated database of its own, with the demo people."""
    upgrade(settings)
    # The demo first: the app's background rounds start with its lifespan, and on SQLite
    # a transaction that read before another connection committed cannot write any more.
    engine = create_engine_for(settings)
    async with session_factory(engine).begin() as session:
        await load_demo(session, registry)
    await engine.dispose()
    app = create_app(settings, registry)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture(scope="module")
async def own_platform(
    tmp_path_factory: pytest.TempPathFactory,
    base_settings: Settings,
    registry: CertificationRegistry,
) -> AsyncIterator[Any]:
    """Drafts stay out of the suite's shared database, whose référentiel tests count the
    versions; the tests here use labels of their own and only one publishes (on a
    database of its own again: the others compare with the published version)."""
    with throwaway_database(tmp_path_factory.mktemp("referentiel-versions")) as database:
        async with platform_on(database.settings(base_settings), registry) as app:
            yield app


async def certifpro_on(app: Any) -> httpx.AsyncClient:
    """A client logged in as Certif'Pro's administrator (already open: close it after)."""
    admin = new_client(app)
    login = await post(admin, LOGIN, email="admin@certifpro.demo", password=DEMO_PASSWORD)
    assert login["data"]["login"]["errors"] == []
    return admin


@pytest.fixture
async def certifpro(own_platform: Any) -> AsyncIterator[httpx.AsyncClient]:
    admin = await certifpro_on(own_platform)
    yield admin
    await admin.aclose()


async def versions(client: httpx.AsyncClient) -> dict[str, str]:
    answer = await post(client, VERSIONS, code="CLEA_MANAGEMENT")
    return {v["version"]: v["status"] for v in answer["data"]["referentielVersions"]}


async def test_certifpro_previews_a_new_version_against_the_published_one(
    certifpro: httpx.AsyncClient,
) -> None:
    answer = await post(certifpro, PREVIEW, document=json.dumps(next_version("preview-1")))

    payload = answer["data"]["previewReferentielVersion"]
    assert payload["errors"] == []
    assert payload["diff"] == {
        "certificationCode": "CLEA_MANAGEMENT",
        "version": "preview-1",
        "baseVersion": "2022-areas-1",
        "added": [{"code": "4", "title": "Piloter le travail à distance"}],
        "removed": [
            {
                "code": "3",
                "title": "Accompagner les salariés et favoriser le développement de leurs "
                "compétences",
            }
        ],
        "renamed": [
            {
                "code": "2",
                "title": "Animer, encadrer et fédérer l'équipe de travail",
                "previousTitle": "Animer et encadrer l'équipe de travail",
            }
        ],
    }
    assert "preview-1" not in await versions(certifpro)


async def test_an_imported_version_is_a_draft_that_new_dossiers_do_not_use(
    certifpro: httpx.AsyncClient,
) -> None:
    answer = await post(certifpro, IMPORT, document=json.dumps(next_version("draft-1")))

    payload = answer["data"]["importReferentielVersion"]
    assert payload["errors"] == []
    assert payload["version"] == {"version": "draft-1", "status": "DRAFT"}
    assert payload["diff"] == {
        "added": [{"code": "4"}],
        "removed": [{"code": "3"}],
        "renamed": [{"code": "2"}],
    }
    assert (await versions(certifpro))["draft-1"] == "DRAFT"
    published = await post(certifpro, PUBLISHED)
    assert published["data"]["referentiel"]["version"] == "2022-areas-1"


async def test_publishing_a_draft_retires_the_version_published_before(
    fresh_settings: Settings, registry: CertificationRegistry
) -> None:
    async with platform_on(fresh_settings, registry) as app:
        admin = await certifpro_on(app)
        await post(admin, IMPORT, document=json.dumps(next_version()))

        answer = await post(admin, PUBLISH, code="CLEA_MANAGEMENT", version="2027-areas-2")

        payload = answer["data"]["publishReferentielVersion"]
        assert payload["errors"] == []
        assert payload["version"]["status"] == "PUBLISHED"
        assert payload["version"]["publishedAt"]
        assert await versions(admin) == {"2027-areas-2": "PUBLISHED", "2022-areas-1": "RETIRED"}
        published = await post(admin, PUBLISHED)
        assert published["data"]["referentiel"]["version"] == "2027-areas-2"
        again = await post(admin, PUBLISH, code="CLEA_MANAGEMENT", version="2027-areas-2")
        [problem] = again["data"]["publishReferentielVersion"]["errors"]
        assert problem["code"] == "NOT_A_DRAFT"
        await admin.aclose()


async def test_a_draft_can_be_discarded_but_a_published_version_cannot(
    certifpro: httpx.AsyncClient,
) -> None:
    await post(certifpro, IMPORT, document=json.dumps(next_version("discarded-1")))

    discarded = await post(certifpro, DISCARD, code="CLEA_MANAGEMENT", version="discarded-1")
    refused = await post(certifpro, DISCARD, code="CLEA_MANAGEMENT", version="2022-areas-1")

    assert discarded["data"]["discardReferentielVersion"]["version"]["status"] == "RETIRED"
    [problem] = refused["data"]["discardReferentielVersion"]["errors"]
    assert problem["code"] == "NOT_A_DRAFT"
    assert "déjà publiée" in problem["message"]
    stored = await versions(certifpro)
    assert (stored["discarded-1"], stored["2022-areas-1"]) == ("RETIRED", "PUBLISHED")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(version="2022-areas-1"), "$.version"),
        (lambda d: d["certification"].update(code="CLEA_CUISINE"), "$.certification.code"),
        (lambda d: d["domains"][0].pop("title"), "$.domains[0]"),
    ],
    ids=["version already stored", "unknown certification", "node without title"],
)
async def test_a_refused_file_lists_its_problems_in_french_and_stores_nothing(
    certifpro: httpx.AsyncClient, change: Any, expected: str
) -> None:
    document = next_version("refused-1")
    change(document)
    before = await versions(certifpro)

    for operation, name in (
        (PREVIEW, "previewReferentielVersion"),
        (IMPORT, "importReferentielVersion"),
    ):
        payload = (await post(certifpro, operation, document=json.dumps(document)))["data"][name]
        assert payload["errors"], payload
        assert {problem["code"] for problem in payload["errors"]} == {"INVALID_FILE"}
        assert any(problem["message"].startswith(expected) for problem in payload["errors"])
        assert all("rien n'est enregistré" in p["message"] for p in payload["errors"])

    assert await versions(certifpro) == before


async def test_a_file_that_is_not_json_is_refused(certifpro: httpx.AsyncClient) -> None:
    answer = await post(certifpro, PREVIEW, document="domaines;titres\n1;Organiser")

    [problem] = answer["data"]["previewReferentielVersion"]["errors"]
    assert problem["code"] == "INVALID_FILE"
    assert problem["message"].startswith("$ :")


async def test_publishing_an_unknown_version_says_so(certifpro: httpx.AsyncClient) -> None:
    answer = await post(certifpro, PUBLISH, code="CLEA_MANAGEMENT", version="1999-x")

    [problem] = answer["data"]["publishReferentielVersion"]["errors"]
    assert problem == {
        "code": "NOT_FOUND",
        "field": "version",
        "message": "La certification « CLEA_MANAGEMENT » n'a pas de version « 1999-x ».",
    }


TREE = """
query ($code: String!, $version: String) {
  referentiel(code: $code, version: $version) {
    ... on ReferentielVersion { id status levels { depth count } items { code title } }
  }
}
"""


def cached_versions() -> set[str]:
    """The versions whose tree is answered from memory (``schema/immutable.py``)."""
    return {str(key[1]) for key in immutable._completed}


async def test_a_published_tree_is_answered_from_memory_but_never_a_drafts(
    certifpro: httpx.AsyncClient,
) -> None:
    # Given a draft next to the published version
    imported = await post(certifpro, IMPORT, document=json.dumps(next_version("draft-cache")))
    assert imported["data"]["importReferentielVersion"]["errors"] == []

    # When each tree is read twice
    published = [await post(certifpro, TREE, code="CLEA_MANAGEMENT") for _ in range(2)]
    draft = [
        await post(certifpro, TREE, code="CLEA_MANAGEMENT", version="draft-cache") for _ in range(2)
    ]

    # Then both answers are the same each time; only the published version is kept
    assert published[0] == published[1]
    assert draft[0] == draft[1]
    version = published[0]["data"]["referentiel"]
    kept = draft[0]["data"]["referentiel"]
    assert (version["status"], kept["status"]) == ("PUBLISHED", "DRAFT")
    assert [i["code"] for i in kept["items"]][:1] == ["1"]
    assert version["id"] in cached_versions()
    assert kept["id"] not in cached_versions()
