"""Stored credentials are read on purpose only: the ORM never loads them.

On PostgreSQL the runtime role cannot select them either (tests/isolation/
test_runtime_role.py); ``identity.credentials`` reads them inside a credential scope.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.identity import credentials
from clea_platform.identity.models import User
from clea_platform.identity.passwords import hash_password, verify_password
from tests.isolation.helpers import unique

PASSWORD = "Une-phrase-de-passe-assez-longue"


async def a_user(db_session: AsyncSession) -> User:
    email = f"{unique('credentials')}@exemple.fr"
    db_session.add(
        User(email=email, full_name="Camille Test", password_hash=hash_password(PASSWORD))
    )
    await db_session.flush()
    db_session.expunge_all()
    user = await db_session.scalar(select(User).where(User.email == email))
    assert user is not None
    return user


async def test_a_loaded_account_does_not_carry_its_password_hash(db_session: AsyncSession) -> None:
    user = await a_user(db_session)

    with pytest.raises(InvalidRequestError, match="password_hash"):
        _ = user.password_hash


async def test_the_password_hash_is_read_on_purpose_and_checks_the_password(
    db_session: AsyncSession,
) -> None:
    user = await a_user(db_session)

    stored = await credentials.password_hash(db_session, user)

    assert stored is not None
    assert verify_password(stored, PASSWORD)
    assert not verify_password(stored, PASSWORD + "!")
