"""The reviewed permission table (``expected.csv``): who may call what, written from the domain.

It is data a person reads and signs off, never computed from the product's rule table
(``clea_platform.schema.permissions.RULES``): the tests compare the two, so a change of
rule needs a change in both places.
"""

from __future__ import annotations

import csv
from pathlib import Path

EXPECTED_CSV = Path(__file__).with_name("expected.csv")
ROLES = (
    "anonymous",
    "candidate",
    "viewer",
    "adviser",
    "evaluator",
    "trainer",
    "org_admin",
    "certifpro_admin",
)
VERDICTS = ("allowed", "refused", "own")


def load() -> dict[str, dict[str, str]]:
    """``{operation: {role: verdict}}`` as written in ``expected.csv``."""
    with EXPECTED_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    table: dict[str, dict[str, str]] = {}
    for row in rows:
        operation = row["operation"]
        assert operation not in table, f"{operation} appears twice in expected.csv"
        table[operation] = {role: row[role] for role in ROLES}
    return table


EXPECTED = load()


def refused(operation: str, role: str) -> bool:
    return EXPECTED[operation][role] == "refused"
