"""Root mutations of the pathway seen whole: GDPR erasure (it reads the dossiers), the
transfer of a dossier with its history (it moves every context's rows)."""

from __future__ import annotations

import strawberry

from clea_platform.candidates.service import candidate_not_found
from clea_platform.dossiers.service import dossier_not_found
from clea_platform.pathway import gdpr, transfer
from clea_platform.schema.candidates.types import CandidateType
from clea_platform.schema.context import Info
from clea_platform.schema.ids import parse_id
from clea_platform.schema.pathway.inputs import EraseCandidateInput, TransferDossierInput
from clea_platform.schema.pathway.types import (
    DossierTransfer,
    EraseCandidatePayload,
    TransferDossierPayload,
)


@strawberry.type
class PathwayMutations:
    @strawberry.mutation(
        description="Erase a candidate's personal data (GDPR); every dossier must be closed."
    )
    async def erase_candidate(
        self, info: Info, input: EraseCandidateInput
    ) -> EraseCandidatePayload:
        candidate = await gdpr.erase(
            info.context.session, info.context.actor, parse_id(input.id, candidate_not_found())
        )
        return EraseCandidatePayload(candidate=CandidateType.from_model(candidate))

    @strawberry.mutation(
        description="Transfer a dossier, with its history, to another accredited organisation "
        "(the candidate moves)."
    )
    async def transfer_dossier(
        self, info: Info, input: TransferDossierInput
    ) -> TransferDossierPayload:
        done = await transfer.transfer(
            info.context.session,
            info.context.actor,
            info.context.registry,
            transfer.TransferDossier(
                dossier_id=parse_id(input.dossier_id, dossier_not_found("dossierId")),
                target_siret=input.target_siret,
                reason=input.reason,
                consent=input.consent,
                expected_revision=input.revision,
            ),
        )
        return TransferDossierPayload(
            transfer=DossierTransfer(
                dossier_id=strawberry.ID(str(done.dossier_id)),
                organisation_name=done.organisation_name,
                site_name=done.site_name,
            )
        )
