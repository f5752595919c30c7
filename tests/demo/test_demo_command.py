"""``clea demo`` (what ``make run`` loads), run as a process on a fresh database: the living
demo is there at once, a second run adds nothing, ``--base`` leaves it out."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_sync_engine_for
from clea_platform.db.migrate import upgrade
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from tests.cli.test_pathway_commands import clea
from tests.databases import ThrowawayDatabase


@pytest.fixture
def environment(
    fresh_database: ThrowawayDatabase, fresh_settings: Settings, tmp_path: Path
) -> dict[str, str]:
    upgrade(fresh_settings)
    return {
        **fresh_database.environ(),
        "CLEA_DATA_DIR": str(tmp_path),
        "CLEA_SECRET_KEY": fresh_settings.secret_key,
    }


def statuses(fresh_database: ThrowawayDatabase) -> dict[str, int]:
    engine = create_sync_engine_for(fresh_database.admin_url)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                select(Dossier.status, func.count()).group_by(Dossier.status)
            )
            return {status: count for status, count in found}
    finally:
        engine.dispose()


def test_clea_demo_loads_a_living_platform_once(
    environment: dict[str, str], fresh_database: ThrowawayDatabase
) -> None:
    first = clea("demo", env=environment)
    assert first.returncode == 0, first.stderr
    loaded = statuses(fresh_database)
    assert set(loaded) == {status.value for status in DossierStatus}

    again = clea("demo", env=environment)
    assert again.returncode == 0, again.stderr
    assert "déjà chargée" in again.stderr
    assert statuses(fresh_database) == loaded


def test_clea_demo_base_loads_no_candidate(
    environment: dict[str, str], fresh_database: ThrowawayDatabase
) -> None:
    result = clea("demo", "--base", env=environment)
    assert result.returncode == 0, result.stderr
    assert statuses(fresh_database) == {}
