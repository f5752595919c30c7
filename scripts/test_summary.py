"""Prints what `make test` ran, per part, from the JUnit files the parts wrote.

Under CI=true a part that did not run (no result file, or no test in it) or that has a
failure makes this exit non-zero: a green CI run always ran SQLite, PostgreSQL and the
browser tests.
"""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

PARTS = {
    "sqlite": "Python, SQLite",
    "postgresql": "Python, PostgreSQL",
    "e2e": "bout en bout, Chromium",
}


def counts(path: Path) -> dict[str, int]:
    root = ElementTree.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in suites:
        for key in total:
            total[key] += int(suite.get(key, 0))
    return total


def main(results: Path) -> int:
    strict = os.environ.get("CI") == "true"
    problems = []
    for part, label in PARTS.items():
        path = results / f"{part}.xml"
        if not path.exists():
            print(f"{label} : non lancé")
            problems.append(label)
            continue
        found = counts(path)
        passed = found["tests"] - found["failures"] - found["errors"] - found["skipped"]
        print(
            f"{label} : {passed} réussis, {found['failures'] + found['errors']} en échec, "
            f"{found['skipped']} sautés"
        )
        if passed == 0 or found["failures"] or found["errors"]:
            problems.append(label)
    if problems and strict:
        print(f"CI=true : parties manquantes ou en échec : {', '.join(problems)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "var/test-results")))
