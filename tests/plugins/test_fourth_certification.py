"""A new certification is a new plugin, never a change to the core.

``fourth_certification/`` holds a small plugin package, ``clea_test_langues``, that
provides CLEA_LANGUES_TEST. Installed next to the platform (built and installed by pip:
``installed.py``), it shows up in the CLI, in the database and in the GraphQL API with no
change in ``platform/``; ``tests/e2e/test_fourth_certification_package.py`` takes one of
its dossiers to a verified certificate.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pluggy
import pytest

from clea_platform.core.config import Settings
from clea_platform.core.errors import PluginError
from clea_platform.db.migrate import upgrade
from clea_platform.plugins import hookimpl
from clea_platform.plugins.registry import CertificationRegistry, build_plugin_manager
from clea_platform.referentiels.document import ReferentielFileError
from clea_platform.web.app import create_app
from clea_socle.plugin import CLEA
from tests.databases import ThrowawayDatabase
from tests.plugins.installed import install_fourth_certification

REPO_ROOT = Path(__file__).resolve().parents[2]
FOURTH_DIR = Path(__file__).parent / "fourth_certification"
PACKAGE = "clea_test_langues"
CODE = "CLEA_LANGUES_TEST"
BUILT_INS = ["CLEA", "CLEA_NUMERIQUE", "CLEA_MANAGEMENT"]
REFERENTIEL_JSON: dict[str, Any] = json.loads(
    (FOURTH_DIR / PACKAGE / "referentiel.json").read_text(encoding="utf-8")
)


def expected_items(nodes: list[dict[str, Any]], parent: str | None = None) -> list[dict[str, Any]]:
    """The file's nodes depth first, as the GraphQL API lists them."""
    levels = REFERENTIEL_JSON["levels"]
    items = []
    for position, node in enumerate(nodes):
        depth = 1 if parent is None else node["code"].count(".") + 1
        items.append(
            {
                "code": node["code"],
                "title": node["title"],
                "depth": depth,
                "levelName": levels[depth - 1],
                "position": position,
                "parentCode": parent,
                "isLeaf": "items" not in node,
                "provisional": node.get("provisional", False),
            }
        )
        items.extend(expected_items(node.get("items", []), node["code"]))
    return items


def plugin_module(name: str, **hooks: Callable[..., Any]) -> types.ModuleType:
    """A plugin module built on the fly, each keyword a hook implementation."""
    module = types.ModuleType(name)
    for hook_name, function in hooks.items():
        setattr(module, hook_name, hookimpl(function))
    return module


@pytest.fixture
def langues_plugin(monkeypatch: pytest.MonkeyPatch) -> Iterator[types.ModuleType]:
    """The test plugin's module, imported from its source folder and forgotten afterwards."""
    monkeypatch.syspath_prepend(str(FOURTH_DIR))
    try:
        yield importlib.import_module(f"{PACKAGE}.plugin")
    finally:
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder where pip installed the plugin, from the wheel built of its own project."""
    return install_fourth_certification(tmp_path_factory.mktemp("fourth-certification"))


def clea(
    *args: str, tmp_path: Path, site: Path | None, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the ``clea`` command, with the plugin installed when ``site`` is given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLEA_")}
    env["CLEA_DATA_DIR"] = str(tmp_path / "data")
    env.pop("PYTHONPATH", None)
    if site is not None:
        env["PYTHONPATH"] = str(site)
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "clea_platform.cli.main", *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- the CLI --------------------------------------------------------------------------------


def test_an_installed_fourth_plugin_is_listed_by_clea_plugins_next_to_the_built_ins(
    site_dir: Path, tmp_path: Path
) -> None:
    # given the plugin installed beside the platform
    # when
    result = clea("plugins", "--json", tmp_path=tmp_path, site=site_dir)
    # then it is listed after the three built-ins, with its référentiel's counts
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert [entry["code"] for entry in entries] == [*BUILT_INS, CODE]
    assert entries[-1] == {
        "code": CODE,
        "title": "CléA langues (test) — communiquer dans une langue étrangère au travail",
        "certifier": "Certif'Pro",
        "plugin": "clea_test_langues",
        "referentiel": {
            "version": "test-1",
            "status": "provisional",
            "counts": {"compétence": 2, "critère": 5},
        },
    }


def test_clea_plugins_lists_the_fourth_plugin_in_its_text_output_too(
    site_dir: Path, tmp_path: Path
) -> None:
    result = clea("plugins", tmp_path=tmp_path, site=site_dir)
    assert result.returncode == 0, result.stderr
    assert CODE in result.stdout
    assert "extension clea_test_langues · référentiel test-1 (provisional)" in result.stdout
    assert "2 compétence · 5 critère" in result.stdout


def test_without_the_package_only_the_built_ins_are_listed(tmp_path: Path) -> None:
    result = clea("plugins", "--json", tmp_path=tmp_path, site=None)
    assert result.returncode == 0, result.stderr
    assert [entry["code"] for entry in json.loads(result.stdout)] == BUILT_INS


def test_a_new_version_of_the_fourth_referentiel_is_imported_by_the_cli(
    site_dir: Path,
    tmp_path: Path,
    fresh_database: ThrowawayDatabase,
    fresh_settings: Settings,
) -> None:
    # given the plugin installed and a migrated, empty database
    upgrade(fresh_settings)
    path = tmp_path / "langues-2.json"
    path.write_text(json.dumps({**REFERENTIEL_JSON, "version": "test-2"}), encoding="utf-8")
    # when a new version of its référentiel is imported and published
    result = clea(
        "referentiel",
        "import",
        str(path),
        "--publish",
        tmp_path=tmp_path,
        site=site_dir,
        extra_env={**fresh_database.environ(), "CLEA_SECRET_KEY": fresh_settings.secret_key},
    )
    # then the platform accepts it like any other certification's
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"Référentiel importé : {CODE} test-2 (published)."


# --- the GraphQL API ------------------------------------------------------------------------

QUERY = """
query FourthCertification($code: String!) {
  certifications {
    code
    plugin
    limits { finalEvaluationMaxMinutes }
    currentVersion { version levels { name count officialCount } }
  }
  referentiel(code: $code) {
    __typename
    ... on ReferentielVersion {
      certificationCode
      version
      status
      provisional
      items { code title depth levelName position parentCode isLeaf provisional }
    }
    ... on ReferentielNotFound { code message }
  }
}
"""


async def test_a_fourth_plugin_appears_in_the_graphql_api_with_its_item_tree(
    langues_plugin: types.ModuleType, fresh_settings: Settings
) -> None:
    # given a platform started with the plugin, on a database of its own
    upgrade(fresh_settings)
    registry = CertificationRegistry(build_plugin_manager(extra_plugins=[langues_plugin]))
    app = create_app(fresh_settings, registry)
    # when the API is asked for the certifications and the new référentiel
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            payload = {"query": QUERY, "variables": {"code": CODE}}
            response = await http.post(
                "/graphql", json=payload, headers={"X-Requested-With": "clea-tests"}
            )
    # then it is listed after the built-ins, its bundled référentiel synced and published
    body = response.json()
    assert "errors" not in body, body["errors"]
    certifications = body["data"]["certifications"]
    assert [c["code"] for c in certifications] == [*BUILT_INS, CODE]
    assert certifications[-1] == {
        "code": CODE,
        "plugin": "clea_test_langues.plugin",
        "limits": {"finalEvaluationMaxMinutes": 120},
        "currentVersion": {
            "version": "test-1",
            "levels": [
                {"name": "compétence", "count": 2, "officialCount": 2},
                {"name": "critère", "count": 5, "officialCount": 5},
            ],
        },
    }
    referentiel = body["data"]["referentiel"]
    assert referentiel["__typename"] == "ReferentielVersion"
    assert referentiel["certificationCode"] == CODE
    assert (referentiel["version"], referentiel["status"]) == ("test-1", "PUBLISHED")
    assert referentiel["provisional"] is True
    assert referentiel["items"] == expected_items(REFERENTIEL_JSON["domains"])


def test_the_fourth_certification_is_scored_by_its_own_rule(
    langues_plugin: types.ModuleType,
) -> None:
    # given the registry with the plugin
    registry = CertificationRegistry(build_plugin_manager(extra_plugins=[langues_plugin]))
    certification = registry.get(CODE)
    tree = certification.bundled_referentiel.tree
    results = dict.fromkeys(tree.leaf_codes(), "acquis")
    results["2.3"] = "non_acquis"
    # when
    outcome = certification.scoring.score(tree, results)
    # then
    assert outcome.gaps == ("2.3",)
    assert outcome.mastery["1"].acquired
    assert not outcome.mastery["2"].acquired


def test_the_core_never_names_the_fourth_certification() -> None:
    # given every source file of the core
    sources = list((REPO_ROOT / "platform").rglob("*.py"))
    # then none of them knows the test plugin: it was added without touching platform/
    assert sources
    for source in sources:
        text = source.read_text(encoding="utf-8")
        assert CODE not in text, source
        assert PACKAGE not in text, source


# --- what the plugin manager refuses --------------------------------------------------------


def test_a_misspelled_hook_name_is_refused_when_plugins_are_loaded() -> None:
    # given a plugin implementing "clea_register_certification" (singular)
    misspelled = plugin_module("clea_test_misspelled", clea_register_certification=lambda: [CLEA])
    # when / then loading it fails loudly instead of silently ignoring the hook
    with pytest.raises(pluggy.PluginValidationError) as refused:
        build_plugin_manager(load_entry_points=False, extra_plugins=[misspelled])
    assert "clea_register_certification" in str(refused.value)


def test_two_plugins_declaring_the_same_code_are_refused_in_french(
    langues_plugin: types.ModuleType,
) -> None:
    # given a second plugin declaring the test plugin's certification again
    copycat = plugin_module(
        "clea_test_copycat", clea_register_certifications=lambda: [langues_plugin.CLEA_LANGUES_TEST]
    )
    manager = build_plugin_manager(load_entry_points=False, extra_plugins=[langues_plugin, copycat])
    # when / then
    with pytest.raises(PluginError) as refused:
        CertificationRegistry(manager)
    assert refused.value.message == (
        "Les extensions « clea_test_langues.plugin » et « clea_test_copycat » déclarent "
        f"toutes deux la certification {CODE}."
    )
    assert refused.value.hint == "Désinstallez l'une des deux extensions."


def test_a_plugin_cannot_take_over_a_built_in_certification_code() -> None:
    # given a plugin declaring CLEA next to the installed built-ins
    impostor = plugin_module("clea_test_impostor", clea_register_certifications=lambda: [CLEA])
    manager = build_plugin_manager(extra_plugins=[impostor])
    # when / then
    with pytest.raises(PluginError) as refused:
        CertificationRegistry(manager)
    assert "« clea_socle » et « clea_test_impostor »" in refused.value.message
    assert "la certification CLEA." in refused.value.message


def test_a_certification_whose_bundled_referentiel_has_another_code_is_refused(
    langues_plugin: types.ModuleType,
) -> None:
    # given a plugin declaring CLEA_ANGLAIS_TEST with the CLEA_LANGUES_TEST file
    renamed = dataclasses.replace(langues_plugin.CLEA_LANGUES_TEST, code="CLEA_ANGLAIS_TEST")
    mismatched = plugin_module("clea_test_anglais", clea_register_certifications=lambda: [renamed])
    manager = build_plugin_manager(load_entry_points=False, extra_plugins=[mismatched])
    # when / then
    with pytest.raises(PluginError) as refused:
        CertificationRegistry(manager)
    assert refused.value.message == (
        "L'extension « clea_test_anglais » déclare CLEA_ANGLAIS_TEST mais son référentiel "
        f"est celui de {CODE}."
    )
    assert refused.value.hint == (
        "Corrigez certification.code dans le fichier de référentiel de l'extension."
    )


def test_a_plugin_with_a_broken_bundled_referentiel_is_refused_naming_its_file(
    langues_plugin: types.ModuleType, tmp_path: Path
) -> None:
    # given the test certification pointing at a file with a duplicate code
    broken = json.loads(json.dumps(REFERENTIEL_JSON))
    broken["domains"][1]["items"][0]["code"] = "1.1"
    path = tmp_path / "referentiel.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    certification = dataclasses.replace(langues_plugin.CLEA_LANGUES_TEST, referentiel_path=path)
    plugin = plugin_module("clea_test_broken", clea_register_certifications=lambda: [certification])
    manager = build_plugin_manager(load_entry_points=False, extra_plugins=[plugin])
    # when / then
    with pytest.raises(ReferentielFileError) as refused:
        CertificationRegistry(manager)
    assert refused.value.source == str(path)
    assert [p.json_path for p in refused.value.problems] == ["$.domains[1].items[0].code"]
