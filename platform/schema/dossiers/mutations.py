"""Root mutations of dossiers: resolvers call the services, nothing more."""

from __future__ import annotations

import uuid

import strawberry

from clea_platform.candidates.validation import CandidateData
from clea_platform.dossiers import interviews
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.new_candidate import NewCandidate
from clea_platform.schema.candidates.inputs import CreateCandidateInput
from clea_platform.schema.candidates.mutations import candidate_data
from clea_platform.schema.context import Info
from clea_platform.schema.dossiers.inputs import (
    AbandonDossierInput,
    OpenDossierInput,
    OpeningInterviewInput,
    RecordInformationInterviewInput,
)
from clea_platform.schema.dossiers.types import (
    AbandonDossierPayload,
    DossierType,
    InformationInterviewType,
    OpenDossierPayload,
    RecordInformationInterviewPayload,
)
from clea_platform.schema.ids import optional_id, parse_id


@strawberry.type
class DossierMutations:
    @strawberry.mutation(description="Open a dossier, pinned to the published référentiel.")
    async def open_dossier(self, info: Info, input: OpenDossierInput) -> OpenDossierPayload:
        not_found = dossiers.dossier_not_found("siteId", "Site introuvable.")
        dossier = await dossiers.open_dossier(
            info.context.session,
            info.context.actor,
            info.context.registry,
            dossiers.OpenDossier(
                candidate_id=_candidate_id(input.candidate_id),
                certification_code=input.certification_code,
                site_id=parse_id(input.site_id, not_found),
                prescriber_type=input.prescriber_type,
                financing=input.financing,
                consent=input.consent,
                prescriber_name=input.prescriber_name,
                consent_to_share=input.consent_to_share,
                information_interview_id=_interview_id(input.information_interview_id),
                new_candidate=_new_candidate(input.new_candidate),
                interview=_opening_interview(input.interview),
            ),
        )
        return OpenDossierPayload(dossier=DossierType.from_model(dossier))

    @strawberry.mutation(
        description="Record the information interview an adviser held with a candidate "
        "(before a dossier opens; any outcome)."
    )
    async def record_information_interview(
        self, info: Info, input: RecordInformationInterviewInput
    ) -> RecordInformationInterviewPayload:
        row = await interviews.record_interview(
            info.context.session,
            info.context.actor,
            info.context.registry,
            interviews.RecordInterview(
                candidate_id=_candidate_id(input.candidate_id),
                certification_code=input.certification_code,
                held_on=input.held_on,
                adviser_id=parse_id(
                    input.adviser_id,
                    dossiers.dossier_not_found("adviserId", "Conseiller introuvable."),
                ),
                outcome=input.outcome,
                note=input.note,
                new_candidate=_new_candidate(input.new_candidate),
            ),
        )
        return RecordInformationInterviewPayload(interview=InformationInterviewType.from_row(row))

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


def _candidate_id(value: strawberry.ID | None) -> uuid.UUID | None:
    if value is None:
        return None
    return parse_id(value, dossiers.dossier_not_found("candidateId", "Candidat introuvable."))


def _new_candidate(value: CreateCandidateInput | None) -> NewCandidate | None:
    if value is None:
        return None
    data: CandidateData = candidate_data(value)
    return NewCandidate(data, confirm_not_duplicate=value.confirm_not_duplicate)


def _opening_interview(value: OpeningInterviewInput | None) -> dossiers.OpeningInterview | None:
    if value is None:
        return None
    return dossiers.OpeningInterview(
        held_on=value.held_on,
        adviser_id=parse_id(
            value.adviser_id,
            dossiers.dossier_not_found("interview.adviserId", "Conseiller introuvable."),
        ),
        note=value.note,
    )


def _interview_id(value: strawberry.ID | None) -> uuid.UUID | None:
    if value is None:
        return None
    parsed = optional_id(value)
    if parsed is None:
        raise dossiers.dossier_not_found(
            "informationInterviewId", "Entretien d'information introuvable pour ce candidat."
        )
    return parsed
