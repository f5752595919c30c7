"""Mutation testing of the rule modules (``make mutation``): cosmic-ray, one module at a time.

For each target of ``tests/mutation/targets.toml`` (or those named on the command line,
by a part of their path), cosmic-ray writes every mutant of the module in turn (the file
on disk is changed, then restored: do not edit while it runs) and runs the target's tests
on SQLite (or the target's ``database``); a mutant the tests still pass "survived". The
operators are the small deliberate bugs a reviewer fears in rules: a boundary moved
(``<`` ↔ ``<=``), a condition negated or flipped (``==`` ↔ ``!=``, ``and`` ↔ ``or``,
``not`` added or removed), a constant changed, a loop skipped, an addition turned into a
subtraction.

Writes ``var/mutation/report.json`` (per module: mutants, killed, survivors with their
diff, score) and prints a table; exits 1 when the score over all modules, survivors judged
equivalent excluded, is under ``CLEA_MUTATION_MIN`` (default 90).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "mutation"
BIN = Path(sys.executable).parent
KEPT_OPERATORS = re.compile(
    r"core/("
    r"ReplaceComparisonOperator_(Eq_NotEq|NotEq_Eq|Lt_LtE|LtE_Lt|Gt_GtE|GtE_Gt|Is_IsNot|IsNot_Is)"
    r"|AddNot|ReplaceTrueWithFalse|ReplaceFalseWithTrue|ReplaceAndWithOr|ReplaceOrWithAnd"
    r"|NumberReplacer|ZeroIterationForLoop|ReplaceBreakWithContinue|ReplaceContinueWithBreak"
    r"|ReplaceBinaryOperator_(Add_Sub|Sub_Add)|ReplaceUnaryOperator_Delete_Not"
    r")$"
)


# Survivors equivalent wherever they appear, with why (per-module ones are in targets.toml).
EQUIVALENT_EVERYWHERE = (
    (
        re.compile(r"^@dataclass\("),
        "frozen/slots only guard against writes and new attributes, which mypy already "
        "rejects: no behaviour depends on them",
    ),
)


def judged_equivalent(diff: str, listed: dict[str, str]) -> str:
    if diff in listed:
        return listed[diff]
    return next((why for pattern, why in EQUIVALENT_EVERYWHERE if pattern.match(diff)), "")


def excluded_operators() -> list[str]:
    listed = subprocess.run(
        [str(BIN / "cosmic-ray"), "operators"], capture_output=True, text=True, check=True
    ).stdout.split()
    return [f"^{re.escape(name)}$" for name in listed if not KEPT_OPERATORS.match(name)]


def config(target: dict[str, Any], excluded: list[str]) -> str:
    tests = " ".join(target["tests"])
    command = (
        f"{BIN / 'python'} -m pytest -x -q -p no:randomly -p no:cacheprovider -o addopts='' {tests}"
    )
    return "\n".join(
        [
            "[cosmic-ray]",
            f"module-path = {json.dumps(target['module'])}",
            f"timeout = {float(target.get('timeout', 300))}",
            "excluded-modules = []",
            f"test-command = {json.dumps(command)}",
            "",
            "[cosmic-ray.distributor]",
            'name = "local"',
            "",
            "[cosmic-ray.filters.operators-filter]",
            f"exclude-operators = {json.dumps(excluded)}",
            "",
        ]
    )


def run_target(target: dict[str, Any], excluded: list[str]) -> dict[str, Any]:
    # A missing test file fails pytest for every mutant: all would count as killed.
    missing = [path for path in target["tests"] if not (ROOT / path).exists()]
    if missing:
        raise SystemExit(f"{target['module']} : tests introuvables {missing}")
    name = target["module"].replace("/", ".").removesuffix(".py")
    cfg, db = OUT / f"{name}.toml", OUT / f"{name}.sqlite"
    cfg.write_text(config(target, excluded))
    db.unlink(missing_ok=True)
    # A module whose rules only exist on PostgreSQL (row-level security, signed contexts)
    # names it: its mutants are judged there.
    environment = {**os.environ, "CLEA_TEST_DATABASE": target.get("database", "sqlite")}
    for command in (
        [str(BIN / "cosmic-ray"), "init", str(cfg), str(db)],
        [str(BIN / "cr-filter-operators"), str(db), str(cfg)],
        [str(BIN / "cosmic-ray"), "exec", str(cfg), str(db)],
    ):
        subprocess.run(command, cwd=ROOT, env=environment, check=True)
    dump = subprocess.run(
        [str(BIN / "cosmic-ray"), "dump", str(db)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip
    equivalent = {entry["diff"]: entry["why"] for entry in target.get("equivalent", [])}
    killed = skipped = 0
    survivors: list[dict[str, str]] = []
    for line in dump.splitlines():
        item, result = json.loads(line)
        if result is None or result.get("worker_outcome") == "skipped":
            skipped += 1
            continue
        if result.get("test_outcome") == "survived":
            mutation = item["mutations"][0]
            changed = [
                row for row in (result.get("diff") or "").splitlines()
                if row.startswith("+") and not row.startswith("+++")
            ]  # fmt: skip
            diff = changed[0][1:].strip() if changed else ""
            survivors.append(
                {
                    "line": str(mutation["start_pos"][0]),
                    "operator": mutation["operator_name"],
                    "diff": diff,
                    "equivalent": judged_equivalent(diff, equivalent),
                }
            )
        else:
            killed += 1
    real = [s for s in survivors if not s["equivalent"]]
    counted = killed + len(real)
    return {
        "module": target["module"],
        "mutants": killed + len(survivors),
        "killed": killed,
        "survived": len(real),
        "equivalent": len(survivors) - len(real),
        "score": round(100 * killed / counted, 1) if counted else 100.0,
        "survivors": survivors,
    }


def main(selection: list[str]) -> int:
    targets = tomllib.loads((ROOT / "tests" / "mutation" / "targets.toml").read_text())["target"]
    if selection:
        targets = [t for t in targets if any(part in t["module"] for part in selection)]
    OUT.mkdir(parents=True, exist_ok=True)
    excluded = excluded_operators()
    results = [run_target(target, excluded) for target in targets]
    killed = sum(r["killed"] for r in results)
    counted = killed + sum(r["survived"] for r in results)
    score = round(100 * killed / counted, 1) if counted else 100.0
    (OUT / "report.json").write_text(
        json.dumps({"score": score, "modules": results}, indent=2, ensure_ascii=False)
    )
    print(
        f"\n{'module':50} {'mutants':>8} {'tués':>6} {'survivants':>11} {'équiv.':>7} {'score':>7}"
    )
    for r in results:
        print(
            f"{r['module']:50} {r['mutants']:>8} {r['killed']:>6} {r['survived']:>11} "
            f"{r['equivalent']:>7} {r['score']:>6}%"
        )
        for s in r["survivors"]:
            mark = "équivalent" if s["equivalent"] else "SURVIVANT"
            print(f"    {mark} l.{s['line']} {s['operator']}: {s['diff']}")
    minimum = float(os.environ.get("CLEA_MUTATION_MIN", "90"))
    print(f"\nScore de mutation : {score} % (minimum {minimum} %)")
    return 0 if score >= minimum else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
