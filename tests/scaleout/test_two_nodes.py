"""Two app nodes, separate data folders, one database: nothing lives on one node's disk.

Two real ``clea serve`` processes on two ports, each with its own ``CLEA_DATA_DIR``,
``CLEA_STORAGE=postgresql`` and the same database. An organisation's administrator signs
in on the first node, uploads a supporting PDF to an accreditation application there,
and downloads it from the second node (same bytes) with the same session cookie: the
session and the document are in the database. With ``CLEA_STORAGE=local`` (each node its
own folder) the second node cannot find the file — the case the setting exists for.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.databases import engine_under_test, throwaway_database
from tests.scaleout.nodes import clea, nodes

ADMIN = "admin@afpa-demo.fr"
PASSWORD = "Plateforme-CleA-demo"
REQUIREMENT = "certificat-qualiopi"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% deux noeuds\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def graphql(http: httpx.Client, query: str, **variables: Any) -> dict[str, Any]:
    response = http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"X-Requested-With": "clea-web"},
    )
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def database_env(tmp_path: Path, url: str, migration_url: str) -> dict[str, str]:
    env = {"CLEA_ENV": "development", "CLEA_SECRET_KEY": "deux-noeuds-" + "s" * 40}
    if engine_under_test() == "sqlite":
        # One SQLite file outside both nodes' folders (what they share, as a server would be).
        env["CLEA_DATABASE_URL"] = url
    else:
        env["CLEA_DATABASE_URL"] = url
        env["CLEA_MIGRATION_DATABASE_URL"] = migration_url
    return env


def upload_then_download(tmp_path: Path, storage: str) -> tuple[bytes, int, list[int]]:
    """Upload on node 1, download on node 2: node 2's body and status, and how many
    PDFs each node's folder holds."""
    with throwaway_database(tmp_path) as database:
        env = database_env(tmp_path, database.url, database.migration_url)
        env["CLEA_STORAGE"] = storage
        setup = {**os.environ, **env, "CLEA_DATA_DIR": str(tmp_path / "setup")}
        clea("db", "upgrade", env=setup)
        clea("demo", "--base", env=setup)
        with nodes(tmp_path / storage, env) as (first, second):
            with httpx.Client(base_url=first.url, timeout=30) as on_first:
                signed_in = graphql(
                    on_first,
                    "mutation ($e: String!, $p: String!) { login(input: {email: $e,"
                    " password: $p}) { errors { message } } }",
                    e=ADMIN,
                    p=PASSWORD,
                )
                assert signed_in["login"]["errors"] == []
                campaigns = graphql(on_first, "{ campaigns(openOnly: true) { id title } }")
                campaign = campaigns["campaigns"][0]["id"]
                started = graphql(
                    on_first,
                    "mutation ($c: ID!) { startApplication(input: {campaignId: $c})"
                    " { application { id } errors { message } } }",
                    c=campaign,
                )
                assert started["startApplication"]["errors"] == [], started
                application = started["startApplication"]["application"]["id"]
                path = f"/accreditation-applications/{application}/documents/{REQUIREMENT}"
                uploaded = on_first.put(
                    path,
                    content=PDF,
                    headers={"X-Requested-With": "clea-web", "X-Filename": "qualiopi.pdf"},
                )
                assert uploaded.status_code == 201, uploaded.text
                # The same browser, its next request sent by the load balancer to node 2.
                with httpx.Client(
                    base_url=second.url, timeout=30, cookies=on_first.cookies
                ) as on_second:
                    downloaded = on_second.get(path)
            on_disk = [len(list(n.data_dir.glob("documents/**/*.pdf"))) for n in (first, second)]
            return downloaded.content, downloaded.status_code, on_disk


def test_a_document_uploaded_through_one_node_is_downloaded_through_the_other(
    tmp_path: Path,
) -> None:
    content, status, on_disk = upload_then_download(tmp_path, "postgresql")
    assert (status, content) == (200, PDF)
    assert on_disk == [0, 0]


@pytest.mark.skipif(engine_under_test() != "postgresql", reason="one run is enough")
def test_with_local_folders_the_other_node_does_not_have_the_file(tmp_path: Path) -> None:
    # Why the setting exists: each node's folder holds only what it received itself.
    _, status, on_disk = upload_then_download(tmp_path, "local")
    assert on_disk == [1, 0]
    assert status == 500
