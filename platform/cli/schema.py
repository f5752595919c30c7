"""``clea schema`` and ``clea permissions``: the API's contract, as committed in the repository."""

from __future__ import annotations

import argparse
import sys

from clea_platform.schema.permissions import permissions_markdown
from clea_platform.schema.root import schema_sdl


def print_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_sdl())
    return 0


def print_permissions(args: argparse.Namespace) -> int:
    sys.stdout.write(permissions_markdown())
    return 0
