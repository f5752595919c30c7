"""An organisation declares its establishments, identified by SIRET."""

from __future__ import annotations

from tests.schema.identity.conftest import LoggedIn, post

CREATE_SITE = """
mutation ($siret: String!, $postalCode: String!, $region: String!) {
  createSite(input: {name: "Greta démo — Belleville", siret: $siret, addressLine: "5 rue X",
                     postalCode: $postalCode, city: "Paris", region: $region}) {
    site { id siret departement region } errors { code field message }
  }
}
"""


async def test_an_org_admin_adds_a_site_whose_siret_belongs_to_the_organisation(
    logged_in: LoggedIn,
) -> None:
    admin = await logged_in("admin@greta-demo.fr")

    body = await post(
        admin, CREATE_SITE, siret="130 025 265 00021", postalCode="75020", region="Île-de-France"
    )

    assert body["data"]["createSite"]["errors"] == []
    assert body["data"]["createSite"]["site"]["siret"] == "13002526500021"
    assert body["data"]["createSite"]["site"]["departement"] == "75"


async def test_site_errors_name_each_field_in_french_and_save_nothing(
    logged_in: LoggedIn,
) -> None:
    admin = await logged_in("admin@greta-demo.fr")
    before = (await post(admin, "{ sites { siret } }"))["data"]["sites"]

    wrong_key = await post(
        admin, CREATE_SITE, siret="13002526500022", postalCode="75020", region="Île-de-France"
    )
    other_siren = await post(
        admin, CREATE_SITE, siret="82404926600011", postalCode="7502", region="Atlantide"
    )

    assert wrong_key["data"]["createSite"]["errors"] == [
        {
            "code": "INVALID_SIRET",
            "field": "siret",
            "message": "SIRET invalide : la clé de contrôle ne correspond pas "
            "(vérifiez les 14 chiffres).",
        }
    ]
    codes = {e["field"]: e["code"] for e in other_siren["data"]["createSite"]["errors"]}
    assert codes == {
        "siret": "SIRET_NOT_IN_SIREN",
        "postalCode": "INVALID_POSTAL_CODE",
        "region": "INVALID_REGION",
    }
    assert (await post(admin, "{ sites { siret } }"))["data"]["sites"] == before


async def test_an_adviser_sees_the_sites_but_cannot_add_one(logged_in: LoggedIn) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")

    listed = await post(adviser, "{ sites { siret } }")
    refused = await post(
        adviser, CREATE_SITE, siret="13002526500039", postalCode="75020", region="Île-de-France"
    )

    assert listed["data"]["sites"]
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
