"""Imports through the API: upload over HTTP, the report and progress through GraphQL,
confirm with a typed payload; another organisation can neither read nor confirm them."""

from __future__ import annotations

import csv
import io
import urllib.parse
import uuid
from typing import Any

import httpx
import pytest

from clea_platform.core.config import Settings
from clea_platform.exchange import service
from clea_platform.plugins.registry import CertificationRegistry
from tests.exchange.conftest import csv_file, person
from tests.jobs.conftest import run_queued_jobs
from tests.schema.identity.conftest import GRAPHQL_HEADERS, LoggedIn, post

BATCH = """
query ($id: ID!) { importBatch(id: $id) { __typename
  ... on ImportBatch { id status rowCount rowsDone problemCount createdCount inBackground
    problems { row column reason } }
  ... on NotFound { message } } }
"""
IMPORTS = "{ imports { id filename status createdCount } }"
CONFIRM = """
mutation ($id: ID!) { confirmImport(input: {id: $id}) {
  importBatch { id status createdCount } errors { code field message } } }
"""
DISCARD = """
mutation ($id: ID!) { discardImport(input: {id: $id}) {
  discardedId errors { code field message } } }
"""


def unique_rows(count: int, **changes: str) -> list[dict[str, str]]:
    """Rows for people no other test imports (the session database is shared)."""
    base = uuid.uuid4().int % 10_000_000
    return [person(base + index, **changes) for index in range(count)]


async def upload(
    http: httpx.AsyncClient, data: bytes, filename: str = "liste.csv"
) -> httpx.Response:
    return await http.put(
        "/exchange/imports/candidats",
        content=data,
        headers={**GRAPHQL_HEADERS, "X-Filename": urllib.parse.quote(filename)},
    )


async def batch_of(http: httpx.AsyncClient, batch_id: str) -> dict[str, Any]:
    body = await post(http, BATCH, id=batch_id)
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["importBatch"]
    return found


async def test_upload_report_then_confirm_through_the_api(
    logged_in: LoggedIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Written rows leave the request's session after each row (as every 500 in production).
    monkeypatch.setattr(service, "CONFIRM_BATCH", 1)
    adviser = await logged_in("conseiller@greta-demo.fr")

    uploaded = await upload(adviser, csv_file(unique_rows(2)), "inscrits novembre.csv")
    assert uploaded.status_code == 201, uploaded.text
    batch_id = uploaded.json()["id"]
    validated = await batch_of(adviser, batch_id)
    assert (validated["status"], validated["rowCount"], validated["problemCount"]) == (
        "VALIDATED",
        2,
        0,
    )

    confirmed = (await post(adviser, CONFIRM, id=batch_id))["data"]["confirmImport"]

    assert confirmed["errors"] == []
    assert confirmed["importBatch"]["status"] == "CONFIRMED"
    assert confirmed["importBatch"]["createdCount"] == 2
    listed = (await post(adviser, IMPORTS))["data"]["imports"]
    assert {"id": batch_id, "filename": "inscrits novembre.csv", "status": "CONFIRMED",
            "createdCount": 2} in listed  # fmt: skip


async def test_a_bad_file_is_reported_and_its_report_downloads_as_csv(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    rows = unique_rows(2)
    rows[1]["Financeur"] = "Mécénat"

    batch_id = (await upload(adviser, csv_file(rows))).json()["id"]
    rejected = await batch_of(adviser, batch_id)
    confirmed = (await post(adviser, CONFIRM, id=batch_id))["data"]["confirmImport"]
    report = await adviser.get(f"/exchange/imports/{batch_id}/rapport.csv")

    assert rejected["status"] == "REJECTED"
    assert rejected["problems"][0]["row"] == 3
    assert rejected["problems"][0]["column"] == "Financeur"
    assert "Mécénat" in rejected["problems"][0]["reason"]
    assert confirmed["importBatch"] is None
    assert [e["code"] for e in confirmed["errors"]] == ["INVALID_STATE"]
    assert report.status_code == 200
    lines = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["Ligne", "Colonne", "Motif"]
    assert lines[1][:2] == ["3", "Financeur"]
    assert lines[1][2].startswith("Valeur inconnue « Mécénat » : valeurs acceptées : Compte")


async def test_the_template_downloads_with_the_french_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/exchange/imports/modeles/candidats.csv")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").startswith("Civilité;Nom de naissance;")


async def test_a_file_that_is_not_a_spreadsheet_is_reported_not_crashed(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")

    batch_id = (await upload(adviser, b"\x89PNG\r\n\x1a\n\x00\x00", "photo.png")).json()["id"]
    rejected = await batch_of(adviser, batch_id)

    assert rejected["status"] == "REJECTED"
    assert rejected["problems"] == [
        {
            "row": 1,
            "column": "",
            "reason": "Ce fichier n'est pas un tableur : envoyez un fichier CSV (séparateur « ; » "
            "ou « , ») ou XLSX.",
        }
    ]


async def test_an_upload_without_the_csrf_header_or_by_a_viewer_is_refused(
    logged_in: LoggedIn, client: httpx.AsyncClient
) -> None:
    evaluator = await logged_in("evaluatrice@greta-demo.fr")

    anonymous = await client.put(
        "/exchange/imports/candidats", content=b"x", headers=GRAPHQL_HEADERS
    )
    no_header = await evaluator.put("/exchange/imports/candidats", content=b"x")
    forbidden = await upload(evaluator, csv_file(unique_rows(1)))

    assert anonymous.status_code == 401
    assert no_header.status_code == 403
    assert forbidden.status_code == 403


async def test_another_organisation_can_neither_read_confirm_discard_nor_download_an_import(
    logged_in: LoggedIn,
) -> None:
    greta = await logged_in("conseiller@greta-demo.fr")
    afpa = await logged_in("admin@afpa-demo.fr")
    batch_id = (await upload(greta, csv_file(unique_rows(1)), "greta-secret.csv")).json()["id"]

    read = await batch_of(afpa, batch_id)
    listed = (await post(afpa, IMPORTS))["data"]["imports"]
    confirmed = (await post(afpa, CONFIRM, id=batch_id))["data"]["confirmImport"]
    discarded = (await post(afpa, DISCARD, id=batch_id))["data"]["discardImport"]
    report = await afpa.get(f"/exchange/imports/{batch_id}/rapport.csv")

    assert read == {"__typename": "NotFound", "message": "Import introuvable."}
    assert batch_id not in {row["id"] for row in listed}
    assert [e["code"] for e in confirmed["errors"]] == ["NOT_FOUND"]
    assert [e["code"] for e in discarded["errors"]] == ["NOT_FOUND"]
    assert report.status_code == 404
    # The Greta's import is untouched.
    assert (await batch_of(greta, batch_id))["status"] == "VALIDATED"


async def test_an_unconfirmed_import_can_be_discarded(logged_in: LoggedIn) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    batch_id = (await upload(adviser, csv_file(unique_rows(1)))).json()["id"]

    discarded = (await post(adviser, DISCARD, id=batch_id))["data"]["discardImport"]

    assert discarded == {"discardedId": batch_id, "errors": []}
    assert (await batch_of(adviser, batch_id))["__typename"] == "NotFound"


async def test_a_large_file_is_validated_and_confirmed_by_a_background_job(
    logged_in: LoggedIn,
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
    registry: CertificationRegistry,
) -> None:
    # The threshold lowered so that a small file goes through the job runner.
    monkeypatch.setattr(service, "INLINE_MAX_BYTES", 100)
    monkeypatch.setattr(service, "PROGRESS_EVERY", 2)
    adviser = await logged_in("conseiller@greta-demo.fr")

    uploaded = (await upload(adviser, csv_file(unique_rows(5)))).json()
    assert uploaded["inBackground"] is True
    await run_queued_jobs(settings, registry)
    validated = await batch_of(adviser, uploaded["id"])
    confirming = (await post(adviser, CONFIRM, id=uploaded["id"]))["data"]["confirmImport"]
    await run_queued_jobs(settings, registry)
    confirmed = await batch_of(adviser, uploaded["id"])

    assert (validated["status"], validated["rowsDone"], validated["rowCount"]) == (
        "VALIDATED",
        5,
        5,
    )
    assert confirming["importBatch"]["status"] == "CONFIRMING"
    assert (confirmed["status"], confirmed["createdCount"], confirmed["rowsDone"]) == (
        "CONFIRMED",
        5,
        5,
    )


async def test_certif_pro_downloads_the_certified_candidates_in_the_certifier_format(
    logged_in: LoggedIn,
) -> None:
    admin = await logged_in("admin@certifpro.demo")
    adviser = await logged_in("conseiller@greta-demo.fr")

    exported = await admin.get("/exchange/certifies.csv")
    refused = await adviser.get("/exchange/certifies.csv")

    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    header = exported.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("SIREN de l'organisme;Siret de l'établissement;")
    assert header.endswith(";CCPI;Statut;Obtention après la première évaluation ?")
    assert refused.status_code == 403


async def test_the_certifier_format_has_its_own_template(client: httpx.AsyncClient) -> None:
    response = await client.get("/exchange/imports/modeles/certificateur.csv")

    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").startswith("SIREN de l'organisme;")


async def test_the_public_directory_downloads_as_open_data(
    client: httpx.AsyncClient, logged_in: LoggedIn
) -> None:
    # The demo is loaded by ``logged_in``: the Greta's accredited site is public.
    await logged_in("conseiller@greta-demo.fr")

    response = await client.get("/exchange/annuaire.csv")

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Organisme", "Établissement", "Adresse"]
    assert any("CléA" in row[9] for row in rows[1:])
    # No identifiers beyond what the directory page shows (no SIREN, no SIRET).
    assert not any("13002526500013" in cell for row in rows for cell in row)
