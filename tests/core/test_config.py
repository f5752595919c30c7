from __future__ import annotations

import stat
from pathlib import Path

import pytest

from clea_platform.core.config import Settings
from clea_platform.core.errors import ConfigurationError


def test_a_laptop_gets_an_sqlite_file_and_a_generated_secret_under_the_data_dir(
    tmp_path: Path,
) -> None:
    # Given nothing configured but the data directory
    data_dir = tmp_path / "var"

    # When the settings are read twice
    first = Settings.from_environ({"CLEA_DATA_DIR": str(data_dir)})
    second = Settings.from_environ({"CLEA_DATA_DIR": str(data_dir)})

    # Then the database is an SQLite file there, and the secret is created once, private
    assert first.database_url == f"sqlite+aiosqlite:///{data_dir / 'clea.sqlite3'}"
    assert len(first.secret_key) >= 48
    assert second.secret_key == first.secret_key
    mode = (data_dir / "secret_key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600
    assert first.env == "development"
    assert first.base_url == "http://127.0.0.1:8000"


@pytest.mark.parametrize("missing", ["CLEA_DATABASE_URL", "CLEA_SECRET_KEY"])
def test_production_refuses_to_start_without_a_required_variable_and_names_it(
    tmp_path: Path, missing: str
) -> None:
    environ = {
        "CLEA_ENV": "production",
        "CLEA_DATA_DIR": str(tmp_path),
        "CLEA_DATABASE_URL": "postgresql://app@db/clea",
        "CLEA_SECRET_KEY": "s" * 64,
    }
    del environ[missing]

    with pytest.raises(ConfigurationError, match=missing):
        Settings.from_environ(environ)

    # Nothing is generated behind the operator's back in production
    assert not (tmp_path / "secret_key").exists()


def test_plain_database_urls_get_the_async_driver(tmp_path: Path) -> None:
    settings = Settings.from_environ(
        {
            "CLEA_DATA_DIR": str(tmp_path),
            "CLEA_DATABASE_URL": "postgresql://app:pw@db:5432/clea",
            "CLEA_SECRET_KEY": "x" * 64,
            "CLEA_BASE_URL": "https://clea.example.org/",
        }
    )

    assert settings.database_url == "postgresql+psycopg://app:pw@db:5432/clea"
    assert settings.base_url == "https://clea.example.org"


def test_an_unknown_environment_name_is_refused_in_french(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="CLEA_ENV vaut « staging »"):
        Settings.from_environ({"CLEA_ENV": "staging", "CLEA_DATA_DIR": str(tmp_path)})


def test_the_owner_url_is_read_apart_and_defaults_to_the_database_url(tmp_path: Path) -> None:
    environ = {
        "CLEA_DATA_DIR": str(tmp_path),
        "CLEA_DATABASE_URL": "postgresql://clea_app:pw@db:5432/clea",
        "CLEA_SECRET_KEY": "x" * 64,
    }

    one_url = Settings.from_environ(environ)
    two_urls = Settings.from_environ(
        {**environ, "CLEA_MIGRATION_DATABASE_URL": "postgresql://clea_owner:pw@db:5432/clea"}
    )

    assert one_url.owner_database_url == "postgresql+psycopg://clea_app:pw@db:5432/clea"
    assert two_urls.database_url == "postgresql+psycopg://clea_app:pw@db:5432/clea"
    assert two_urls.owner_database_url == "postgresql+psycopg://clea_owner:pw@db:5432/clea"
