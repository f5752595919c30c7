"""``GET /exports/releve.csv|pdf``: the quarterly statement over HTTP (#19) — Certif'Pro
for any organisation, an organisation's administrator for its own, nobody else."""

from __future__ import annotations

from tests.schema.identity.conftest import LoggedIn, post


async def organisation_id(client: object) -> str:
    body = await post(client, "{ viewer { activeOrganisation { id } } }")  # type: ignore[arg-type]
    value: str = body["data"]["viewer"]["activeOrganisation"]["id"]
    return value


async def test_the_statement_downloads_for_certifpro_and_the_organisations_admin(
    logged_in: LoggedIn,
) -> None:
    greta = await logged_in("admin@greta-demo.fr")
    afpa = await logged_in("admin@afpa-demo.fr")
    certifpro = await logged_in("admin@certifpro.demo")
    greta_id = await organisation_id(greta)
    address = f"/exports/releve.{{}}?organisation={greta_id}&annee=2026&trimestre=4"

    own = await greta.get(address.format("csv"))
    assert own.status_code == 200
    assert own.headers["content-type"].startswith("text/csv")
    assert own.text.startswith("\ufeffDate;Objet;Certification;Référence;Montant (€ HT)")
    pdf = await certifpro.get(address.format("pdf"))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")

    assert (await afpa.get(address.format("csv"))).status_code == 403
    assert (await greta.get(address.format("xlsx"))).status_code == 404
    bad_quarter = f"/exports/releve.csv?organisation={greta_id}&annee=2026&trimestre=5"
    assert (await greta.get(bad_quarter)).status_code == 400
