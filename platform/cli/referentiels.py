"""``clea referentiel import FILE``: a new version of a certification's référentiel."""

from __future__ import annotations

import argparse
import asyncio
import sys

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.cli.runtime import with_session
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels.document import load_referentiel_file
from clea_platform.referentiels.service import import_referentiel


def import_file(args: argparse.Namespace) -> int:
    document = load_referentiel_file(args.file)

    async def store(session: AsyncSession, registry: CertificationRegistry) -> str:
        version = await import_referentiel(
            session, registry, document, source=args.file, publish=args.publish
        )
        return f"{document.certification_code} {version.label} ({version.status.value})"

    stored = asyncio.run(with_session(store))
    print(f"Référentiel importé : {stored}.", file=sys.stderr)
    return 0
