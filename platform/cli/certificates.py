"""``clea certificates rotate-key``: a new key signs the next certificates;
``clea certificates purge-wallet-offers``: finished OpenID4VCI offers deleted."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.certificates import signing, wallet
from clea_platform.cli.runtime import with_session
from clea_platform.core.config import Settings
from clea_platform.db.base import utcnow
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


def purge_wallet_offers(args: argparse.Namespace) -> int:
    days: int = args.days

    async def purge(session: AsyncSession, registry: CertificationRegistry) -> int:
        return await wallet.purge(session, utcnow(), dt.timedelta(days=days))

    deleted = asyncio.run(with_session(purge))
    print(
        f"{deleted} offre(s) de portefeuille supprimée(s) (finies depuis plus de {days} jour(s))."
    )
    return 0
