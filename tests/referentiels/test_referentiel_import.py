"""Storing référentiel versions: the bundled sync, imports, publication, and
``clea referentiel import`` end to end. A refused import stores nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

import clea_socle.plugin
from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, create_sync_engine_for
from clea_platform.db.migrate import upgrade
from clea_platform.plugins.registry import CertificationRegistry, build_plugin_manager
from clea_platform.referentiels.document import (
    Problem,
    ReferentielDocument,
    ReferentielFileError,
    parse_referentiel,
)
from clea_platform.referentiels.models import (
    Referentiel,
    ReferentielItem,
    ReferentielVersion,
    VersionSource,
    VersionStatus,
)
from clea_platform.referentiels.service import (
    ReferentielNotFoundError,
    get_version,
    import_referentiel,
    installed_version,
    items_of_versions,
    publish_version,
    sync_bundled_referentiels,
    tree_of,
)
from tests.databases import ThrowawayDatabase

REPO_ROOT = Path(__file__).resolve().parents[2]
CLEA_FILE = REPO_ROOT / "plugins" / "clea_socle" / "referentiel.json"
NUMERIQUE_FILE = REPO_ROOT / "plugins" / "clea_numerique" / "referentiel.json"
CLEA_NODES = 7 + 28 + 107
TABLES = (Referentiel, ReferentielVersion, ReferentielItem)


def raw_variant(path: Path, **changes: Any) -> dict[str, Any]:
    """A bundled file's JSON with some top-level keys replaced."""
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    raw.update(changes)
    return raw


def variant(path: Path, **changes: Any) -> ReferentielDocument:
    return parse_referentiel(json.dumps(raw_variant(path, **changes)), source="variante.json")


async def stored(session: AsyncSession) -> dict[str, int]:
    """How many rows each référentiel table holds."""
    counts = {}
    for model in TABLES:
        count = await session.scalar(select(func.count()).select_from(model))
        counts[model.__tablename__] = count or 0
    return counts


async def statuses(session: AsyncSession, code: str) -> dict[str, VersionStatus]:
    rows = await session.execute(
        select(ReferentielVersion.label, ReferentielVersion.status)
        .join(Referentiel)
        .where(Referentiel.certification_code == code)
    )
    return {label: status for label, status in rows}


@pytest.fixture
async def synced(db_session: AsyncSession, registry: CertificationRegistry) -> AsyncSession:
    """The test's session with the bundled référentiels stored (rolled back afterwards)."""
    await sync_bundled_referentiels(db_session, registry)
    return db_session


# --- sync of the bundled référentiels -------------------------------------------------------


async def test_syncing_the_bundled_referentiels_twice_adds_nothing_the_second_time(
    db_session: AsyncSession, registry: CertificationRegistry
) -> None:
    # given a first sync (which may find them already stored by the app's start-up)
    first = await sync_bundled_referentiels(db_session, registry)
    before = await stored(db_session)
    # when syncing again
    second = await sync_bundled_referentiels(db_session, registry)
    # then every certification is reported unchanged and no row is added
    assert sorted(first.added + first.unchanged) == sorted(registry.codes())
    assert second.added == ()
    assert sorted(second.unchanged) == sorted(registry.codes())
    assert await stored(db_session) == before


async def test_sync_publishes_the_bundled_version_of_every_certification(
    synced: AsyncSession, registry: CertificationRegistry
) -> None:
    for certification in registry:
        # given a plugin's bundled référentiel
        document = certification.bundled_referentiel
        # when its published version is read
        version = await get_version(synced, certification.code)
        # then it is the bundled one, with all of its nodes
        assert version.label == document.version
        assert version.status == VersionStatus.PUBLISHED
        assert version.source == VersionSource.BUNDLED
        assert version.published_at is not None
        assert version.source_sha256 == document.sha256
        items = (await items_of_versions(synced, [version.id]))[version.id]
        assert len(items) == len(list(document.tree.walk()))


async def test_a_stored_version_gives_back_the_tree_of_its_file(synced: AsyncSession) -> None:
    # given the stored CléA version
    version = await get_version(synced, "CLEA")
    items = (await items_of_versions(synced, [version.id]))[version.id]
    # when its tree is rebuilt from the rows
    tree = tree_of(version, items)
    # then it is the tree of the bundled file, provisional flags included
    document = variant(CLEA_FILE)
    assert tree == document.tree
    assert {node.code for node in tree.walk() if node.provisional} == {
        "4.1",
        "4.2",
        "4.3",
        "4.4",
        "6.1",
        "6.2",
        "6.3",
    }


# --- import and publication -----------------------------------------------------------------


async def test_an_imported_version_is_stored_as_a_draft_by_default(
    synced: AsyncSession, registry: CertificationRegistry
) -> None:
    # given a new CléA version
    before = await stored(synced)
    bundled_label = registry.get("CLEA").bundled_referentiel.version
    document = variant(CLEA_FILE, version="2025-officiel")
    # when it is imported
    version = await import_referentiel(synced, registry, document, source="variante.json")
    # then it is a draft, and the bundled version stays the one new dossiers get
    assert version.status == VersionStatus.DRAFT
    assert version.source == VersionSource.IMPORTED
    assert version.published_at is None
    assert (await get_version(synced, "CLEA")).label == bundled_label
    assert (await get_version(synced, "CLEA", "2025-officiel")).id == version.id
    assert await stored(synced) == {
        "referentiel": before["referentiel"],
        "referentiel_version": before["referentiel_version"] + 1,
        "referentiel_item": before["referentiel_item"] + CLEA_NODES,
    }


async def test_importing_with_publish_publishes_it_and_retires_the_previous_published_one(
    synced: AsyncSession, registry: CertificationRegistry
) -> None:
    # given the bundled CléA version published
    bundled_label = registry.get("CLEA").bundled_referentiel.version
    document = variant(CLEA_FILE, version="2025-officiel", status="official")
    # when a new version is imported with publish=True
    version = await import_referentiel(
        synced, registry, document, source="variante.json", publish=True
    )
    # then it is the published one, and the bundled one is retired
    assert version.status == VersionStatus.PUBLISHED
    assert version.published_at is not None
    assert not version.provisional
    assert (await get_version(synced, "CLEA")).id == version.id
    assert await statuses(synced, "CLEA") == {
        bundled_label: VersionStatus.RETIRED,
        "2025-officiel": VersionStatus.PUBLISHED,
    }


async def test_publishing_a_draft_retires_the_version_published_before(
    synced: AsyncSession, registry: CertificationRegistry
) -> None:
    # given two drafts imported next to the published bundled version
    bundled_label = registry.get("CLEA_MANAGEMENT").bundled_referentiel.version
    management_file = REPO_ROOT / "plugins" / "clea_management" / "referentiel.json"
    first = await import_referentiel(
        synced, registry, variant(management_file, version="brouillon-1"), source="a.json"
    )
    await import_referentiel(
        synced, registry, variant(management_file, version="brouillon-2"), source="b.json"
    )
    # when the first draft is published
    await publish_version(synced, first)
    # then exactly one version is published; the other draft is untouched
    assert await statuses(synced, "CLEA_MANAGEMENT") == {
        bundled_label: VersionStatus.RETIRED,
        "brouillon-1": VersionStatus.PUBLISHED,
        "brouillon-2": VersionStatus.DRAFT,
    }


async def test_a_numerique_version_with_another_threshold_is_stored_with_it(
    synced: AsyncSession, registry: CertificationRegistry
) -> None:
    # given a CléA numérique version with an 80 % threshold
    scoring = {"threshold_percent": 80}
    document = variant(NUMERIQUE_FILE, version="2026-seuil-80", scoring=scoring)
    # when it is imported
    version = await import_referentiel(synced, registry, document, source="numerique.json")
    # then the version carries its own threshold
    assert version.scoring == scoring
    bundled = await get_version(synced, "CLEA_NUMERIQUE")
    assert bundled.scoring["threshold_percent"] == 75


async def test_getting_the_version_of_an_unknown_certification_is_not_found(
    synced: AsyncSession,
) -> None:
    with pytest.raises(ReferentielNotFoundError) as not_found:
        await get_version(synced, "CLEA_INCONNUE")
    assert not_found.value.unknown_certification
    assert not_found.value.message == "Aucun référentiel pour la certification « CLEA_INCONNUE »."


async def test_a_certification_no_installed_plugin_provides_is_unknown_though_stored(
    synced: AsyncSession,
) -> None:
    # given CléA numérique stored, and a platform whose plugins provide only CléA
    only_clea = CertificationRegistry(
        build_plugin_manager(load_entry_points=False, extra_plugins=[clea_socle.plugin])
    )
    assert (await get_version(synced, "CLEA_NUMERIQUE")).label
    # when / then its référentiel is not found, as an unknown certification
    with pytest.raises(ReferentielNotFoundError) as not_found:
        await installed_version(synced, only_clea, "CLEA_NUMERIQUE")
    assert not_found.value.unknown_certification
    assert not_found.value.message == "Certification inconnue : « CLEA_NUMERIQUE »."
    assert (await installed_version(synced, only_clea, "CLEA")).status == VersionStatus.PUBLISHED


async def test_getting_an_unknown_version_label_is_not_found(synced: AsyncSession) -> None:
    with pytest.raises(ReferentielNotFoundError) as not_found:
        await get_version(synced, "CLEA", "1999")
    assert not not_found.value.unknown_certification
    assert not_found.value.message == "La certification « CLEA » n'a pas de version « 1999 »."


# --- refused imports store nothing ----------------------------------------------------------


async def test_importing_an_already_used_version_label_is_refused_and_stores_nothing(
    synced: AsyncSession, registry: CertificationRegistry
) -> None:
    # given the bundled CléA version already stored
    before = await stored(synced)
    label = registry.get("CLEA").bundled_referentiel.version
    document = variant(CLEA_FILE, status="official")
    # when a file reusing its label is imported
    with pytest.raises(ReferentielFileError) as refused:
        await import_referentiel(synced, registry, document, source="variante.json", publish=True)
    # then it is refused on $.version and nothing changed
    assert refused.value.problems == [
        Problem("$.version", f"la version « {label} » existe déjà pour CLEA")
    ]
    assert await stored(synced) == before
    assert await statuses(synced, "CLEA") == {label: VersionStatus.PUBLISHED}


async def test_importing_a_draft_label_a_second_time_is_refused(
    synced: AsyncSession, registry: CertificationRegistry
) -> None:
    # given a draft already imported
    document = variant(CLEA_FILE, version="brouillon")
    await import_referentiel(synced, registry, document, source="a.json")
    before = await stored(synced)
    # when the same label is imported again
    with pytest.raises(ReferentielFileError) as refused:
        await import_referentiel(synced, registry, document, source="a.json")
    # then
    assert [p.json_path for p in refused.value.problems] == ["$.version"]
    assert await stored(synced) == before


async def test_importing_an_unknown_certification_code_is_refused_and_stores_nothing(
    synced: AsyncSession, registry: CertificationRegistry
) -> None:
    # given a file for a certification no plugin provides
    before = await stored(synced)
    certification = {"code": "CLEA_INCONNUE", "title": "Inconnue", "certifier": "Personne"}
    document = variant(CLEA_FILE, certification=certification, version="v1")
    # when / then
    with pytest.raises(ReferentielFileError) as refused:
        await import_referentiel(synced, registry, document, source="inconnue.json")
    assert refused.value.problems == [
        Problem(
            "$.certification.code",
            "certification « CLEA_INCONNUE » inconnue "
            "(installées : CLEA, CLEA_NUMERIQUE, CLEA_MANAGEMENT)",
        )
    ]
    assert await stored(synced) == before


async def test_importing_numerique_scoring_without_threshold_is_refused_and_stores_nothing(
    synced: AsyncSession, registry: CertificationRegistry
) -> None:
    # given a CléA numérique version whose scoring forgot the threshold
    before = await stored(synced)
    document = variant(NUMERIQUE_FILE, version="2026", scoring={"award": "every competence"})
    # when / then the plugin's rule refuses it, on $.scoring
    with pytest.raises(ReferentielFileError) as refused:
        await import_referentiel(synced, registry, document, source="numerique.json")
    assert refused.value.problems == [
        Problem("$.scoring", "scoring.threshold_percent : seuil en pourcentage obligatoire")
    ]
    assert await stored(synced) == before


async def test_importing_numerique_with_a_threshold_out_of_range_is_refused(
    synced: AsyncSession, registry: CertificationRegistry
) -> None:
    before = await stored(synced)
    document = variant(NUMERIQUE_FILE, version="2026", scoring={"threshold_percent": 0})
    with pytest.raises(ReferentielFileError) as refused:
        await import_referentiel(synced, registry, document, source="numerique.json")
    assert refused.value.problems == [
        Problem("$.scoring", "scoring.threshold_percent : le seuil doit être entre 1 et 100")
    ]
    assert await stored(synced) == before


async def test_a_bad_threshold_and_a_used_label_are_reported_together(
    synced: AsyncSession, registry: CertificationRegistry
) -> None:
    # given the bundled label reused with no threshold
    before = await stored(synced)
    document = variant(NUMERIQUE_FILE, scoring={})
    # when / then both problems are listed at once
    with pytest.raises(ReferentielFileError) as refused:
        await import_referentiel(synced, registry, document, source="numerique.json")
    assert [p.json_path for p in refused.value.problems] == ["$.scoring", "$.version"]
    assert await stored(synced) == before


async def test_a_refused_import_adds_no_referentiel_row_to_an_empty_database(
    fresh_settings: Settings, registry: CertificationRegistry
) -> None:
    # given a migrated database where nothing has been synced yet
    upgrade(fresh_settings)
    engine = create_engine_for(fresh_settings)
    document = variant(NUMERIQUE_FILE, version="2026", scoring={})
    try:
        async with AsyncSession(engine) as session:
            # when an import is refused for its scoring parameters
            with pytest.raises(ReferentielFileError):
                await import_referentiel(session, registry, document, source="numerique.json")
            # then the session holds nothing new
            assert await stored(session) == dict.fromkeys(
                (model.__tablename__ for model in TABLES), 0
            )
    finally:
        await engine.dispose()


# --- clea referentiel import, end to end ----------------------------------------------------


@pytest.fixture
def cli_database(fresh_database: ThrowawayDatabase, fresh_settings: Settings) -> str:
    """A migrated database of its own, with no référentiel stored yet."""
    upgrade(fresh_settings)
    return fresh_database.url


@pytest.fixture
def cli_env(
    cli_database: str, fresh_database: ThrowawayDatabase, settings: Settings, tmp_path: Path
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLEA_")}
    env.update(
        fresh_database.environ(),
        CLEA_DATA_DIR=str(tmp_path / "data"),
        CLEA_SECRET_KEY=settings.secret_key,
        CLEA_ENV="development",
    )
    return env


def clea(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clea_platform.cli.main", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def rows_in(database_url: str) -> dict[str, Any]:
    """What the référentiel tables hold, read with a fresh connection."""
    engine = create_sync_engine_for(database_url)
    try:
        with engine.connect() as connection:
            counts = {
                model.__tablename__: connection.scalar(select(func.count()).select_from(model))
                for model in TABLES
            }
            versions = connection.execute(
                select(ReferentielVersion.label, ReferentielVersion.status)
            ).all()
    finally:
        engine.dispose()
    return {**counts, "versions": {label: VersionStatus(status) for label, status in versions}}


EMPTY = {"referentiel": 0, "referentiel_version": 0, "referentiel_item": 0, "versions": {}}


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    directory = tmp_path / "work"
    directory.mkdir()
    return directory


def test_cli_import_of_a_good_file_stores_a_draft_and_says_so(
    cli_env: dict[str, str], cli_database: str, workdir: Path
) -> None:
    # given a copy of the CléA file under a new version label
    path = write_json(workdir / "clea-2025.json", raw_variant(CLEA_FILE, version="2025-test-1"))
    # when
    result = clea(cli_env, "referentiel", "import", str(path), cwd=workdir)
    # then
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "Référentiel importé : CLEA 2025-test-1 (draft)."
    assert result.stdout == ""
    assert rows_in(cli_database) == {
        "referentiel": 1,
        "referentiel_version": 1,
        "referentiel_item": CLEA_NODES,
        "versions": {"2025-test-1": VersionStatus.DRAFT},
    }


def test_cli_import_with_publish_publishes_and_retires_the_previous_version(
    cli_env: dict[str, str], cli_database: str, workdir: Path
) -> None:
    # given a first version imported and published
    first = write_json(workdir / "v1.json", raw_variant(CLEA_FILE, version="2025-v1"))
    imported = clea(cli_env, "referentiel", "import", str(first), "--publish", cwd=workdir)
    assert imported.returncode == 0, imported.stderr
    second = write_json(workdir / "v2.json", raw_variant(CLEA_FILE, version="2025-v2"))
    # when a second one is imported with --publish
    result = clea(cli_env, "referentiel", "import", str(second), "--publish", cwd=workdir)
    # then
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "Référentiel importé : CLEA 2025-v2 (published)."
    assert rows_in(cli_database)["versions"] == {
        "2025-v1": VersionStatus.RETIRED,
        "2025-v2": VersionStatus.PUBLISHED,
    }


def assert_refused(
    result: subprocess.CompletedProcess[str], path: Path, json_path: str, reason: str
) -> None:
    assert result.returncode != 0
    assert f"{path} — {json_path} : {reason}" in result.stderr
    assert "rien n'a été enregistré" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Erreur inattendue" not in result.stderr


def test_cli_import_of_malformed_json_reports_line_and_column_and_stores_nothing(
    cli_env: dict[str, str], cli_database: str, workdir: Path
) -> None:
    # given a file cut in the middle
    path = workdir / "tronque.json"
    path.write_text(CLEA_FILE.read_text(encoding="utf-8")[:200], encoding="utf-8")
    # when
    result = clea(cli_env, "referentiel", "import", str(path), "--publish", cwd=workdir)
    # then
    assert_refused(result, path, "$", "JSON mal formé ligne")
    assert rows_in(cli_database) == EMPTY


def test_cli_import_of_a_file_with_a_duplicate_code_reports_its_path_and_stores_nothing(
    cli_env: dict[str, str], cli_database: str, workdir: Path
) -> None:
    # given domain 7 renamed to the code of domain 1
    raw = raw_variant(CLEA_FILE, version="2025-doublon")
    raw["domains"][6]["code"] = "1"
    path = write_json(workdir / "doublon.json", raw)
    # when
    result = clea(cli_env, "referentiel", "import", str(path), cwd=workdir)
    # then
    assert_refused(result, path, "$.domains[6].code", "code « 1 » déjà utilisé en $.domains[0]")
    assert rows_in(cli_database) == EMPTY


def test_cli_import_of_an_unknown_certification_is_refused_and_stores_nothing(
    cli_env: dict[str, str], cli_database: str, workdir: Path
) -> None:
    certification = {"code": "CLEA_INCONNUE", "title": "Inconnue", "certifier": "Personne"}
    path = write_json(
        workdir / "inconnue.json", raw_variant(CLEA_FILE, certification=certification)
    )
    result = clea(cli_env, "referentiel", "import", str(path), cwd=workdir)
    assert_refused(result, path, "$.certification.code", "certification « CLEA_INCONNUE » inconnue")
    assert rows_in(cli_database) == EMPTY


def test_cli_import_of_numerique_without_threshold_is_refused_and_stores_nothing(
    cli_env: dict[str, str], cli_database: str, workdir: Path
) -> None:
    # given a CléA numérique file without threshold, into a database with no référentiel yet
    path = write_json(
        workdir / "numerique.json", raw_variant(NUMERIQUE_FILE, version="2026", scoring={})
    )
    # when
    result = clea(cli_env, "referentiel", "import", str(path), "--publish", cwd=workdir)
    # then not even the référentiel row is left behind
    assert_refused(
        result, path, "$.scoring", "scoring.threshold_percent : seuil en pourcentage obligatoire"
    )
    assert rows_in(cli_database) == EMPTY


def test_cli_import_of_an_already_used_label_is_refused_and_changes_nothing(
    cli_env: dict[str, str], cli_database: str, workdir: Path
) -> None:
    # given a version already imported and published
    path = write_json(workdir / "clea.json", raw_variant(CLEA_FILE, version="2025-v1"))
    imported = clea(cli_env, "referentiel", "import", str(path), "--publish", cwd=workdir)
    assert imported.returncode == 0, imported.stderr
    before = rows_in(cli_database)
    # when the same file is imported again
    result = clea(cli_env, "referentiel", "import", str(path), cwd=workdir)
    # then
    assert_refused(result, path, "$.version", "la version « 2025-v1 » existe déjà pour CLEA")
    assert rows_in(cli_database) == before


def test_cli_import_of_a_missing_file_is_refused(
    cli_env: dict[str, str], cli_database: str, workdir: Path
) -> None:
    path = workdir / "absent.json"
    result = clea(cli_env, "referentiel", "import", str(path), cwd=workdir)
    assert_refused(result, path, "$", "lecture impossible")
    assert rows_in(cli_database) == EMPTY
