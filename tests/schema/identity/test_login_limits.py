"""Login and reset limits: atomic, per account and client, and no lockout by strangers.

Issue #12: twenty parallel wrong passwords got fourteen attempts through instead of
five; any stranger could lock a known user out for fifteen minutes; password resets
had no limit at all.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from sqlalchemy import func, select

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.mail.models import OutboxEmail
from tests.conftest import new_client
from tests.schema.identity.conftest import LOGIN, create_user, post

PASSWORD = "Plateforme-CleA-demo"
WRONG = "mauvais-mot-de-passe"
RESET = """
mutation ($email: String!) {
  requestPasswordReset(input: {email: $email}) { ok errors { code field message } }
}
"""


def login_outcome(body: dict[str, Any]) -> str:
    errors = body["data"]["login"]["errors"]
    return str(errors[0]["code"]) if errors else "OK"


async def test_twenty_parallel_wrong_passwords_get_exactly_five_attempts(
    app: Any, settings: Settings
) -> None:
    await create_user(settings, "parallele@greta-demo.fr")

    async with new_client(app) as http:
        bodies = await asyncio.gather(
            *(post(http, LOGIN, email="parallele@greta-demo.fr", password=WRONG) for _ in range(20))
        )

    outcomes = sorted(login_outcome(body) for body in bodies)
    assert outcomes.count("INVALID_CREDENTIALS") == 5
    assert outcomes.count("RATE_LIMITED") == 15


async def test_a_strangers_failures_from_elsewhere_do_not_lock_the_owner_out(
    app: Any, settings: Settings
) -> None:
    await create_user(settings, "convoitee@greta-demo.fr")
    for _ in range(4):  # four strangers' addresses, five failures each: twenty
        async with new_client(app) as stranger:
            for _ in range(5):
                await post(stranger, LOGIN, email="convoitee@greta-demo.fr", password=WRONG)

    async with new_client(app) as owner:
        body = await post(owner, LOGIN, email="convoitee@greta-demo.fr", password=PASSWORD)

    assert login_outcome(body) == "OK"


async def test_failures_spread_over_many_addresses_lock_the_account_for_an_hour(
    app: Any, settings: Settings
) -> None:
    await create_user(settings, "assiegee@greta-demo.fr")
    for _ in range(10):  # a campaign from ten addresses, five guesses each: fifty
        async with new_client(app) as attacker:
            for _ in range(5):
                await post(attacker, LOGIN, email="assiegee@greta-demo.fr", password=WRONG)

    async with new_client(app) as owner:
        body = await post(owner, LOGIN, email="assiegee@greta-demo.fr", password=PASSWORD)

    error = body["data"]["login"]["errors"][0]
    assert error["code"] == "RATE_LIMITED"
    assert "réessayez dans 60 minutes" in error["message"]


async def test_a_successful_login_does_not_count_against_its_client(
    app: Any, settings: Settings
) -> None:
    await create_user(settings, "reguliere@greta-demo.fr")
    async with new_client(app) as http:
        for _ in range(4):
            await post(http, LOGIN, email="reguliere@greta-demo.fr", password=WRONG)
        for _ in range(3):
            body = await post(http, LOGIN, email="reguliere@greta-demo.fr", password=PASSWORD)
            assert login_outcome(body) == "OK"
        last_guess = await post(http, LOGIN, email="reguliere@greta-demo.fr", password=WRONG)

    assert login_outcome(last_guess) == "INVALID_CREDENTIALS"


async def mail_to(settings: Settings, address: str) -> int:
    engine = create_engine_for(settings)
    try:
        async with session_factory(engine)() as session:
            total = await session.scalar(
                select(func.count(OutboxEmail.id)).where(OutboxEmail.recipient == address)
            )
            return int(total or 0)
    finally:
        await engine.dispose()


async def test_reset_links_to_one_address_stop_after_three_an_hour_without_telling(
    app: Any, settings: Settings
) -> None:
    await create_user(settings, "inondee@greta-demo.fr")
    bodies = []
    for _ in range(5):  # from five addresses: the client limit is not what stops them
        async with new_client(app) as http:
            bodies.append(await post(http, RESET, email="inondee@greta-demo.fr"))

    assert all(
        body["data"]["requestPasswordReset"] == {"ok": True, "errors": []} for body in bodies
    )
    assert await mail_to(settings, "inondee@greta-demo.fr") == 3


async def test_one_client_asking_for_many_resets_is_told_to_wait(client: httpx.AsyncClient) -> None:
    bodies = [await post(client, RESET, email=f"inconnu{n}@exemple.fr") for n in range(11)]

    assert all(body["data"]["requestPasswordReset"]["ok"] for body in bodies[:10])
    assert bodies[10]["data"]["requestPasswordReset"] == {
        "ok": False,
        "errors": [
            {
                "code": "RATE_LIMITED",
                "field": None,
                "message": "Trop de demandes de réinitialisation : réessayez dans 60 minutes.",
            }
        ],
    }
