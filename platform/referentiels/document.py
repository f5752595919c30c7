"""Reading and validating ``clea-referentiel/1`` files.

The format (see ``docs/referentiel-format.md``)::

    {"format": "clea-referentiel/1",
     "certification": {"code": "CLEA", "title": "…", "certifier": "Certif'Pro"},
     "version": "2021-transcription-1", "status": "provisional",
     "levels": ["domaine", "sous-domaine", "critère"],
     "scoring": {…}, "counts_official": {…}, "notes": […], "provenance": […],
     "leaves": "deepest-level",
     "domains": [{"code": "1", "title": "…", "provisional": false, "items": […]}]}

Every problem is reported with the JSON path where it occurs, all at once, so an
author fixes a file in one pass. Nothing here touches the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from clea_platform.core.errors import CleaError
from clea_platform.referentiels.tree import ReferentielTree, TreeNode

FORMAT_NAME = "clea-referentiel/1"
LEAF_RULES = ("deepest-level", "any-level")
# Column sizes of the tables a version is stored in (referentiels/models.py): a longer
# value is refused here, with its path, rather than failing at the INSERT (PostgreSQL).
CERTIFICATION_CODE_MAX_LENGTH = 64
CERTIFICATION_TITLE_MAX_LENGTH = 300
CERTIFIER_MAX_LENGTH = 200
VERSION_MAX_LENGTH = 100
NODE_CODE_MAX_LENGTH = 32
DocumentStatus = Literal["provisional", "official"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a file is refused, located by a JSON path such as ``$.domains[2].title``."""

    json_path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.json_path} : {self.reason}"


class ReferentielFileError(CleaError):
    """A référentiel file cannot be imported; ``problems`` lists every reason."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        lines = [f"{source} — {problem}" for problem in problems]
        super().__init__(
            f"Le fichier de référentiel {source} est refusé ({len(problems)} problème(s)) :\n"
            + "\n".join(lines),
            hint="Corrigez le fichier puis relancez l'import ; rien n'a été enregistré.",
        )


@dataclass(frozen=True, slots=True)
class ReferentielDocument:
    """A validated ``clea-referentiel/1`` document."""

    certification_code: str
    certification_title: str
    certifier: str
    version: str
    status: DocumentStatus
    tree: ReferentielTree
    leaf_rule: str = "deepest-level"
    counts_official: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    provenance: tuple[str, ...] = ()
    sha256: str = ""

    @property
    def provisional(self) -> bool:
        return self.status == "provisional"


def load_referentiel_file(path: Path | str) -> ReferentielDocument:
    """Read and validate a file; raise :class:`ReferentielFileError` listing every problem."""
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ReferentielFileError(
            source, [Problem("$", f"lecture impossible ({exc.strerror or exc})")]
        ) from exc
    return parse_referentiel(raw, source=source)


def parse_referentiel(raw: bytes | str, *, source: str = "<référentiel>") -> ReferentielDocument:
    """Validate the bytes of a ``clea-referentiel/1`` document."""
    data_bytes = raw.encode("utf-8") if isinstance(raw, str) else raw
    try:
        data = json.loads(data_bytes)
    except UnicodeDecodeError as exc:
        raise ReferentielFileError(
            source, [Problem("$", "le fichier n'est pas encodé en UTF-8")]
        ) from exc
    except json.JSONDecodeError as exc:
        reason = f"JSON mal formé ligne {exc.lineno}, colonne {exc.colno} ({exc.msg})"
        raise ReferentielFileError(source, [Problem("$", reason)]) from exc
    validator = _Validator()
    document = validator.document(data, sha256=hashlib.sha256(data_bytes).hexdigest())
    if validator.problems or document is None:
        raise ReferentielFileError(source, validator.problems)
    return document


class _Validator:
    """Walks the JSON once, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.seen_codes: dict[str, str] = {}

    def fail(self, json_path: str, reason: str) -> None:
        self.problems.append(Problem(json_path, reason))

    def text(
        self, obj: Mapping[str, Any], key: str, path: str, max_length: int | None = None
    ) -> str:
        value = obj.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{path}.{key}", "texte non vide obligatoire")
            return ""
        if max_length is not None and len(value.strip()) > max_length:
            self.fail(f"{path}.{key}", f"{max_length} caractères au plus")
            return ""
        return value.strip()

    def text_list(self, obj: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = obj.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"{path}.{key}", "liste de textes attendue")
            return ()
        return tuple(value)

    def document(self, data: Any, *, sha256: str) -> ReferentielDocument | None:
        if not isinstance(data, dict):
            self.fail("$", "un objet JSON est attendu à la racine")
            return None
        if data.get("format") != FORMAT_NAME:
            self.fail("$.format", f"doit valoir « {FORMAT_NAME} »")
        certification = data.get("certification")
        code = title = certifier = ""
        if isinstance(certification, dict):
            code = self.text(
                certification, "code", "$.certification", CERTIFICATION_CODE_MAX_LENGTH
            )
            title = self.text(
                certification, "title", "$.certification", CERTIFICATION_TITLE_MAX_LENGTH
            )
            certifier = self.text(
                certification, "certifier", "$.certification", CERTIFIER_MAX_LENGTH
            )
        else:
            self.fail("$.certification", "objet {code, title, certifier} obligatoire")
        version = self.text(data, "version", "$", VERSION_MAX_LENGTH)
        status = data.get("status")
        if status not in ("provisional", "official"):
            self.fail("$.status", "doit valoir « provisional » ou « official »")
        levels = self.levels(data.get("levels"))
        leaf_rule = data.get("leaves", "deepest-level")
        if leaf_rule not in LEAF_RULES:
            self.fail("$.leaves", f"valeurs possibles : {', '.join(LEAF_RULES)}")
        scoring = data.get("scoring", {})
        if not isinstance(scoring, dict):
            self.fail("$.scoring", "objet attendu (paramètres de notation)")
            scoring = {}
        counts_official = self.counts_official(data.get("counts_official", {}), levels)
        notes = self.text_list(data, "notes", "$")
        provenance = self.text_list(data, "provenance", "$")
        roots = self.nodes(
            data.get("domains"),
            "$.domains",
            depth=1,
            parent=None,
            levels=levels,
            leaf_rule=leaf_rule,
        )
        if self.problems:
            return None
        return ReferentielDocument(
            certification_code=code,
            certification_title=title,
            certifier=certifier,
            version=version,
            status=cast(DocumentStatus, status),
            tree=ReferentielTree(levels=levels, roots=roots, scoring_parameters=scoring),
            leaf_rule=leaf_rule,
            counts_official=counts_official,
            notes=notes,
            provenance=provenance,
            sha256=sha256,
        )

    def levels(self, value: Any) -> tuple[str, ...]:
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            self.fail("$.levels", "liste non vide des noms de niveaux attendue")
            return ("niveau",)
        levels = tuple(v.strip() for v in value)
        if len(set(levels)) != len(levels):
            # Counts are keyed by level name: two levels of one name would merge.
            self.fail("$.levels", "chaque niveau doit avoir un nom différent")
        return levels

    def counts_official(self, value: Any, levels: tuple[str, ...]) -> dict[str, int]:
        if not isinstance(value, dict):
            self.fail("$.counts_official", "objet {niveau: nombre} attendu")
            return {}
        counts: dict[str, int] = {}
        for level, count in value.items():
            if level not in levels:
                self.fail(f"$.counts_official.{level}", "niveau inconnu (absent de $.levels)")
            elif not isinstance(count, int) or isinstance(count, bool) or count < 0:
                self.fail(f"$.counts_official.{level}", "nombre entier positif attendu")
            else:
                counts[level] = count
        return counts

    def nodes(
        self,
        value: Any,
        path: str,
        *,
        depth: int,
        parent: str | None,
        levels: tuple[str, ...],
        leaf_rule: str,
    ) -> tuple[TreeNode, ...]:
        if not isinstance(value, list) or not value:
            self.fail(path, "liste non vide de nœuds attendue")
            return ()
        if depth > len(levels):
            self.fail(path, f"profondeur {depth} au-delà des {len(levels)} niveaux déclarés")
            return ()
        built = []
        for position, raw_node in enumerate(value):
            node_path = f"{path}[{position}]"
            if not isinstance(raw_node, dict):
                self.fail(node_path, "objet {code, title, items?} attendu")
                continue
            built.append(self.node(raw_node, node_path, depth, position, parent, levels, leaf_rule))
        return tuple(built)

    def node(
        self,
        raw: Mapping[str, Any],
        path: str,
        depth: int,
        position: int,
        parent: str | None,
        levels: tuple[str, ...],
        leaf_rule: str,
    ) -> TreeNode:
        code = self.text(raw, "code", path, NODE_CODE_MAX_LENGTH)
        title = self.text(raw, "title", path)
        if code:
            if code in self.seen_codes:
                first = self.seen_codes[code]
                self.fail(f"{path}.code", f"code « {code} » déjà utilisé en {first}")
            else:
                self.seen_codes[code] = path
        provisional = raw.get("provisional", False)
        if not isinstance(provisional, bool):
            self.fail(f"{path}.provisional", "booléen attendu (true ou false)")
            provisional = False
        children: tuple[TreeNode, ...] = ()
        if "items" in raw:
            children = self.nodes(
                raw["items"],
                f"{path}.items",
                depth=depth + 1,
                parent=code,
                levels=levels,
                leaf_rule=leaf_rule,
            )
        elif depth < len(levels) and leaf_rule == "deepest-level":
            self.fail(
                path,
                f"feuille au niveau « {levels[depth - 1]} » alors que les items évaluables "
                f'sont au niveau « {levels[-1]} » (déclarez "leaves": "any-level" '
                "si c'est voulu)",
            )
        return TreeNode(
            code=code,
            title=title,
            depth=depth,
            position=position,
            parent_code=parent,
            provisional=provisional,
            children=children,
        )
