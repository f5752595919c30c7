"""``clea plugins [--json]``: the installed certifications and their bundled référentiels.

Loads the plugins and nothing else (no database, no web app): it must start fast.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from clea_platform.plugins.registry import installed_registry


def list_plugins(args: argparse.Namespace) -> int:
    entries: list[dict[str, Any]] = []
    for certification in installed_registry():
        document = certification.bundled_referentiel
        entries.append(
            {
                "code": certification.code,
                "title": certification.title,
                "certifier": certification.certifier,
                "plugin": certification.plugin,
                "referentiel": {
                    "version": document.version,
                    "status": document.status,
                    "counts": document.tree.counts_per_level(),
                },
            }
        )
    if args.json:
        print(json.dumps(entries, ensure_ascii=False, indent=2))
        return 0
    for entry in entries:
        ref = entry["referentiel"]
        counts = " · ".join(f"{n} {level}" for level, n in ref["counts"].items())
        print(f"{entry['code']:<18} {entry['title']}")
        print(
            f"{'':<18} extension {entry['plugin']} · référentiel {ref['version']} "
            f"({ref['status']}) · {counts}"
        )
    return 0
