"""Reading ``clea-referentiel/1`` files: the bundled ones parse, bad ones are refused.

Every refusal names the JSON path and gives a French reason, all problems at once.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clea_platform.referentiels.document import (
    Problem,
    ReferentielDocument,
    ReferentielFileError,
    load_referentiel_file,
    parse_referentiel,
)
from clea_platform.referentiels.tree import TreeNode

REPO_ROOT = Path(__file__).resolve().parents[2]
CLEA_FILE = REPO_ROOT / "plugins" / "clea_socle" / "referentiel.json"
NUMERIQUE_FILE = REPO_ROOT / "plugins" / "clea_numerique" / "referentiel.json"
MANAGEMENT_FILE = REPO_ROOT / "plugins" / "clea_management" / "referentiel.json"
BUNDLED_FILES = (CLEA_FILE, NUMERIQUE_FILE, MANAGEMENT_FILE)


def small_document() -> dict[str, Any]:
    """A valid two-level document to break one piece at a time."""
    return {
        "format": "clea-referentiel/1",
        "certification": {"code": "DEMO", "title": "Démo", "certifier": "Certif'Pro"},
        "version": "v1",
        "status": "provisional",
        "levels": ["domaine", "critère"],
        "domains": [
            {
                "code": "1",
                "title": "Communiquer",
                "items": [
                    {"code": "1.1", "title": "Écouter"},
                    {"code": "1.2", "title": "Parler"},
                ],
            },
            {"code": "2", "title": "Calculer", "items": [{"code": "2.1", "title": "Compter"}]},
        ],
    }


def refusal(data: Any) -> list[Problem]:
    """The problems a document is refused for; fails the test if it is accepted."""
    raw = json.dumps(data, ensure_ascii=False)
    with pytest.raises(ReferentielFileError) as refused:
        parse_referentiel(raw, source="demo.json")
    return refused.value.problems


def paths(problems: list[Problem]) -> list[str]:
    return [problem.json_path for problem in problems]


def flagged_in_json(nodes: list[dict[str, Any]]) -> set[str]:
    """Codes of the nodes marked ``provisional: true`` in a raw JSON tree."""
    flagged: set[str] = set()
    for node in nodes:
        if node.get("provisional") is True:
            flagged.add(node["code"])
        flagged |= flagged_in_json(node.get("items", []))
    return flagged


# --- the bundled files ----------------------------------------------------------------------


def test_the_bundled_clea_file_has_7_domaines_28_sous_domaines_and_107_criteres() -> None:
    # given the CléA file as shipped
    # when it is loaded
    document = load_referentiel_file(CLEA_FILE)
    # then its tree has the shipped counts, leaves being the 107 criteria
    assert document.certification_code == "CLEA"
    assert document.tree.levels == ("domaine", "sous-domaine", "critère")
    assert document.tree.counts_per_level() == {"domaine": 7, "sous-domaine": 28, "critère": 107}
    assert len(document.tree.leaf_codes()) == 107
    assert all(leaf.depth == 3 for leaf in document.tree.leaves())


def test_the_bundled_clea_file_keeps_the_official_count_that_differs_from_the_shipped_one() -> None:
    # given the CléA transcription, which has one criterion more than the official text
    # when it is loaded
    document = load_referentiel_file(CLEA_FILE)
    # then the official counts are kept as written, for the UI to show the discrepancy
    assert document.counts_official == {"domaine": 7, "sous-domaine": 28, "critère": 106}
    assert document.provisional


def test_the_bundled_clea_file_keeps_the_provisional_flags_of_sub_domains_4_and_6() -> None:
    # given the nodes the JSON itself flags as provisional
    raw = json.loads(CLEA_FILE.read_text(encoding="utf-8"))
    flagged = flagged_in_json(raw["domains"])
    # when the file is loaded
    document = load_referentiel_file(CLEA_FILE)
    # then exactly those nodes are provisional: sub-domains 4.1–4.4 and 6.1–6.3, not their criteria
    provisional = {node.code for node in document.tree.walk() if node.provisional}
    assert provisional == flagged
    assert provisional == {"4.1", "4.2", "4.3", "4.4", "6.1", "6.2", "6.3"}
    assert all(node.depth == 2 for node in document.tree.walk() if node.provisional)


def test_the_bundled_numerique_file_has_four_competences_and_a_75_percent_threshold() -> None:
    # given / when
    document = load_referentiel_file(NUMERIQUE_FILE)
    # then
    assert document.certification_code == "CLEA_NUMERIQUE"
    assert document.tree.counts_per_level() == {"compétence": 4}
    assert document.tree.scoring_parameters["threshold_percent"] == 75


def test_the_bundled_management_file_has_three_areas_of_competence() -> None:
    # given / when
    document = load_referentiel_file(MANAGEMENT_FILE)
    # then
    assert document.certification_code == "CLEA_MANAGEMENT"
    assert document.tree.counts_per_level() == {"domaine de compétences": 3}


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda path: path.parent.name)
def test_a_bundled_file_keeps_its_metadata_and_fingerprint(path: Path) -> None:
    # given the raw file
    raw_bytes = path.read_bytes()
    raw = json.loads(raw_bytes)
    # when it is loaded
    document = load_referentiel_file(path)
    # then what it declares is kept, and the fingerprint is that of its bytes
    assert document.version == raw["version"]
    assert document.status == raw["status"]
    assert document.certification_title == raw["certification"]["title"]
    assert document.certifier == raw["certification"]["certifier"]
    assert document.counts_official == raw["counts_official"]
    assert document.notes == tuple(raw["notes"])
    assert document.provenance == tuple(raw["provenance"])
    assert document.leaf_rule == "deepest-level"
    assert document.sha256 == hashlib.sha256(raw_bytes).hexdigest()


def test_nodes_keep_their_parent_depth_and_position() -> None:
    # given / when
    document = parse_referentiel(json.dumps(small_document()))
    # then
    first, second = document.tree.roots
    assert [(n.code, n.depth, n.position, n.parent_code) for n in first.walk()] == [
        ("1", 1, 0, None),
        ("1.1", 2, 0, "1"),
        ("1.2", 2, 1, "1"),
    ]
    assert (second.code, second.position) == ("2", 1)
    assert document.tree.leaf_codes() == ("1.1", "1.2", "2.1")


# --- refusals -------------------------------------------------------------------------------


def test_malformed_json_is_refused_with_its_line_and_column() -> None:
    # given a file whose second line has a trailing comma
    raw = '{"format": "clea-referentiel/1",\n "version": "v1",}'
    # when / then
    with pytest.raises(ReferentielFileError) as refused:
        parse_referentiel(raw, source="broken.json")
    (problem,) = refused.value.problems
    assert problem.json_path == "$"
    assert problem.reason.startswith("JSON mal formé ligne 2, colonne 18")
    assert refused.value.source == "broken.json"


def test_a_file_not_encoded_in_utf8_is_refused() -> None:
    # given Latin-1 bytes
    raw = json.dumps(small_document(), ensure_ascii=False).encode("latin-1")
    # when / then
    with pytest.raises(ReferentielFileError) as refused:
        parse_referentiel(raw)
    assert refused.value.problems == [Problem("$", "le fichier n'est pas encodé en UTF-8")]


def test_a_root_that_is_not_an_object_is_refused() -> None:
    assert refusal([small_document()]) == [Problem("$", "un objet JSON est attendu à la racine")]


@pytest.mark.parametrize("value", ["clea-referentiel/2", None, 1])
def test_a_wrong_format_is_refused(value: Any) -> None:
    # given a document declaring another format (or none)
    data = small_document()
    data["format"] = value
    # when / then
    assert refusal(data) == [Problem("$.format", "doit valoir « clea-referentiel/1 »")]


def test_a_missing_format_is_refused() -> None:
    data = small_document()
    del data["format"]
    assert refusal(data) == [Problem("$.format", "doit valoir « clea-referentiel/1 »")]


def test_a_missing_certification_object_is_refused() -> None:
    data = small_document()
    del data["certification"]
    assert refusal(data) == [
        Problem("$.certification", "objet {code, title, certifier} obligatoire")
    ]


@pytest.mark.parametrize("field", ["code", "title", "certifier"])
@pytest.mark.parametrize("value", ["missing", "", "   ", 42])
def test_a_missing_or_blank_certification_field_is_refused(field: str, value: Any) -> None:
    # given a certification without one of its fields
    data = small_document()
    if value == "missing":
        del data["certification"][field]
    else:
        data["certification"][field] = value
    # when / then
    assert refusal(data) == [Problem(f"$.certification.{field}", "texte non vide obligatoire")]


def test_a_missing_version_label_is_refused() -> None:
    data = small_document()
    del data["version"]
    assert refusal(data) == [Problem("$.version", "texte non vide obligatoire")]


@pytest.mark.parametrize("status", ["draft", "", None])
def test_an_unknown_status_is_refused(status: Any) -> None:
    data = small_document()
    data["status"] = status
    assert refusal(data) == [Problem("$.status", "doit valoir « provisional » ou « official »")]


def test_a_duplicate_code_is_refused_with_the_path_of_the_second_occurrence() -> None:
    # given criterion 2.1 renamed to the code of criterion 1.2
    data = small_document()
    data["domains"][1]["items"][0]["code"] = "1.2"
    # when / then the second occurrence is reported, and the reason points at the first
    assert refusal(data) == [
        Problem(
            "$.domains[1].items[0].code",
            "code « 1.2 » déjà utilisé en $.domains[0].items[1]",
        )
    ]


def test_a_code_repeated_at_another_level_is_a_duplicate_too() -> None:
    # given a criterion carrying its domain's code
    data = small_document()
    data["domains"][0]["items"][0]["code"] = "1"
    # when / then
    assert refusal(data) == [
        Problem("$.domains[0].items[0].code", "code « 1 » déjà utilisé en $.domains[0]")
    ]


@pytest.mark.parametrize("title", ["", "  ", None])
def test_an_empty_title_is_refused_with_its_path(title: Any) -> None:
    # given a criterion without a title
    data = small_document()
    data["domains"][0]["items"][1]["title"] = title
    # when / then
    assert refusal(data) == [Problem("$.domains[0].items[1].title", "texte non vide obligatoire")]


def test_a_missing_code_is_refused_with_its_path() -> None:
    data = small_document()
    del data["domains"][1]["code"]
    assert refusal(data) == [Problem("$.domains[1].code", "texte non vide obligatoire")]


def test_a_code_longer_than_32_characters_is_refused() -> None:
    # given a code that would not fit the database column
    data = small_document()
    data["domains"][0]["items"][0]["code"] = "X" * 33
    # when / then it is refused here, with its path, rather than failing at the insert
    assert refusal(data) == [Problem("$.domains[0].items[0].code", "32 caractères au plus")]


def test_a_version_label_longer_than_100_characters_is_refused() -> None:
    data = small_document()
    data["version"] = "v" * 101
    assert refusal(data) == [Problem("$.version", "100 caractères au plus")]


def test_a_tree_deeper_than_its_levels_is_refused() -> None:
    # given a criterion with items although "critère" is the last declared level
    data = small_document()
    data["domains"][0]["items"][0]["items"] = [{"code": "1.1.1", "title": "Trop profond"}]
    # when / then
    assert refusal(data) == [
        Problem("$.domains[0].items[0].items", "profondeur 3 au-delà des 2 niveaux déclarés")
    ]


def test_a_shallow_leaf_is_refused_under_the_default_leaf_rule() -> None:
    # given a domain without criteria
    data = small_document()
    del data["domains"][1]["items"]
    # when / then
    assert refusal(data) == [
        Problem(
            "$.domains[1]",
            "feuille au niveau « domaine » alors que les items évaluables sont au niveau "
            '« critère » (déclarez "leaves": "any-level" si c\'est voulu)',
        )
    ]


def test_a_shallow_leaf_is_refused_when_leaves_is_deepest_level_explicitly() -> None:
    data = small_document()
    data["leaves"] = "deepest-level"
    del data["domains"][1]["items"]
    assert paths(refusal(data)) == ["$.domains[1]"]


def test_a_shallow_leaf_is_accepted_when_leaves_is_any_level() -> None:
    # given the same document declaring that leaves may sit at any level
    data = small_document()
    data["leaves"] = "any-level"
    del data["domains"][1]["items"]
    # when
    document = parse_referentiel(json.dumps(data))
    # then the domain itself is an evaluable item
    assert document.leaf_rule == "any-level"
    assert document.tree.leaf_codes() == ("1.1", "1.2", "2")
    assert document.tree.counts_per_level() == {"domaine": 2, "critère": 2}


def test_any_level_still_refuses_a_tree_deeper_than_its_levels() -> None:
    data = small_document()
    data["leaves"] = "any-level"
    data["domains"][0]["items"][0]["items"] = [{"code": "1.1.1", "title": "Trop profond"}]
    assert paths(refusal(data)) == ["$.domains[0].items[0].items"]


def test_an_unknown_leaf_rule_is_refused() -> None:
    data = small_document()
    data["leaves"] = "leaves-only"
    assert refusal(data) == [Problem("$.leaves", "valeurs possibles : deepest-level, any-level")]


@pytest.mark.parametrize("levels", [[], None, "domaine", ["domaine", ""], ["domaine", 2]])
def test_missing_or_blank_level_names_are_refused(levels: Any) -> None:
    data = small_document()
    data["levels"] = levels
    assert Problem("$.levels", "liste non vide des noms de niveaux attendue") in refusal(data)


def test_two_levels_with_the_same_name_are_refused() -> None:
    # given level names that would merge in the counts per level
    data = small_document()
    data["levels"] = ["niveau", "niveau"]
    # when / then
    assert refusal(data) == [Problem("$.levels", "chaque niveau doit avoir un nom différent")]


@pytest.mark.parametrize("domains", [[], None, {"code": "1"}])
def test_a_missing_or_empty_domain_list_is_refused(domains: Any) -> None:
    data = small_document()
    data["domains"] = domains
    assert refusal(data) == [Problem("$.domains", "liste non vide de nœuds attendue")]


def test_an_empty_items_list_is_refused() -> None:
    data = small_document()
    data["domains"][1]["items"] = []
    assert refusal(data) == [Problem("$.domains[1].items", "liste non vide de nœuds attendue")]


def test_a_node_that_is_not_an_object_is_refused() -> None:
    data = small_document()
    data["domains"][0]["items"][1] = "1.2 Parler"
    assert refusal(data) == [
        Problem("$.domains[0].items[1]", "objet {code, title, items?} attendu")
    ]


@pytest.mark.parametrize("flag", ["yes", 1, None])
def test_a_provisional_flag_that_is_not_a_boolean_is_refused(flag: Any) -> None:
    data = small_document()
    data["domains"][0]["provisional"] = flag
    assert refusal(data) == [Problem("$.domains[0].provisional", "booléen attendu (true ou false)")]


def test_counts_official_naming_an_unknown_level_is_refused() -> None:
    data = small_document()
    data["counts_official"] = {"domaine": 2, "compétence": 3}
    assert refusal(data) == [
        Problem("$.counts_official.compétence", "niveau inconnu (absent de $.levels)")
    ]


@pytest.mark.parametrize("count", [-1, 2.5, "2", True, None])
def test_counts_official_that_is_not_a_natural_number_is_refused(count: Any) -> None:
    data = small_document()
    data["counts_official"] = {"domaine": count}
    assert refusal(data) == [Problem("$.counts_official.domaine", "nombre entier positif attendu")]


def test_counts_official_that_is_not_an_object_is_refused() -> None:
    data = small_document()
    data["counts_official"] = [2, 3]
    assert refusal(data) == [Problem("$.counts_official", "objet {niveau: nombre} attendu")]


def test_scoring_parameters_that_are_not_an_object_are_refused() -> None:
    data = small_document()
    data["scoring"] = ["acquis", "non acquis"]
    assert refusal(data) == [Problem("$.scoring", "objet attendu (paramètres de notation)")]


@pytest.mark.parametrize("key", ["notes", "provenance"])
def test_notes_and_provenance_must_be_lists_of_texts(key: str) -> None:
    data = small_document()
    data[key] = "une seule note"
    assert refusal(data) == [Problem(f"$.{key}", "liste de textes attendue")]


def test_several_problems_are_reported_at_once_in_document_order() -> None:
    # given a document broken in five places
    data = small_document()
    data["format"] = "clea-referentiel/0"
    data["certification"]["code"] = ""
    data["domains"][0]["title"] = ""
    data["domains"][0]["items"][1]["code"] = "1.1"
    del data["domains"][1]["items"]
    # when / then every problem is listed, in the order of the file
    assert paths(refusal(data)) == [
        "$.format",
        "$.certification.code",
        "$.domains[0].title",
        "$.domains[0].items[1].code",
        "$.domains[1]",
    ]


def test_the_error_message_names_the_file_and_each_path_with_its_reason() -> None:
    # given a document with two problems
    data = small_document()
    data["format"] = "autre"
    data["domains"][1]["title"] = " "
    # when
    with pytest.raises(ReferentielFileError) as refused:
        parse_referentiel(json.dumps(data), source="mon-fichier.json")
    # then the French message lists one line per problem, and says nothing was stored
    message = str(refused.value)
    assert "mon-fichier.json" in message
    assert "(2 problème(s))" in message
    assert "mon-fichier.json — $.format : doit valoir « clea-referentiel/1 »" in message
    assert "mon-fichier.json — $.domains[1].title : texte non vide obligatoire" in message
    assert "rien n'a été enregistré" in message


def test_loading_a_missing_file_is_refused_with_a_french_reason(tmp_path: Path) -> None:
    # given a path that does not exist
    missing = tmp_path / "absent.json"
    # when / then
    with pytest.raises(ReferentielFileError) as refused:
        load_referentiel_file(missing)
    (problem,) = refused.value.problems
    assert problem.json_path == "$"
    assert problem.reason.startswith("lecture impossible")
    assert refused.value.source == str(missing)


def test_loading_a_bad_file_names_that_file(tmp_path: Path) -> None:
    # given a bundled file copied with a duplicate code
    broken = json.loads(CLEA_FILE.read_text(encoding="utf-8"))
    broken["domains"][6]["code"] = "1"
    path = tmp_path / "clea-bis.json"
    path.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    # when / then
    with pytest.raises(ReferentielFileError) as refused:
        load_referentiel_file(path)
    assert refused.value.source == str(path)
    assert paths(refused.value.problems) == ["$.domains[6].code"]
    assert str(path) in str(refused.value)


# --- any well-formed tree round-trips ---------------------------------------------------------


@st.composite
def raw_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid document with 1–3 levels; with ``any-level``, leaves may sit higher up."""
    depth = draw(st.integers(min_value=1, max_value=3))
    any_level = draw(st.booleans())
    titles = st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Z")),
        min_size=1,
        max_size=12,
    )

    def nodes(prefix: str, level: int) -> list[dict[str, Any]]:
        count = draw(st.integers(min_value=1, max_value=4))
        built = []
        for index in range(1, count + 1):
            code = f"{prefix}{index}"
            node: dict[str, Any] = {"code": code, "title": draw(titles)}
            if draw(st.booleans()):
                node["provisional"] = draw(st.booleans())
            is_leaf = level == depth or (any_level and draw(st.booleans()))
            if not is_leaf:
                node["items"] = nodes(f"{code}.", level + 1)
            built.append(node)
        return built

    document = small_document()
    document["levels"] = [f"niveau {n}" for n in range(1, depth + 1)]
    document["domains"] = nodes("", 1)
    if any_level:
        document["leaves"] = "any-level"
    return document


NodeSummary = tuple[str, str, bool, bool]


def summary(node: TreeNode) -> NodeSummary:
    return (node.code, node.title, node.provisional, node.is_leaf)


def flatten(nodes: list[dict[str, Any]]) -> list[NodeSummary]:
    """Raw nodes depth first, siblings in order: the order of ``ReferentielTree.walk``."""
    flat: list[NodeSummary] = []
    for node in nodes:
        flat.append(
            (node["code"], node["title"], node.get("provisional", False), "items" not in node)
        )
        flat.extend(flatten(node.get("items", [])))
    return flat


@given(data=raw_documents())
def test_any_well_formed_tree_of_one_to_three_levels_is_read_back_as_written(
    data: dict[str, Any],
) -> None:
    # given a random valid document
    # when it is parsed
    document: ReferentielDocument = parse_referentiel(json.dumps(data, ensure_ascii=False))
    # then every node comes back in file order with its title and flag, the leaves being
    # exactly the nodes without items
    written = flatten(data["domains"])
    assert [summary(node) for node in document.tree.walk()] == written
    assert document.tree.leaf_codes() == tuple(code for code, _, _, leaf in written if leaf)
    assert sum(document.tree.counts_per_level().values()) == len(written)
