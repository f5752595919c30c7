"""Where the organisation recorded a mobile number, a one-time code by SMS opens the space.

The development sender writes each SMS as a file under ``<data dir>/sms/``: the test
reads the code from that file, as a person would read their phone.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from pathlib import Path
from typing import Any

from sqlalchemy import update

from clea_platform.candidate_space.models import CandidateSignInCode
from clea_platform.db.base import utcnow
from tests.candidate_space.helpers import INVITE, SPACE, seed_candidate, seed_organisation
from tests.conftest import new_client
from tests.isolation.helpers import post

REQUEST_CODE = """
mutation ($phone: String!) { requestCandidateSignInCode(input: {phone: $phone}) {
  sent errors { code message } } }
"""
SIGN_IN_WITH_CODE = """
mutation ($phone: String!, $code: String!) {
  signInCandidateWithCode(input: {phone: $phone, code: $code}) {
    ok errors { code field message } } }
"""


def new_mobile() -> str:
    return "06" + "".join(str(secrets.randbelow(10)) for _ in range(8))


def sms_to(app: Any, phone: str) -> list[str]:
    """The texts sent to ``phone``, oldest first (files of the development sender)."""
    directory = Path(app.state.settings.data_dir) / "sms"
    return (
        [path.read_text("utf-8") for path in sorted(directory.glob(f"*-{phone}.txt"))]
        if directory.exists()
        else []
    )


def code_in(text: str) -> str:
    found = re.search(r"\b(\d{6})\b", text)
    assert found, text
    return found.group(1)


async def invited_with_mobile(app: Any, phone: str) -> Any:
    greta = await seed_organisation(app, "Greta")
    lea = await seed_candidate(app, greta, phone=phone)
    body = await post(greta.adviser, INVITE, id=str(lea.candidate_id))
    assert body["data"]["inviteCandidateToSpace"]["errors"] == [], body
    await app.state.mailer.drain()
    return lea


async def test_a_code_sent_by_sms_opens_the_space_once(app: Any) -> None:
    mobile = new_mobile()
    await invited_with_mobile(app, mobile)
    browser = new_client(app)

    # The number is written as people write it; the SMS arrives
    asked = await post(browser, REQUEST_CODE, phone=f"+33 {mobile[1]} {mobile[2:]}")
    assert asked["data"]["requestCandidateSignInCode"] == {"sent": True, "errors": []}
    (text,) = sms_to(app, mobile)
    assert "15 minutes" in text
    code = code_in(text)

    body = await post(browser, SIGN_IN_WITH_CODE, phone=mobile, code=code)
    assert body["data"]["signInCandidateWithCode"] == {"ok": True, "errors": []}
    assert (await post(browser, SPACE))["data"]["candidateSpace"]["dossiers"]

    again = await post(new_client(app), SIGN_IN_WITH_CODE, phone=mobile, code=code)
    assert again["data"]["signInCandidateWithCode"]["errors"][0]["code"] == "USED_CODE"


async def test_an_unknown_number_gets_the_same_answer_and_no_sms(app: Any) -> None:
    unknown = new_mobile()

    body = await post(new_client(app), REQUEST_CODE, phone=unknown)

    assert body["data"]["requestCandidateSignInCode"] == {"sent": True, "errors": []}
    assert sms_to(app, unknown) == []


async def test_an_expired_or_wrong_code_is_refused_in_french(app: Any) -> None:
    mobile = new_mobile()
    await invited_with_mobile(app, mobile)
    await post(new_client(app), REQUEST_CODE, phone=mobile)
    code = code_in(sms_to(app, mobile)[-1])
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    refused = await post(new_client(app), SIGN_IN_WITH_CODE, phone=mobile, code=wrong)
    (problem,) = refused["data"]["signInCandidateWithCode"]["errors"]
    assert problem["code"] == "INVALID_CODE"
    assert problem["message"].startswith("Ce code ne marche pas")

    async with app.state.sessions.begin() as session:
        await session.execute(
            update(CandidateSignInCode)
            .where(CandidateSignInCode.used_at.is_(None))
            .where(CandidateSignInCode.created_at > utcnow() - dt.timedelta(minutes=1))
            .values(expires_at=utcnow() - dt.timedelta(seconds=1))
        )
    expired = await post(new_client(app), SIGN_IN_WITH_CODE, phone=mobile, code=code)
    (problem,) = expired["data"]["signInCandidateWithCode"]["errors"]
    assert problem["code"] == "EXPIRED_CODE"
    assert "15 minutes" in problem["message"]


async def test_guessing_codes_stops_after_five_tries_even_with_the_right_one(app: Any) -> None:
    mobile = new_mobile()
    await invited_with_mobile(app, mobile)
    await post(new_client(app), REQUEST_CODE, phone=mobile)
    code = code_in(sms_to(app, mobile)[-1])
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    for _ in range(5):
        answer = await post(new_client(app), SIGN_IN_WITH_CODE, phone=mobile, code=wrong)
        assert answer["data"]["signInCandidateWithCode"]["errors"][0]["code"] == "INVALID_CODE"
    blocked = await post(new_client(app), SIGN_IN_WITH_CODE, phone=mobile, code=code)

    (problem,) = blocked["data"]["signInCandidateWithCode"]["errors"]
    assert problem["code"] == "RATE_LIMITED"
    assert problem["message"].startswith("Trop d'essais")
