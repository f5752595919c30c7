"""``clea certificates rotate-key``: a new key, the old ones still published."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from clea_platform.certificates import signing
from clea_platform.cli.main import main
from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.db.migrate import upgrade
from tests.databases import ThrowawayDatabase


async def published_kids(settings: Settings) -> list[str]:
    engine = create_engine_for(settings)
    try:
        async with session_factory(engine)() as session:
            return [key["kid"] for key in (await signing.jwks(session))["keys"]]
    finally:
        await engine.dispose()


def test_rotating_keeps_the_old_keys_published(
    fresh_database: ThrowawayDatabase,
    fresh_settings: Settings,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given a migrated database
    upgrade(fresh_settings)
    for name, value in fresh_database.environ().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CLEA_SECRET_KEY", settings.secret_key)
    monkeypatch.setenv("CLEA_DATA_DIR", str(tmp_path))
    own = fresh_settings

    # When the key is rotated twice
    assert main(["certificates", "rotate-key"]) == 0
    first = capsys.readouterr().out
    assert main(["certificates", "rotate-key"]) == 0
    second = capsys.readouterr().out

    # Then both keys are published, newest first, and the command says which is new
    kids = asyncio.run(published_kids(own))
    assert len(kids) == 2
    assert kids[0] in second
    assert kids[1] in first
    assert "2 clé(s) publiée(s)" in second
    signing.configure(settings)
