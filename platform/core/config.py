"""Settings, read from ``CLEA_*`` environment variables in this one place.

Every variable has a default that works on a laptop: an SQLite file and a generated
secret under ``./var/``. Under ``CLEA_ENV=production`` nothing is guessed: a missing
secret or database URL stops the start-up with an error naming the variable.

On PostgreSQL two URLs name two roles: ``CLEA_DATABASE_URL`` the runtime login role the
application serves requests with, ``CLEA_MIGRATION_DATABASE_URL`` the tables' owner that
``clea db upgrade`` runs as (see ``clea_platform.db.roles``).

Example:
    >>> settings = Settings.from_environ({"CLEA_DATA_DIR": "/tmp/clea"})
    >>> settings.database_url
    'sqlite+aiosqlite:////tmp/clea/clea.sqlite3'
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from clea_platform.core.errors import ConfigurationError

Environment = Literal["development", "production"]
Storage = Literal["local", "postgresql"]
Pooling = Literal["session", "transaction"]
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

SECRET_FILE_NAME = "secret_key"
SQLITE_FILE_NAME = "clea.sqlite3"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# platform/core/config.py → the repository's frontend/dist (built by `make run`).
DEFAULT_FRONTEND_DIR = Path(__file__).resolve().parents[2] / "frontend" / "dist"


@dataclass(frozen=True, slots=True)
class Settings:
    """The platform's configuration, immutable once read."""

    env: Environment
    data_dir: Path
    database_url: str
    """``CLEA_DATABASE_URL``: on PostgreSQL, the runtime login role's."""
    base_url: str
    secret_key: str
    frontend_dir: Path = DEFAULT_FRONTEND_DIR
    smtp_url: str = ""
    # Years of inactivity after which a candidate's personal data is erased (GDPR).
    retention_years: int = 5
    migration_database_url: str = ""
    """``CLEA_MIGRATION_DATABASE_URL``, the tables' owner; empty: ``database_url``."""
    # Schema introspection and the GraphiQL page (on in development, off in production).
    graphql_introspection: bool = True
    # Peers whose X-Forwarded-For is believed (the load balancers in front of the app).
    trusted_proxies: tuple[IPNetwork, ...] = ()
    # Where uploaded documents go (``clea_platform.storage``): the data directory or the
    # database (several app nodes).
    storage: Storage = "local"
    # ``transaction``: CLEA_DATABASE_URL goes through PgBouncer in transaction pooling (no
    # server-side prepared statements; see docs/deployment.md).
    database_pooling: Pooling = "session"
    replica_database_url: str = ""
    """``CLEA_REPLICA_DATABASE_URL``: a standby statistics and exports read from (empty:
    the primary)."""
    jobs_database_url: str = ""
    """``CLEA_JOBS_DATABASE_URL``: the job queue's own connections (LISTEN/NOTIFY and a
    session-level search path: PostgreSQL itself, not PgBouncer in transaction pooling);
    empty: ``database_url``."""

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def secure_cookies(self) -> bool:
        """Cookies are Secure everywhere but plain-HTTP localhost development."""
        host = urlsplit(self.base_url).hostname or ""
        return not (self.base_url.startswith("http://") and host in LOCAL_HOSTS)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def queue_database_url(self) -> str:
        """The URL the job queue's connections (procrastinate) use."""
        return self.jobs_database_url or self.database_url

    @property
    def owner_database_url(self) -> str:
        """The URL ``clea db upgrade`` connects with (the tables' owner)."""
        return self.migration_database_url or self.database_url

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings; in development, create ``data_dir`` and the secret if needed."""
        env_vars = os.environ if environ is None else environ
        env = _read_env(env_vars)
        data_dir = Path(env_vars.get("CLEA_DATA_DIR") or "var").resolve()
        database_url = env_vars.get("CLEA_DATABASE_URL", "").strip()
        migration_database_url = env_vars.get("CLEA_MIGRATION_DATABASE_URL", "").strip()
        secret_key = env_vars.get("CLEA_SECRET_KEY", "").strip()
        if env == "production":
            required = (("CLEA_DATABASE_URL", database_url), ("CLEA_SECRET_KEY", secret_key))
            for name, value in required:
                if not value:
                    raise ConfigurationError(
                        f"{name} est obligatoire quand CLEA_ENV=production.",
                        hint=f"Définissez la variable d'environnement {name}.",
                    )
        if not database_url:
            database_url = f"sqlite+aiosqlite:///{data_dir / SQLITE_FILE_NAME}"
        if not secret_key:
            secret_key = _read_or_create_secret(data_dir)
        base_url = (env_vars.get("CLEA_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
        return cls(
            env=env,
            data_dir=data_dir,
            database_url=normalise_database_url(database_url),
            base_url=base_url,
            secret_key=secret_key,
            frontend_dir=Path(env_vars.get("CLEA_FRONTEND_DIR") or DEFAULT_FRONTEND_DIR),
            smtp_url=env_vars.get("CLEA_SMTP_URL", "").strip(),
            retention_years=_read_retention_years(env_vars),
            migration_database_url=normalise_database_url(migration_database_url),
            graphql_introspection=_read_flag(
                env_vars, "CLEA_GRAPHQL_INTROSPECTION", default=env != "production"
            ),
            trusted_proxies=_read_trusted_proxies(env_vars),
            storage=_read_choice(env_vars, "CLEA_STORAGE", ("local", "postgresql")),  # type: ignore[arg-type]
            database_pooling=_read_choice(  # type: ignore[arg-type]
                env_vars, "CLEA_DATABASE_POOLING", ("session", "transaction")
            ),
            replica_database_url=normalise_database_url(
                env_vars.get("CLEA_REPLICA_DATABASE_URL", "").strip()
            ),
            jobs_database_url=normalise_database_url(
                env_vars.get("CLEA_JOBS_DATABASE_URL", "").strip()
            ),
        )


def normalise_database_url(url: str) -> str:
    """Pick the async driver the request path needs for the URLs people usually write."""
    for plain, async_prefix in (
        ("postgresql://", "postgresql+psycopg://"),
        ("postgres://", "postgresql+psycopg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(plain):
            return async_prefix + url[len(plain) :]
    return url


def _read_env(env_vars: Mapping[str, str]) -> Environment:
    value = env_vars.get("CLEA_ENV", "development").strip() or "development"
    if value not in ("development", "production"):
        raise ConfigurationError(
            f"CLEA_ENV vaut « {value} » : valeurs possibles « development » ou « production ».",
            hint="Corrigez la variable d'environnement CLEA_ENV.",
        )
    return value  # type: ignore[return-value]


def _read_retention_years(env_vars: Mapping[str, str]) -> int:
    value = env_vars.get("CLEA_RETENTION_YEARS", "").strip() or "5"
    if not (value.isascii() and value.isdigit() and int(value) >= 1):
        raise ConfigurationError(
            f"CLEA_RETENTION_YEARS vaut « {value} » : un nombre entier d'années (1 ou plus) "
            "est attendu.",
            hint="Corrigez la variable d'environnement CLEA_RETENTION_YEARS (5 par défaut).",
        )
    return int(value)


def _read_choice(env_vars: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    """One of ``choices`` (the first when the variable is unset)."""
    value = env_vars.get(name, "").strip().lower() or choices[0]
    if value not in choices:
        allowed = " ou ".join(f"« {choice} »" for choice in choices)
        raise ConfigurationError(
            f"{name} vaut « {value} » : valeurs possibles {allowed}.",
            hint=f"Corrigez la variable d'environnement {name}.",
        )
    return value


def _read_flag(env_vars: Mapping[str, str], name: str, *, default: bool) -> bool:
    value = env_vars.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigurationError(
        f"{name} vaut « {value} » : valeurs possibles « true » ou « false ».",
        hint=f"Corrigez la variable d'environnement {name}.",
    )


def _read_trusted_proxies(env_vars: Mapping[str, str]) -> tuple[IPNetwork, ...]:
    """``CLEA_TRUSTED_PROXIES``: addresses or networks, comma-separated."""
    networks: list[IPNetwork] = []
    for item in env_vars.get("CLEA_TRUSTED_PROXIES", "").split(","):
        if not item.strip():
            continue
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            raise ConfigurationError(
                f"CLEA_TRUSTED_PROXIES contient « {item.strip()} », qui n'est ni une adresse "
                "IP ni un réseau (exemple : 10.0.0.0/8,192.0.2.10).",
                hint="Corrigez la variable d'environnement CLEA_TRUSTED_PROXIES.",
            ) from None
    return tuple(networks)


def _read_or_create_secret(data_dir: Path) -> str:
    secret_file = data_dir / SECRET_FILE_NAME
    if secret_file.exists():
        return secret_file.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    # Created with owner-only permissions: the secret signs sessions and tokens.
    fd = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret + "\n")
    return secret
