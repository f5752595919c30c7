"""``clea certificates rotate-key``: a new key signs the next certificates."""

from __future__ import annotations

import argparse
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.certificates import signing
from clea_platform.cli.runtime import with_session
from clea_platform.core.config import Settings
from clea_platform.plugins.registry import CertificationRegistry


def rotate_key(args: argparse.Namespace) -> int:
    signing.configure(Settings.from_environ())

    async def rotate(session: AsyncSession, registry: CertificationRegistry) -> tuple[str, int]:
        key = await signing.rotate(session)
        published = len((await signing.jwks(session))["keys"])
        return key.kid, published

    kid, published = asyncio.run(with_session(rotate))
    print(
        f"Nouvelle clé de signature : {kid} ({published} clé(s) publiée(s) dans "
        "/.well-known/jwks.json)."
    )
    return 0
