"""The persistent database of the benchmarks at scale, built once by ``clea demo --scale N``.

Building 100 000 dossiers takes minutes, so the database outlives the run and later runs
reuse it:

* PostgreSQL: database ``clea_bench_scale_<N>`` on the test server
  (``CLEA_TEST_POSTGRES_URL``), owned by the role ``clea_bench_scale_<N>_owner`` and
  served by the runtime role ``clea_bench_scale_<N>_app``, as in production (both roles
  are kept with the database); SQLite: ``var/bench/clea_bench_scale_<N>.sqlite3``.
* Its processes share one secret (:data:`BENCH_SECRET_KEY`): the database verifies the
  contexts they sign with a key derived from it, and their signing keys are
  encrypted under it.
* ``N`` comes from ``CLEA_BENCH_SCALE`` (default 100 000 on PostgreSQL, 10 000 on SQLite).
* It is reused when it carries the completion marker (table ``bench_scale_marker``,
  written last: an interrupted build has none). A complete database behind the current
  migration head is upgraded in place (the migrations carry their own backfills, as in
  production), then analysed; one that cannot be upgraded (a head of another branch) or an
  incomplete one is dropped and built again: migrate, ``clea demo --scale N`` in a
  subprocess (as ``make run`` users do), ``VACUUM ANALYZE`` (autovacuum may not have
  run after the bulk load), then the marker.
* One process builds at a time (a PostgreSQL advisory lock, a lock file on SQLite).
* Drop it to force a rebuild: ``DROP DATABASE clea_bench_scale_100000`` or delete the file.

The benchmarks add only what their requests write: logins, audit events, and the
revisions of the one evaluation whose grid they save.
"""

from __future__ import annotations

import dataclasses
import fcntl
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_sync_engine_for
from clea_platform.db.migrate import alembic_config, upgrade
from tests.databases import engine_under_test, postgres_server_url

REPO_ROOT = Path(__file__).resolve().parents[2]
SCALE_VARIABLE = "CLEA_BENCH_SCALE"
DEFAULT_SCALE = {"postgresql": 100_000, "sqlite": 10_000}
MARKER_TABLE = "bench_scale_marker"
# Any constant: serialises builders of the scale databases on one server.
ADVISORY_LOCK = 0x0C1EA5CA1E
BENCH_SECRET_KEY = "clea-bench-scale-secret-" + "b" * 40


@dataclass(frozen=True, slots=True)
class Urls:
    url: str  # async URL of the runtime role, as the application takes it
    migration_url: str  # the tables' owner
    admin_url: str  # the server's superuser: sees past row-level security


@dataclass(frozen=True, slots=True)
class ScaleDatabase:
    urls: Urls
    scale: int
    built: bool  # built by this run (False: reused)
    build_seconds: float  # that ``clea demo --scale`` took when it was built

    @property
    def url(self) -> str:
        return self.urls.url

    @property
    def admin_url(self) -> str:
        return self.urls.admin_url

    def settings(self, base: Settings) -> Settings:
        """``base`` pointed at the scale database, with its secret."""
        return _settings(self.urls, base)


def _settings(urls: Urls, base: Settings) -> Settings:
    return dataclasses.replace(
        base,
        database_url=urls.url,
        migration_database_url="" if urls.migration_url == urls.url else urls.migration_url,
        secret_key=BENCH_SECRET_KEY,
    )


def bench_scale() -> int:
    engine = engine_under_test()
    raw = os.environ.get(SCALE_VARIABLE, "").replace("_", "").strip()
    scale = int(raw) if raw else DEFAULT_SCALE[engine]
    if scale < 1:
        raise ValueError(f"{SCALE_VARIABLE} must be a positive number of dossiers, not {raw!r}")
    return scale


def scale_database(scale: int | None = None) -> ScaleDatabase:
    """The scale database, reused if complete and current, built otherwise."""
    scale = scale or bench_scale()
    if engine_under_test() == "postgresql":
        return _postgresql(scale)
    return _sqlite(scale)


# --- PostgreSQL ----------------------------------------------------------------------


def _postgresql(scale: int) -> ScaleDatabase:
    name = f"clea_bench_scale_{scale}"
    owner = f"{name}_owner"
    server = make_url(postgres_server_url()).set(drivername="postgresql+psycopg")
    database = server.set(database=name)

    def as_role(role: str) -> str:
        return database.set(username=role, password=None).render_as_string(hide_password=False)

    urls = Urls(
        url=as_role(f"{name}_app"),
        migration_url=as_role(owner),
        admin_url=database.render_as_string(hide_password=False),
    )
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as lock:
            lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK})
            try:
                exists = lock.scalar(
                    text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
                )
                if exists:
                    seconds = _complete(urls, scale)
                    if seconds is not None:
                        return ScaleDatabase(urls, scale, built=False, build_seconds=seconds)
                    lock.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
                has_owner = lock.scalar(
                    text("SELECT 1 FROM pg_roles WHERE rolname = :owner"), {"owner": owner}
                )
                if not has_owner:
                    lock.execute(text(f'CREATE ROLE "{owner}" LOGIN CREATEROLE'))
                lock.execute(text(f'CREATE DATABASE "{name}" OWNER "{owner}"'))
                seconds = _build(urls, scale)
                return ScaleDatabase(urls, scale, built=True, build_seconds=seconds)
            finally:
                lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK})
    finally:
        admin.dispose()


# --- SQLite ----------------------------------------------------------------------------


def _sqlite(scale: int) -> ScaleDatabase:
    directory = REPO_ROOT / "var" / "bench"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"clea_bench_scale_{scale}.sqlite3"
    url = f"sqlite+aiosqlite:///{path}"
    urls = Urls(url=url, migration_url=url, admin_url=url)
    with open(directory / f"{path.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            seconds = _complete(urls, scale)
            if seconds is not None:
                return ScaleDatabase(urls, scale, built=False, build_seconds=seconds)
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        seconds = _build(urls, scale)
        return ScaleDatabase(urls, scale, built=True, build_seconds=seconds)


# --- shared ----------------------------------------------------------------------------


def _complete(urls: Urls, scale: int) -> float | None:
    """The build time recorded by the marker, if the database is complete and current
    (upgraded in place first when it is behind the head)."""
    url = urls.admin_url
    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    engine = create_sync_engine_for(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table(MARKER_TABLE):
                return None
            seconds = connection.scalar(
                text(f"SELECT demo_seconds FROM {MARKER_TABLE} WHERE scale = :scale"),
                {"scale": scale},
            )
            if seconds is None:
                return None
            current = set(MigrationContext.configure(connection).get_current_heads())
    finally:
        engine.dispose()
    if current != heads and not _upgrade_in_place(urls, current):
        return None
    return float(seconds)


def _upgrade_in_place(urls: Urls, current: set[str]) -> bool:
    print(
        f"\nUpgrading the bench database from {sorted(current)} to the head (in place).",
        file=sys.stderr,
        flush=True,
    )
    try:
        _give_marker_to_owner(urls)
        with tempfile.TemporaryDirectory(prefix="clea-bench-scale-") as data_dir:
            upgrade(_settings(urls, Settings.from_environ({"CLEA_DATA_DIR": data_dir})))
    except Exception as error:  # any failure means: build it again
        print(f"Upgrade impossible ({error}); building it again.", file=sys.stderr)
        return False
    _analyse(urls)
    return True


def _give_marker_to_owner(urls: Urls) -> None:
    """On PostgreSQL, the marker (created by the superuser) handed to the tables' owner:
    the upgrade's grants revoke the runtime role's rights on every table of the schema as
    the owner, who may do it only on tables it owns."""
    owner = make_url(urls.migration_url)
    if owner.get_backend_name() != "postgresql" or urls.migration_url == urls.admin_url:
        return
    engine = create_sync_engine_for(urls.admin_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f'ALTER TABLE {MARKER_TABLE} OWNER TO "{owner.username}"'))
    finally:
        engine.dispose()


def _analyse(urls: Urls) -> None:
    """VACUUM runs outside a transaction: statistics for the planner and, on PostgreSQL,
    the visibility map of index-only scans (autovacuum may not have run yet)."""
    postgresql = make_url(urls.url).get_backend_name() == "postgresql"
    engine = create_sync_engine_for(
        urls.admin_url, **({"isolation_level": "AUTOCOMMIT"} if postgresql else {})
    )
    try:
        with engine.connect() as connection:
            connection.execute(text("VACUUM ANALYZE" if postgresql else "ANALYZE"))
            connection.commit()
    finally:
        engine.dispose()


def _build(urls: Urls, scale: int) -> float:
    print(
        f"\nBuilding the bench database at scale {scale} (clea demo --scale {scale}); "
        "later runs reuse it.",
        file=sys.stderr,
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="clea-bench-scale-") as data_dir:
        upgrade(_settings(urls, Settings.from_environ({"CLEA_DATA_DIR": data_dir})))
        env = {
            **os.environ,
            "CLEA_DATABASE_URL": urls.url,
            "CLEA_SECRET_KEY": BENCH_SECRET_KEY,
            "CLEA_DATA_DIR": data_dir,
        }
        command = [sys.executable, "-m", "clea_platform.cli.main", "demo", "--scale", str(scale)]
        started = time.monotonic()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        seconds = time.monotonic() - started
    _analyse(urls)
    engine = create_sync_engine_for(urls.admin_url)
    try:
        with engine.connect() as connection:
            connection.execute(
                text(
                    f"CREATE TABLE {MARKER_TABLE} (scale INTEGER NOT NULL, "
                    "demo_seconds FLOAT NOT NULL, built_at VARCHAR(40) NOT NULL)"
                )
            )
            connection.execute(
                text(f"INSERT INTO {MARKER_TABLE} VALUES (:scale, :seconds, :at)"),
                {"scale": scale, "seconds": seconds, "at": time.strftime("%Y-%m-%dT%H:%M:%S%z")},
            )
            connection.commit()
    finally:
        engine.dispose()
    print(f"Bench database built: clea demo --scale {scale} took {seconds:.0f} s.", file=sys.stderr)
    return seconds
