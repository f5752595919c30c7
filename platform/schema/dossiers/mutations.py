"""Root mutations of dossiers: resolvers call the services, nothing more."""

from __future__ import annotations

import strawberry

from clea_platform.dossiers import service as dossiers
from clea_platform.schema.context import Info
from clea_platform.schema.dossiers.inputs import AbandonDossierInput, OpenDossierInput
from clea_platform.schema.dossiers.types import (
    AbandonDossierPayload,
    DossierType,
    OpenDossierPayload,
)
from clea_platform.schema.ids import parse_id


@strawberry.type
class DossierMutations:
    @strawberry.mutation(description="Open a dossier, pinned to the published référentiel.")
    async def open_dossier(self, info: Info, input: OpenDossierInput) -> OpenDossierPayload:
        not_found = dossiers.dossier_not_found("candidateId", "Introuvable.")
        dossier = await dossiers.open_dossier(
            info.context.session,
            info.context.actor,
            info.context.registry,
            dossiers.OpenDossier(
                candidate_id=parse_id(input.candidate_id, not_found),
                certification_code=input.certification_code,
                site_id=parse_id(input.site_id, not_found),
                prescriber_type=input.prescriber_type,
                financing=input.financing,
                consent=input.consent,
                prescriber_name=input.prescriber_name,
                consent_to_share=input.consent_to_share,
            ),
        )
        return OpenDossierPayload(dossier=DossierType.from_model(dossier))

    @strawberry.mutation(description="Abandon a dossier (reason mandatory).")
    async def abandon_dossier(
        self, info: Info, input: AbandonDossierInput
    ) -> AbandonDossierPayload:
        dossier = await dossiers.abandon(
            info.context.session,
            info.context.actor,
            info.context.registry,
            parse_id(input.id, dossiers.dossier_not_found()),
            reason=input.reason,
            expected_revision=input.revision,
        )
        return AbandonDossierPayload(dossier=DossierType.from_model(dossier))
