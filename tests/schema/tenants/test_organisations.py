"""Certif'Pro registers, suspends and reactivates evaluator organisations."""

from __future__ import annotations

from typing import Any

from tests.isolation.helpers import random_siren
from tests.schema.identity.conftest import LoggedIn, SmtpInbox, delivered, post

CREATE = """
mutation ($name: String!, $siren: String!, $admin: String) {
  createOrganisation(input: {name: $name, siren: $siren, network: APP, adminEmail: $admin}) {
    organisation { id name slug siren status network kind }
    errors { code field message }
  }
}
"""
SUSPEND = """
mutation ($id: ID!, $reason: String!) {
  suspendOrganisation(input: {id: $id, reason: $reason}) {
    organisation { status suspensionReason } errors { code field message }
  }
}
"""
REACTIVATE = """
mutation ($id: ID!) { reactivateOrganisation(input: {id: $id}) { organisation { status } } }
"""
CREATE_SITE = """
mutation ($siret: String!) {
  createSite(input: {name: "Annexe", siret: $siret, addressLine: "1 rue X",
                     postalCode: "59000", city: "Lille", region: "Hauts-de-France"}) {
    site { id siret } errors { code field message }
  }
}
"""


async def test_certif_pro_registers_an_organisation_and_invites_its_first_admin(
    logged_in: LoggedIn, app: Any, smtp: SmtpInbox
) -> None:
    admin = await logged_in("admin@certifpro.demo")
    # a SIREN of its own: the organisation is committed, and other tests register theirs
    siren = random_siren()

    body = await post(
        admin,
        CREATE,
        name="APP Évaluation Nord",
        siren=f"{siren[:3]} {siren[3:6]} {siren[6:]}",
        admin="direction@app-nord.fr",
    )

    created = body["data"]["createOrganisation"]
    assert created["errors"] == []
    assert created["organisation"]["siren"] == siren
    assert created["organisation"]["slug"] == "app-evaluation-nord"
    assert created["organisation"]["status"] == "ACTIVE"
    assert created["organisation"]["network"] == "APP"
    await delivered(app)
    assert len(smtp.to("direction@app-nord.fr")) == 1


async def test_an_invalid_or_taken_siren_is_refused_and_nothing_is_created(
    logged_in: LoggedIn,
) -> None:
    admin = await logged_in("admin@certifpro.demo")

    invalid = await post(admin, CREATE, name="Organisme X", siren="123456789")
    taken = await post(admin, CREATE, name="Doublon", siren="130025265")
    listed = await post(
        admin, "query ($s: String) { organisations(search: $s) { totalCount } }", s="Organisme X"
    )

    assert invalid["data"]["createOrganisation"]["errors"] == [
        {
            "code": "INVALID_SIREN",
            "field": "siren",
            "message": "SIREN invalide : la clé de contrôle ne correspond pas "
            "(vérifiez les 9 chiffres).",
        }
    ]
    assert taken["data"]["createOrganisation"]["errors"][0]["code"] == "DUPLICATE_SIREN"
    assert listed["data"]["organisations"]["totalCount"] == 0


async def test_an_organisation_admin_cannot_register_organisations(logged_in: LoggedIn) -> None:
    org_admin = await logged_in("admin@greta-demo.fr")

    body = await post(org_admin, CREATE, name="Pirate", siren="732829320")

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_suspended_organisation_can_read_but_not_change_anything(
    logged_in: LoggedIn,
) -> None:
    certifpro = await logged_in("admin@certifpro.demo")
    afpa_admin = await logged_in("admin@afpa-demo.fr")
    afpa_id = (await post(afpa_admin, "{ viewer { activeOrganisation { id } } }"))["data"][
        "viewer"
    ]["activeOrganisation"]["id"]

    missing_reason = await post(certifpro, SUSPEND, id=afpa_id, reason=" ")
    suspended = await post(
        certifpro, SUSPEND, id=afpa_id, reason="Dossier d'habilitation incomplet"
    )
    try:
        assert missing_reason["data"]["suspendOrganisation"]["errors"][0]["field"] == "reason"
        assert suspended["data"]["suspendOrganisation"]["organisation"] == {
            "status": "SUSPENDED",
            "suspensionReason": "Dossier d'habilitation incomplet",
        }
        # Reading still works
        sites = await post(afpa_admin, "{ sites { siret } }")
        assert sites["data"]["sites"]
        # Changing does not
        refused = await post(afpa_admin, CREATE_SITE, siret="82404926600029")
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert "suspendue" in refused["errors"][0]["message"]
    finally:
        reactivated = await post(certifpro, REACTIVATE, id=afpa_id)
    assert reactivated["data"]["reactivateOrganisation"]["organisation"]["status"] == "ACTIVE"
