"""The candidate's data as a PDF (beside the JSON): readable French, every organisation
holding their data, nobody else's; refused to anybody but a signed-in candidate."""

from __future__ import annotations

import io
from typing import Any

import pypdf

from tests.candidate_space.helpers import invited_candidate, seed_candidate, seed_organisation
from tests.conftest import new_client

PDF = "/documents/candidate-space/mes-donnees.pdf"


def text_of(content: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


async def test_the_candidate_downloads_their_data_as_a_readable_pdf(app: Any) -> None:
    # Given Léa followed by two organisations (the same person), and Hugo at the first one
    greta = await seed_organisation(app, "Greta")
    afpa = await seed_organisation(app, "Afpa")
    lea = await seed_candidate(
        app, greta, first_names="Léa", birth_name="Pdf-Nguyen", address="8 rue de Meaux"
    )
    await seed_candidate(
        app, afpa, first_names="LÉA", birth_name="pdf nguyen", email=lea.email, certified=True
    )
    await seed_candidate(app, greta, first_names="Hugo", birth_name="Pdf-Autre")
    browser = await invited_candidate(app, lea)

    response = await browser.get(PDF)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="mes-donnees-clea.pdf"' in response.headers["content-disposition"]
    assert response.headers["cache-control"] == "private, no-store"
    pages, text = text_of(response.content)
    assert pages >= 1
    flat = " ".join(text.split())
    assert "Mes données personnelles" in flat
    assert "2 organisme(s)" in flat
    # Both organisations, in French words, dates as a French reader writes them
    assert greta.name in flat
    assert afpa.name in flat
    assert "Nom de naissance Pdf-Nguyen" in flat
    assert "Date de naissance 02/04/1990" in flat
    assert "Adresse 8 rue de Meaux" in flat
    assert "Situation à l'inscription Demandeur d'emploi" in flat
    assert "Civilité Madame" in flat
    assert "Niveau d'études CAP, BEP (niveau 3)" in flat
    assert "Évaluation préalable (terminée)" in flat
    assert "Votre dossier CLEA" in flat
    assert "Accord donné le" in flat
    # Nothing of another candidate, no technical identifiers
    assert "Pdf-Autre" not in flat
    assert str(lea.candidate_id) not in flat
    assert "identity_key" not in flat


async def test_only_a_signed_in_candidate_gets_a_data_pdf(app: Any) -> None:
    greta = await seed_organisation(app, "Greta")
    async with new_client(app) as anonymous:
        assert (await anonymous.get(PDF)).status_code == 401
    assert (await greta.adviser.get(PDF)).status_code == 403
