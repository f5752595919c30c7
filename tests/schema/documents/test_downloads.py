"""Downloading documents: the domain's access rule decides, the route only translates.

A partial attestation is for any member of its organisation; a GDPR export for the
organisation's administrators. Refusals come back as 401, 403 and 404 with a French
``detail``; another organisation's document is simply not found.
"""

from __future__ import annotations

import secrets
from typing import Any

import httpx
import pytest

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import (
    ATTEST,
    CLOSE,
    SAVE,
    new_dossier,
    started_evaluation,
)

UNAUTHENTICATED = {"detail": "Authentification requise : connectez-vous."}
FORBIDDEN = {"detail": "Accès refusé."}
NOT_FOUND = {"detail": "Document introuvable."}
MALFORMED = "/documents/attestations/pas-un-identifiant.pdf"


async def documents_of_greta(logged_in: LoggedIn) -> tuple[str, str]:
    """A Greta candidate with an attestation of their acquired skills: (attestation URL,
    GDPR export URL)."""
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    candidate, opened = await new_dossier(adviser, f"Téléchargée-{secrets.token_hex(4)}")
    evaluation = (await started_evaluation(evaluator, opened["dossier"]["id"]))["id"]
    results = [
        {"itemCode": "1", "value": "acquis"},
        {"itemCode": "2", "value": "non_acquis"},
        {"itemCode": "3", "value": "acquis"},
    ]
    await post(evaluator, SAVE, id=evaluation, revision=0, results=results)
    await post(evaluator, CLOSE, id=evaluation)
    issued = (await post(evaluator, ATTEST, id=evaluation))["data"]["issuePartialAttestation"]
    return (
        issued["attestation"]["downloadUrl"],
        f"/documents/candidates/{candidate}/export.pdf",
    )


async def audited(logged_in: LoggedIn, operation: str) -> list[list[str]]:
    admin = await logged_in("admin@greta-demo.fr")
    events = await post(
        admin,
        "query ($op: String!) { auditEvents(filter: {operation: $op}, first: 100) "
        "{ edges { node { objectIds } } } }",
        op=operation,
    )
    return [edge["node"]["objectIds"] for edge in events["data"]["auditEvents"]["edges"]]


async def test_any_member_downloads_an_attestation_and_the_download_is_audited(
    logged_in: LoggedIn,
) -> None:
    attestation, _ = await documents_of_greta(logged_in)
    trainer = await logged_in("formateur@greta-demo.fr")

    pdf = await trainer.get(attestation)

    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith('inline; filename="ATT-')
    assert pdf.headers["cache-control"] == "private, no-store"
    assert pdf.content.startswith(b"%PDF")
    attestation_id = attestation.removeprefix("/documents/attestations/").removesuffix(".pdf")
    assert [attestation_id] in await audited(logged_in, "partial_attestation.download")


async def test_an_org_admin_downloads_the_gdpr_export_as_an_attachment(
    logged_in: LoggedIn,
) -> None:
    _, export = await documents_of_greta(logged_in)
    admin = await logged_in("admin@greta-demo.fr")

    pdf = await admin.get(export)

    assert pdf.status_code == 200
    candidate = export.split("/")[3]
    assert pdf.headers["content-disposition"] == f'attachment; filename="export-{candidate}.pdf"'
    assert pdf.content.startswith(b"%PDF")
    assert [candidate] in await audited(logged_in, "candidate.export")


@pytest.mark.parametrize(
    ("who", "document", "status", "answer"),
    [
        (None, "attestation", 401, UNAUTHENTICATED),
        (None, "export", 401, UNAUTHENTICATED),
        # Certif'Pro's admin has no organisation of their own to read it in
        ("admin@certifpro.demo", "attestation", 403, FORBIDDEN),
        ("conseiller@greta-demo.fr", "export", 403, FORBIDDEN),
        ("evaluatrice@greta-demo.fr", "export", 403, FORBIDDEN),
        # Another organisation's documents do not exist for it
        ("admin@afpa-demo.fr", "attestation", 404, NOT_FOUND),
        ("admin@afpa-demo.fr", "export", 404, NOT_FOUND),
        ("conseiller@greta-demo.fr", "malformed", 404, NOT_FOUND),
    ],
)
async def test_a_refused_download_says_why_in_french_and_gives_nothing_away(
    who: str | None,
    document: str,
    status: int,
    answer: dict[str, str],
    logged_in: LoggedIn,
    client: httpx.AsyncClient,
) -> None:
    attestation, export = await documents_of_greta(logged_in)
    http: Any = client if who is None else await logged_in(who)
    url = {"attestation": attestation, "export": export, "malformed": MALFORMED}[document]

    response = await http.get(url)

    assert response.status_code == status
    assert response.json() == answer
