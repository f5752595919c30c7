"""Root query fields of the référentiels context."""

from __future__ import annotations

from typing import Annotated

import strawberry

from clea_platform.referentiels import service
from clea_platform.referentiels.models import VersionStatus
from clea_platform.schema.context import Info
from clea_platform.schema.referentiels.types import (
    CertificationType,
    ReferentielNotFound,
    ReferentielNotFoundCode,
    ReferentielResult,
    ReferentielVersionType,
)


@strawberry.type
class ReferentielQueries:
    @strawberry.field(description="Every certification provided by the installed plugins.")
    def certifications(self, info: Info) -> list[CertificationType]:
        return [CertificationType.from_certification(c) for c in info.context.registry]

    @strawberry.field(
        description=(
            "A référentiel version with its whole item tree; the current published version "
            "when `version` is omitted."
        )
    )
    async def referentiel(
        self,
        info: Info,
        code: Annotated[str, strawberry.argument(description="Certification code, e.g. CLEA.")],
        version: Annotated[
            str | None,
            strawberry.argument(description="Version label; the published version when omitted."),
        ] = None,
    ) -> ReferentielResult:
        try:
            model = await service.installed_version(
                info.context.session, info.context.registry, code, version
            )
        except service.ReferentielNotFoundError as exc:
            reason = (
                ReferentielNotFoundCode.UNKNOWN_CERTIFICATION
                if exc.unknown_certification
                else ReferentielNotFoundCode.UNKNOWN_VERSION
            )
            # A draft may later take this label: the answer may change.
            info.context.response_cacheable = False
            return ReferentielNotFound(code=reason, message=exc.message)
        if model.status == VersionStatus.DRAFT:
            # A draft may still change or be discarded: its answer is never shared.
            info.context.response_cacheable = False
        return ReferentielVersionType.from_model(model, code)
