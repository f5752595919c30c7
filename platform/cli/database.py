"""``clea db upgrade`` and ``clea db downgrade``: the database schema's migrations."""

from __future__ import annotations

import argparse
import sys

from clea_platform.core.config import Settings
from clea_platform.db.migrate import downgrade as downgrade_to
from clea_platform.db.migrate import upgrade as upgrade_to


def upgrade(args: argparse.Namespace) -> int:
    settings = Settings.from_environ()
    upgrade_to(settings, args.revision)
    print("Base de données à jour.", file=sys.stderr)
    return 0


def downgrade(args: argparse.Namespace) -> int:
    settings = Settings.from_environ()
    downgrade_to(settings, args.revision)
    print(f"Base de données ramenée à la révision « {args.revision} ».", file=sys.stderr)
    return 0
