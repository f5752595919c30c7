"""Every mutation is recorded; org admins read their organisation's log, Certif'Pro all."""

from __future__ import annotations

from tests.schema.identity.conftest import LoggedIn, post

EVENTS = """
query ($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges {
      node { operation outcome actorLabel organisationId organisationName objectIds requestId }
    }
  }
}
"""


async def test_changes_and_refusals_are_recorded_and_browsable_by_the_org_admin(
    logged_in: LoggedIn,
) -> None:
    admin = await logged_in("admin@greta-demo.fr")
    await post(
        admin,
        'mutation { createApiKey(input: {name: "Audit", role: VIEWER}) { errors { code } } }',
    )
    await post(
        admin,
        'mutation { createApiKey(input: {name: " ", role: VIEWER}) { errors { code } } }',
    )

    body = await post(admin, EVENTS, filter={"operation": "api_key"}, first=100)

    nodes = [edge["node"] for edge in body["data"]["auditEvents"]["edges"]]
    created = next(n for n in nodes if n["operation"] == "api_key.create")
    assert created["outcome"] == "ok"
    assert created["actorLabel"] == "Alice Martin <admin@greta-demo.fr>"
    assert created["organisationName"] == "Greta démo Paris Centre"
    assert created["requestId"]
    refused = await post(admin, EVENTS, filter={"operation": "createApiKey"}, first=100)
    outcomes = {e["node"]["outcome"] for e in refused["data"]["auditEvents"]["edges"]}
    assert "refused" in outcomes


async def test_an_org_admin_never_sees_another_organisations_events(logged_in: LoggedIn) -> None:
    greta = await logged_in("admin@greta-demo.fr")
    afpa = await logged_in("admin@afpa-demo.fr")
    await post(greta, 'mutation { createApiKey(input: {name: "G", role: VIEWER}) { secret } }')
    greta_id = (await post(greta, "{ viewer { activeOrganisation { id } } }"))["data"]["viewer"][
        "activeOrganisation"
    ]["id"]

    body = await post(afpa, EVENTS, filter={"organisationId": greta_id}, first=100)

    organisations = {e["node"]["organisationId"] for e in body["data"]["auditEvents"]["edges"]}
    assert greta_id not in organisations


async def test_certif_pro_reads_every_organisation_and_that_read_is_itself_audited(
    logged_in: LoggedIn,
) -> None:
    greta = await logged_in("admin@greta-demo.fr")
    await post(greta, 'mutation { createApiKey(input: {name: "G2", role: VIEWER}) { secret } }')
    certifpro = await logged_in("admin@certifpro.demo")

    body = await post(certifpro, EVENTS, filter={"operation": "api_key.create"}, first=100)
    again = await post(certifpro, EVENTS, filter={"operation": "audit_log.read_all"}, first=5)

    labels = {e["node"]["organisationName"] for e in body["data"]["auditEvents"]["edges"]}
    assert "Greta démo Paris Centre" in labels
    assert again["data"]["auditEvents"]["totalCount"] >= 1


async def test_the_log_pages_with_a_cursor(logged_in: LoggedIn) -> None:
    admin = await logged_in("admin@greta-demo.fr")
    for name in ("P1", "P2", "P3"):
        await post(
            admin,
            f'mutation {{ createApiKey(input: {{name: "{name}", role: VIEWER}}) {{ secret }} }}',
        )

    first = await post(admin, EVENTS, first=2)
    page = first["data"]["auditEvents"]
    second = await post(admin, EVENTS, first=2, after=page["pageInfo"]["endCursor"])
    too_big = await post(admin, EVENTS, first=1000)

    assert page["pageInfo"]["hasNextPage"] is True
    first_ids = [e["node"]["requestId"] for e in page["edges"]]
    second_ids = [e["node"]["requestId"] for e in second["data"]["auditEvents"]["edges"]]
    assert not set(first_ids) & set(second_ids) or first_ids != second_ids
    assert "Taille de page invalide" in too_big["errors"][0]["message"]
