"""Reading one dossier: the dossier, or "not found" in one shape for missing and malformed."""

from __future__ import annotations

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import new_dossier

DOSSIER = """
query ($id: ID!) { dossier(id: $id) {
  __typename ... on Dossier { id status referentielVersion { certificationCode } }
  ... on NotFound { message asked: requestedId } } }
"""


async def test_a_dossier_is_read_or_not_found_in_french(logged_in: LoggedIn) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    _, opened = await new_dossier(adviser, "Lecture-Dossier")
    dossier = opened["dossier"]["id"]

    found = await post(adviser, DOSSIER, id=dossier)
    unknown = await post(adviser, DOSSIER, id="01900000-0000-7000-8000-000000000000")
    malformed = await post(adviser, DOSSIER, id="pas-un-identifiant")

    assert found["data"]["dossier"] == {
        "__typename": "Dossier",
        "id": dossier,
        "status": "OPENED",
        "referentielVersion": {"certificationCode": "CLEA_MANAGEMENT"},
    }
    for answer, asked in (
        (unknown, "01900000-0000-7000-8000-000000000000"),
        (malformed, "pas-un-identifiant"),
    ):
        assert answer["data"]["dossier"] == {
            "__typename": "NotFound",
            "message": "Dossier introuvable.",
            "asked": asked,
        }
