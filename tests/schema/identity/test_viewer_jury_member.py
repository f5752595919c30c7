"""The viewer tells the interface whether the person sits on Certif'Pro's jury roster."""

from __future__ import annotations

from clea_platform.core.config import Settings
from tests.schema.identity.conftest import LoggedIn, create_user, post

VIEWER = "{ viewer { activeOrganisation { slug } juryMember } }"
ADD_MEMBER = """
mutation ($input: AddJuryMemberInput!) {
  addJuryMember(input: $input) { member { id } errors { code message } }
}
"""
UPDATE_MEMBER = """
mutation ($input: UpdateJuryMemberInput!) {
  updateJuryMember(input: $input) { member { active } errors { code message } }
}
"""


async def test_a_roster_member_is_told_so_until_taken_off_the_roster(
    logged_in: LoggedIn, settings: Settings
) -> None:
    await create_user(settings, "jure.viewer@exemple.fr", full_name="Juré Viewer")
    admin = await logged_in("admin@certifpro.demo")
    person = {
        "email": "jure.viewer@exemple.fr",
        "fullName": "Juré Viewer",
        "side": "EMPLOYEE",
        "body": "CFDT",
        "region": "Île-de-France",
        "certificationCodes": ["CLEA"],
    }

    adviser = await logged_in("conseiller@greta-demo.fr")
    assert (await post(adviser, VIEWER))["data"]["viewer"]["juryMember"] is False

    added = (await post(admin, ADD_MEMBER, input=person))["data"]["addJuryMember"]
    assert added["errors"] == []
    juror = await logged_in("jure.viewer@exemple.fr")
    viewer = (await post(juror, VIEWER))["data"]["viewer"]
    assert viewer == {"activeOrganisation": None, "juryMember": True}

    removed = await post(
        admin, UPDATE_MEMBER, input={**person, "id": added["member"]["id"], "active": False}
    )
    assert removed["data"]["updateJuryMember"]["member"]["active"] is False
    assert (await post(juror, VIEWER))["data"]["viewer"]["juryMember"] is False
