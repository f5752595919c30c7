"""Look-alike digits cannot make a second copy of an organisation or a site (issue #12, 4)."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.schema.identity.conftest import LoggedIn, post

REQUEST = """
mutation ($input: RequestAccreditationInput!) {
  requestAccreditation(input: $input) { errors { code field message } }
}
"""
CREATE_SITE = """
mutation ($siret: String!) {
  createSite(input: {name: "Greta démo — annexe", siret: $siret, addressLine: "5 rue X",
                     postalCode: "７５０２０", city: "Paris", region: "Île-de-France"}) {
    site { siret postalCode } errors { code field message }
  }
}
"""
GRETA_SIREN = "130025265"


async def organisations(settings: Settings) -> int:
    engine = create_engine_for(settings)
    try:
        async with (
            session_factory(engine).begin() as session,
            cross_tenant_reads(session, "tests"),
        ):
            return int(await session.scalar(select(func.count(Organisation.id))) or 0)
    finally:
        await engine.dispose()


def access_request(siren: str) -> dict[str, str]:
    return {
        "organisationName": "Copie du Greta",
        "siren": siren,
        "adminFullName": "Paul Girard",
        "adminEmail": "paul.girard@exemple.fr",
    }


async def test_a_fullwidth_or_superscript_siren_of_a_registered_organisation_is_a_duplicate(
    client: httpx.AsyncClient, logged_in: LoggedIn, settings: Settings
) -> None:
    await logged_in("admin@greta-demo.fr")  # the demo organisations exist
    before = await organisations(settings)

    fullwidth = await post(client, REQUEST, input=access_request("１３００２５２６５"))
    superscript = await post(client, REQUEST, input=access_request("¹³⁰⁰²⁵²⁶⁵"))

    for body in (fullwidth, superscript):
        (error,) = body["data"]["requestAccreditation"]["errors"]
        assert (error["code"], error["field"]) == ("DUPLICATE_SIREN", "siren")
        assert f"SIREN {GRETA_SIREN}" in error["message"]
    assert await organisations(settings) == before


async def test_a_siren_in_another_script_is_refused_in_french(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    before = await organisations(settings)

    body = await post(client, REQUEST, input=access_request("١٣٠٠٢٥٢٦٥"))

    (error,) = body["data"]["requestAccreditation"]["errors"]
    assert error == {
        "code": "INVALID_SIREN",
        "field": "siren",
        "message": "SIREN invalide : 9 chiffres attendus.",
    }
    assert await organisations(settings) == before


async def test_a_fullwidth_copy_of_a_declared_siret_is_a_duplicate(logged_in: LoggedIn) -> None:
    admin = await logged_in("admin@greta-demo.fr")
    before = (await post(admin, "{ sites { siret } }"))["data"]["sites"]

    duplicate = await post(admin, CREATE_SITE, siret="１３００２５２６５０００１３")

    (error,) = duplicate["data"]["createSite"]["errors"]
    assert (error["code"], error["field"]) == ("DUPLICATE_SIRET", "siret")
    assert (await post(admin, "{ sites { siret } }"))["data"]["sites"] == before
