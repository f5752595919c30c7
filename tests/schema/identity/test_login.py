"""Logging in with a password, sessions, logging out."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.identity.models import BrowserSession, User
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.conftest import new_client
from tests.schema.identity.conftest import LOGIN, LoggedIn, create_user, post

VIEWER = "{ viewer { user { email } activeOrganisation { slug } activeRoles } }"


async def session_rows(settings: Settings, email: str) -> int:
    engine = create_engine_for(settings)
    async with session_factory(engine)() as session, cross_tenant_reads(session, "tests"):
        count = await session.scalar(
            select(func.count())
            .select_from(BrowserSession)
            .join(User, User.id == BrowserSession.user_id)
            .where(User.email == email)
        )
    await engine.dispose()
    return count or 0


async def test_an_adviser_logs_in_and_acts_for_their_organisation(app: Any, demo: None) -> None:
    async with new_client(app) as http:
        body = await post(
            http, LOGIN, email="Conseiller@Greta-Demo.fr ", password="Plateforme-CleA-demo"
        )

        login = body["data"]["login"]
        assert login["errors"] == []
        assert login["viewer"]["user"]["email"] == "conseiller@greta-demo.fr"
        assert login["viewer"]["activeOrganisation"]["slug"] == "greta-demo-paris"
        assert login["viewer"]["activeRoles"] == ["ADVISER"]
        cookie = http.cookies.jar._cookies  # type: ignore[attr-defined]
        assert cookie  # the session cookie was set
        viewer = (await post(http, VIEWER))["data"]["viewer"]
        assert viewer["user"]["email"] == "conseiller@greta-demo.fr"


async def test_the_session_cookie_is_httponly_and_samesite_lax(app: Any, demo: None) -> None:
    async with new_client(app) as http:
        response = await http.post(
            "/graphql",
            json={
                "query": LOGIN,
                "variables": {"email": "admin@greta-demo.fr", "password": "Plateforme-CleA-demo"},
            },
            headers={"X-Requested-With": "t"},
        )

    set_cookie = response.headers["set-cookie"].lower()
    assert set_cookie.startswith("clea_session=")
    assert "httponly" in set_cookie
    assert "samesite=lax" in set_cookie
    # Plain-HTTP localhost development: not Secure; every other base URL gets Secure.
    assert "secure" not in set_cookie.replace("samesite", "")


async def test_a_wrong_password_is_refused_in_french_and_opens_no_session(
    app: Any, demo: None, settings: Settings
) -> None:
    before = await session_rows(settings, "admin@afpa-demo.fr")
    async with new_client(app) as http:
        body = await post(
            http, LOGIN, email="admin@afpa-demo.fr", password="pas le bon mot de passe"
        )

    assert body["data"]["login"] == {
        "viewer": None,
        "errors": [
            {
                "code": "INVALID_CREDENTIALS",
                "field": None,
                "message": "Adresse e-mail ou mot de passe incorrect.",
            }
        ],
    }
    assert await session_rows(settings, "admin@afpa-demo.fr") == before


async def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(
    client: httpx.AsyncClient, demo: None
) -> None:
    body = await post(client, LOGIN, email="personne@nulle-part.fr", password="x" * 12)

    assert body["data"]["login"]["errors"][0]["code"] == "INVALID_CREDENTIALS"


async def test_repeated_failures_lock_the_account_for_a_while_even_with_the_right_password(
    app: Any, demo: None, settings: Settings
) -> None:
    # Issue #12: the lock holds for the client that failed (a stranger elsewhere cannot
    # lock the owner out: tests/schema/identity/test_login_limits.py).
    await create_user(settings, "verrouille@greta-demo.fr")
    async with new_client(app) as http:
        for _ in range(5):
            await post(
                http, LOGIN, email="verrouille@greta-demo.fr", password="mauvais-mot-de-passe"
            )

        body = await post(
            http, LOGIN, email="verrouille@greta-demo.fr", password="Plateforme-CleA-demo"
        )

    error = body["data"]["login"]["errors"][0]
    assert error["code"] == "RATE_LIMITED"
    assert "réessayez dans 15 minutes" in error["message"]


async def test_a_user_lists_their_sessions_and_logs_out_everywhere(
    logged_in: LoggedIn, app: Any
) -> None:
    first = await logged_in("admin@greta-demo.fr")
    second = await logged_in("admin@greta-demo.fr")

    sessions = (await post(first, "{ mySessions { id current } }"))["data"]["mySessions"]
    assert len(sessions) >= 2
    assert sum(s["current"] for s in sessions) == 1

    body = await post(
        second, "mutation { logoutEverywhere(input: {}) { revokedCount errors { code } } }"
    )
    assert body["data"]["logoutEverywhere"]["revokedCount"] >= 2

    # Both browsers are now anonymous.
    assert (await post(first, VIEWER))["data"]["viewer"] is None
    assert (await post(second, VIEWER))["data"]["viewer"] is None


async def test_logging_out_ends_only_this_session(logged_in: LoggedIn) -> None:
    kept = await logged_in("admin@afpa-demo.fr")
    ended = await logged_in("admin@afpa-demo.fr")

    body = await post(ended, "mutation { logout(input: {}) { ok errors { code } } }")

    assert body["data"]["logout"]["ok"] is True
    assert (await post(ended, VIEWER))["data"]["viewer"] is None
    assert (await post(kept, VIEWER))["data"]["viewer"]["user"]["email"] == "admin@afpa-demo.fr"


async def test_a_member_of_two_organisations_switches_between_them(logged_in: LoggedIn) -> None:
    http = await logged_in("evaluatrice@greta-demo.fr")
    viewer = (await post(http, "{ viewer { memberships { organisation { id slug } } } }"))["data"]
    afpa = next(
        m["organisation"]["id"]
        for m in viewer["viewer"]["memberships"]
        if m["organisation"]["slug"] == "afpa-demo-lille"
    )

    body = await post(
        http,
        "mutation ($id: ID) { switchOrganisation(input: {organisationId: $id}) "
        "{ viewer { activeOrganisation { slug } } errors { code } } }",
        id=afpa,
    )

    assert body["data"]["switchOrganisation"]["viewer"]["activeOrganisation"]["slug"] == (
        "afpa-demo-lille"
    )
    assert (await post(http, VIEWER))["data"]["viewer"]["activeOrganisation"]["slug"] == (
        "afpa-demo-lille"
    )


async def test_switching_to_an_organisation_one_does_not_belong_to_is_refused(
    logged_in: LoggedIn,
) -> None:
    greta_admin = await logged_in("admin@greta-demo.fr")
    afpa_admin = await logged_in("admin@afpa-demo.fr")
    afpa_id = (await post(afpa_admin, "{ viewer { activeOrganisation { id } } }"))["data"][
        "viewer"
    ]["activeOrganisation"]["id"]

    body = await post(
        greta_admin,
        "mutation ($id: ID) { switchOrganisation(input: {organisationId: $id}) "
        "{ viewer { activeOrganisation { slug } } errors { code field message } } }",
        id=afpa_id,
    )

    assert body["data"]["switchOrganisation"]["errors"][0]["code"] == "NOT_A_MEMBER"
    viewer = (await post(greta_admin, VIEWER))["data"]["viewer"]
    assert viewer["activeOrganisation"]["slug"] == "greta-demo-paris"


async def test_changing_password_checks_the_current_one_and_the_rules(
    logged_in: LoggedIn,
) -> None:
    http = await logged_in("conseiller@greta-demo.fr")
    change = (
        "mutation ($c: String!, $n: String!) { changePassword(input: "
        "{currentPassword: $c, newPassword: $n}) { ok errors { code field message } } }"
    )

    wrong = await post(http, change, c="pas-le-bon", n="Une-phrase-de-passe-solide-42")
    weak = await post(http, change, c="Plateforme-CleA-demo", n="azerty123456")

    assert wrong["data"]["changePassword"]["errors"][0]["field"] == "currentPassword"
    assert weak["data"]["changePassword"]["errors"][0]["code"] == "WEAK_PASSWORD"
    assert weak["data"]["changePassword"]["errors"][0]["field"] == "newPassword"
