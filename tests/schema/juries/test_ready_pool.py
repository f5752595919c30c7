"""Certif'Pro's pool of « prêt pour le jury » dossiers names the candidates, for the agenda."""

from __future__ import annotations

from clea_platform.core.config import Settings
from clea_platform.plugins.registry import CertificationRegistry
from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.juries.test_jury_api import greta_ready_dossier

POOL = """
query ($certification: String, $region: String) {
  readyForJury(certificationCode: $certification, region: $region) {
    dossierId holderName organisationName region certificationCode
  }
}
"""


async def test_the_pool_lists_ready_dossiers_with_their_candidate(
    logged_in: LoggedIn, settings: Settings, registry: CertificationRegistry
) -> None:
    dossier_id = str(await greta_ready_dossier(settings, registry))
    certifpro = await logged_in("admin@certifpro.demo")

    pool = (await post(certifpro, POOL, certification="CLEA", region="Île-de-France"))["data"]
    (entry,) = [e for e in pool["readyForJury"] if e["dossierId"] == dossier_id]
    assert entry["organisationName"] == "Greta démo Paris Centre"
    assert entry["region"] == "Île-de-France"
    assert entry["holderName"].split(" ")[-1].isupper()

    other_region = await post(certifpro, POOL, certification="CLEA", region="Hauts-de-France")
    assert dossier_id not in {e["dossierId"] for e in other_region["data"]["readyForJury"]}

    adviser = await logged_in("conseiller@greta-demo.fr")
    refused = await post(adviser, POOL)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
