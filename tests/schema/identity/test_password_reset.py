"""Forgotten passwords: an emailed link, used once, that ends other sessions."""

from __future__ import annotations

import re
from typing import Any

from clea_platform.core.config import Settings
from tests.conftest import new_client
from tests.schema.identity.conftest import (
    LOGIN,
    LoggedIn,
    SmtpInbox,
    create_user,
    delivered,
    post,
)

REQUEST = "mutation ($e: String!) { requestPasswordReset(input: {email: $e}) { ok } }"
RESET = """
mutation ($t: String!, $p: String!) {
  resetPassword(input: {token: $t, newPassword: $p}) { ok errors { code field message } }
}
"""


async def test_a_user_resets_a_forgotten_password_from_the_emailed_link(
    app: Any, smtp: SmtpInbox, settings: Settings, logged_in: LoggedIn
) -> None:
    await create_user(settings, "oublieux@exemple.fr")
    old_session = await logged_in("oublieux@exemple.fr")

    async with new_client(app) as browser:
        assert (await post(browser, REQUEST, e="oublieux@exemple.fr"))["data"][
            "requestPasswordReset"
        ]["ok"]
        await delivered(app)
        (message,) = smtp.to("oublieux@exemple.fr")
        body = message.get_payload(decode=True).decode()  # type: ignore[union-attr]
        token = re.search(r"reinitialiser\?token=([\w-]+)", body).group(1)  # type: ignore[union-attr]

        weak = await post(browser, RESET, t=token, p="soleil123")
        done = await post(browser, RESET, t=token, p="Nouvelle-Phrase-De-Passe")
        reused = await post(browser, RESET, t=token, p="Encore-Une-Autre-Phrase")

    assert weak["data"]["resetPassword"]["errors"][0]["code"] == "WEAK_PASSWORD"
    assert done["data"]["resetPassword"]["ok"] is True
    assert reused["data"]["resetPassword"]["errors"][0]["code"] == "INVALID_TOKEN"
    # The old session is over; the new password works.
    assert (await post(old_session, "{ viewer { user { email } } }"))["data"]["viewer"] is None
    async with new_client(app) as browser:
        login = await post(
            browser, LOGIN, email="oublieux@exemple.fr", password="Nouvelle-Phrase-De-Passe"
        )
    assert login["data"]["login"]["errors"] == []


async def test_asking_for_an_unknown_account_looks_the_same_and_sends_nothing(
    app: Any, smtp: SmtpInbox
) -> None:
    async with new_client(app) as browser:
        body = await post(browser, REQUEST, e="inconnu@exemple.fr")
    await delivered(app)

    assert body["data"]["requestPasswordReset"]["ok"] is True
    assert smtp.to("inconnu@exemple.fr") == []
