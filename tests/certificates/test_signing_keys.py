"""The private signing key is a credential: read back on purpose, never by the ORM."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.certificates import signing
from clea_platform.certificates.models import SigningKey


async def test_a_process_that_never_saw_the_key_reads_it_back_and_signs_alike(
    db_session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the active key, and a payload it signed
    kid, key = await signing.active_key(db_session)
    token = signing.sign({"certificat": 1}, kid, key)

    # When a process with no key in memory asks for the active key
    monkeypatch.setattr(signing, "_private_keys", {})
    again_kid, again = await signing.active_key(db_session)

    # Then it reads the same key back (Ed25519 signs the same payload the same way)
    assert again_kid == kid
    assert signing.sign({"certificat": 1}, again_kid, again) == token


async def test_a_loaded_signing_key_does_not_carry_its_private_part(
    db_session: AsyncSession,
) -> None:
    kid, _ = await signing.active_key(db_session)
    db_session.expunge_all()

    row = await db_session.scalar(select(SigningKey).where(SigningKey.kid == kid))

    assert row is not None
    with pytest.raises(InvalidRequestError, match="private_key_encrypted"):
        _ = row.private_key_encrypted
