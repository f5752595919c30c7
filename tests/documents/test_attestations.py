"""Issuing the attestation of the skills acquired when gaps remain (service layer)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.documents import attestations
from clea_platform.documents.models import PartialAttestation
from clea_platform.evaluations import service as evaluations
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from tests.dossiers.conftest import MANAGEMENT_GAP, Pathway


async def test_a_partial_attestation_lists_what_was_acquired_in_a_one_page_tagged_pdf(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry, pathway: Pathway
) -> None:
    _, evaluation, _ = await pathway.evaluated("CLEA_MANAGEMENT", MANAGEMENT_GAP)

    attestation = await attestations.issue(db_session, greta, registry, evaluation.id)
    again = await attestations.issue(db_session, greta, registry, evaluation.id)
    document = PdfReader(io.BytesIO(attestations.pdf(registry, attestation)))

    assert again.reference == attestation.reference
    assert attestation.reference.startswith("ATT-")
    assert len(document.pages) == 1
    text = document.pages[0].extract_text()
    assert "Attestation des compétences acquises" in text
    assert "Léa Durand" in text
    assert "Greta démo Paris Centre" in text
    assert "Organiser les activités" in text  # area 1, acquired
    assert "Animer et encadrer" not in text  # area 2, not acquired
    assert attestation.reference in text
    assert document.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged PDF
    assert document.trailer["/Root"]["/Lang"] == "fr"


async def test_nothing_to_attest_when_everything_was_acquired_or_the_grid_is_open(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry, pathway: Pathway
) -> None:
    _, acquired, _ = await pathway.evaluated(
        "CLEA_MANAGEMENT", {"1": "acquis", "2": "acquis", "3": "acquis"}
    )
    still_open = await pathway.evaluation(await pathway.dossier("CLEA_MANAGEMENT"))

    with pytest.raises(evaluations.EvaluationError) as everything:
        await attestations.issue(db_session, greta, registry, acquired.id)
    with pytest.raises(evaluations.EvaluationError) as open_grid:
        await attestations.issue(db_session, greta, registry, still_open.id)

    assert everything.value.code == evaluations.EvaluationErrorCode.INVALID_STATE
    assert "le dossier va au jury" in everything.value.message
    assert open_grid.value.message == "L'évaluation doit être close pour attester."
    issued = select(func.count()).where(
        PartialAttestation.evaluation_id.in_([acquired.id, still_open.id])
    )
    assert await db_session.scalar(issued) == 0
