"""The typed request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass, field

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.schema.referentiels.dataloaders import ReferentielLoaders


@dataclass
class Context:
    """Per request: the HTTP request, a database session, the plugins and the DataLoaders."""

    request: Request
    response: Response | None
    session: AsyncSession
    registry: CertificationRegistry
    referentiel_loaders: ReferentielLoaders = field(init=False)

    def __post_init__(self) -> None:
        # DataLoaders live for one request: they batch and cache within it only.
        self.referentiel_loaders = ReferentielLoaders(self.session)


Info = strawberry.Info[Context, None]
