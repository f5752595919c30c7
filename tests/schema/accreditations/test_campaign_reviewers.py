"""Choosing a campaign's reviewers: Certif'Pro's administrators by name, and nobody else."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from clea_platform.accreditations.models import Campaign
from clea_platform.db.base import utcnow
from clea_platform.identity.passwords import hash_password
from tests.isolation.helpers import PASSWORD, add_person, unique
from tests.schema.accreditations.test_accreditation_api import CREATE_CAMPAIGN, campaign_input
from tests.schema.identity.conftest import LoggedIn, post

ADMINISTRATORS = "{ platformAdministrators { id fullName email } }"
CAMPAIGNS_WITH_REVIEWERS = "{ campaigns { id title reviewerIds reviewers { id fullName email } } }"
CREATE_WITH_REVIEWERS = """
mutation ($input: CreateCampaignInput!) {
  createCampaign(input: $input) {
    campaign { id reviewers { id fullName email } }
    errors { code field message }
  }
}
"""


async def _another_admin(app: Any, *, disabled: bool = False) -> tuple[str, str, str]:
    """A second Certif'Pro administrator (id, name, e-mail), written directly."""
    email = f"{unique('instructeur')}@certifpro.example"
    name = f"Zoé Instructrice {unique('nom')}"
    async with app.state.sessions.begin() as session:
        user, _ = await add_person(
            session, email, name, hash_password(PASSWORD), platform_roles=["certifpro_admin"]
        )
        if disabled:
            user.disabled_at = utcnow()
        return str(user.id), name, email


async def _demo_user_id(http: Any) -> str:
    body = await post(http, "{ viewer { user { id } } }")
    user_id: str = body["data"]["viewer"]["user"]["id"]
    return user_id


async def test_certifpro_lists_its_active_administrators_by_name(
    logged_in: LoggedIn, app: Any
) -> None:
    # Given a second Certif'Pro admin, a disabled one, and the demo's organisation admins
    zoe_id, zoe_name, zoe_email = await _another_admin(app)
    gone_id, _, _ = await _another_admin(app, disabled=True)
    certifpro = await logged_in("admin@certifpro.demo")
    greta = await logged_in("admin@greta-demo.fr")
    greta_id = await _demo_user_id(greta)

    # When Certif'Pro lists the platform administrators
    body = await post(certifpro, ADMINISTRATORS)

    # Then both active admins are there by name, sorted; no one else
    assert "errors" not in body, body
    people = body["data"]["platformAdministrators"]
    assert {"id": zoe_id, "fullName": zoe_name, "email": zoe_email} in people
    assert "admin@certifpro.demo" in {p["email"] for p in people}
    assert gone_id not in {p["id"] for p in people}
    assert greta_id not in {p["id"] for p in people}
    assert [p["fullName"] for p in people] == sorted(p["fullName"] for p in people)


async def test_organisation_admins_and_advisers_cannot_list_platform_administrators(
    logged_in: LoggedIn,
) -> None:
    for email in ("admin@greta-demo.fr", "conseiller@greta-demo.fr"):
        http = await logged_in(email)
        body = await post(http, ADMINISTRATORS)
        assert body["data"] is None, body
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
        assert "certifpro" not in str(body)


async def test_a_campaign_shows_its_reviewers_by_name_to_certifpro_only(
    logged_in: LoggedIn, app: Any
) -> None:
    # Given a campaign reviewed by the demo's Certif'Pro admin and Zoé
    zoe_id, zoe_name, zoe_email = await _another_admin(app)
    certifpro = await logged_in("admin@certifpro.demo")
    camille_id = await _demo_user_id(certifpro)
    title = unique("Campagne instruite")
    created = await post(
        certifpro,
        CREATE_WITH_REVIEWERS,
        input={**campaign_input(title), "reviewerIds": [zoe_id, camille_id]},
    )
    payload = created["data"]["createCampaign"]
    assert payload["errors"] == [], payload

    # Then the reviewers come back by name, in the order chosen
    assert payload["campaign"]["reviewers"] == [
        {"id": zoe_id, "fullName": zoe_name, "email": zoe_email},
        {"id": camille_id, "fullName": "Camille Certif", "email": "admin@certifpro.demo"},
    ]

    # And an organisation's admin reading the public campaigns sees no reviewer
    greta = await logged_in("admin@greta-demo.fr")
    public = await post(greta, CAMPAIGNS_WITH_REVIEWERS)
    assert "errors" not in public, public
    mine = [c for c in public["data"]["campaigns"] if c["title"] == title]
    assert mine == [{"id": mine[0]["id"], "title": title, "reviewerIds": [], "reviewers": []}]


async def test_a_reviewer_who_is_not_a_certifpro_admin_is_refused_and_nothing_saved(
    logged_in: LoggedIn, app: Any
) -> None:
    # Given an organisation admin's id and a disabled Certif'Pro admin's id
    certifpro = await logged_in("admin@certifpro.demo")
    greta_id = await _demo_user_id(await logged_in("admin@greta-demo.fr"))
    gone_id, _, _ = await _another_admin(app, disabled=True)
    for reviewer_id in (greta_id, gone_id):
        title = unique("Campagne refusée")
        # When Certif'Pro names them as a reviewer
        body = await post(
            certifpro,
            CREATE_CAMPAIGN,
            input={**campaign_input(title), "reviewerIds": [reviewer_id]},
        )
        # Then a French error on reviewerIds, and no campaign
        payload = body["data"]["createCampaign"]
        assert payload["campaign"] is None, payload
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", "reviewerIds")]
        assert "administrateurs Certif'Pro" in payload["errors"][0]["message"]
        async with app.state.sessions() as session:
            assert (
                await session.scalars(select(Campaign).where(Campaign.title == title))
            ).all() == []


async def test_reading_reviewers_costs_the_same_statements_for_one_campaign_or_many(
    logged_in: LoggedIn, app: Any, count_queries: Any
) -> None:
    certifpro = await logged_in("admin@certifpro.demo")
    camille_id = await _demo_user_id(certifpro)
    zoe_id, _, _ = await _another_admin(app)
    reviewers = {"reviewerIds": [camille_id, zoe_id]}
    await post(certifpro, CREATE_CAMPAIGN, input={**campaign_input(unique("C")), **reviewers})
    await post(certifpro, CAMPAIGNS_WITH_REVIEWERS)  # credentials cached before counting

    with count_queries() as few:
        before = await post(certifpro, CAMPAIGNS_WITH_REVIEWERS)
    for _ in range(3):
        zoe_id, _, _ = await _another_admin(app)
        more = {"reviewerIds": [zoe_id, camille_id]}
        await post(certifpro, CREATE_CAMPAIGN, input={**campaign_input(unique("C")), **more})
    with count_queries() as many:
        after = await post(certifpro, CAMPAIGNS_WITH_REVIEWERS)

    assert "errors" not in after, after
    assert len(after["data"]["campaigns"]) == len(before["data"]["campaigns"]) + 3
    assert len(few) == len(many), (few.statements, many.statements)
