"""The settings of several app nodes: storage, pooling, replica and queue URLs."""

from __future__ import annotations

from pathlib import Path

import pytest

from clea_platform.core.config import Settings
from clea_platform.core.errors import ConfigurationError


def test_by_default_one_machine_and_no_replica(tmp_path: Path) -> None:
    settings = Settings.from_environ({"CLEA_DATA_DIR": str(tmp_path)})
    assert (settings.storage, settings.database_pooling) == ("local", "session")
    assert settings.replica_database_url == ""
    assert settings.queue_database_url == settings.database_url


def test_several_nodes_read_their_settings(tmp_path: Path) -> None:
    settings = Settings.from_environ(
        {
            "CLEA_DATA_DIR": str(tmp_path),
            "CLEA_DATABASE_URL": "postgresql://app@pgbouncer:6432/clea",
            "CLEA_STORAGE": "PostgreSQL",
            "CLEA_DATABASE_POOLING": "transaction",
            "CLEA_REPLICA_DATABASE_URL": "postgresql://app@standby/clea",
            "CLEA_JOBS_DATABASE_URL": "postgresql://app@primary/clea",
        }
    )
    assert (settings.storage, settings.database_pooling) == ("postgresql", "transaction")
    assert settings.replica_database_url == "postgresql+psycopg://app@standby/clea"
    assert settings.queue_database_url == "postgresql+psycopg://app@primary/clea"


@pytest.mark.parametrize(
    ("name", "value"), [("CLEA_STORAGE", "s3"), ("CLEA_DATABASE_POOLING", "statement")]
)
def test_an_unknown_value_is_refused_with_the_possible_ones(
    tmp_path: Path, name: str, value: str
) -> None:
    with pytest.raises(ConfigurationError) as refused:
        Settings.from_environ({"CLEA_DATA_DIR": str(tmp_path), name: value})
    assert f"{name} vaut « {value} » : valeurs possibles" in str(refused.value)
