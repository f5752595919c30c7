"""Root mutations of accreditation: each reads its input, calls one service and maps the
result (with the batched reads of ``accreditations/loading.py`` for what it shows)."""

from __future__ import annotations

import datetime as dt

import strawberry

from clea_platform.accreditations import (
    access_requests,
    applications,
    campaigns,
    drafts,
    granting,
    loading,
    review,
    service,
)
from clea_platform.accreditations.errors import AccreditationError, AccreditationErrorCode
from clea_platform.accreditations.models import (
    Accreditation,
    AccreditationScope,
    AccreditationStatus,
    Application,
)
from clea_platform.schema.accreditations import inputs
from clea_platform.schema.accreditations.control import ControlMutations
from clea_platform.schema.accreditations.types import (
    AcceptApplicationPayload,
    AccreditationType,
    AddAccreditedEvaluatorPayload,
    ApplicationType,
    CampaignType,
    CreateCampaignPayload,
    ReinstateAccreditationPayload,
    RejectApplicationPayload,
    RemoveAccreditedEvaluatorPayload,
    RequestAccreditationPayload,
    RequestApplicationComplementPayload,
    SaveApplicationPayload,
    StartApplicationPayload,
    StartApplicationReviewPayload,
    SubmitApplicationPayload,
    SuspendAccreditationPayload,
    UpdateCampaignPayload,
    WithdrawAccreditationPayload,
)
from clea_platform.schema.context import Info
from clea_platform.schema.ids import parse_id

APPLICATION_NOT_FOUND = AccreditationError(
    AccreditationErrorCode.NOT_FOUND, "Candidature introuvable.", field="applicationId"
)
ACCREDITATION_NOT_FOUND = AccreditationError(
    AccreditationErrorCode.NOT_FOUND, "Habilitation introuvable.", field="id"
)
CAMPAIGN_NOT_FOUND = AccreditationError(
    AccreditationErrorCode.NOT_FOUND, "Campagne introuvable.", field="id"
)


def _campaign_data(input: inputs.CreateCampaignInput) -> campaigns.CampaignInput:
    reviewer_ids = []
    for value in input.reviewer_ids:
        reviewer_ids.append(
            parse_id(
                value,
                AccreditationError(
                    AccreditationErrorCode.INVALID, "Instructeur inconnu.", field="reviewerIds"
                ),
            )
        )
    return campaigns.CampaignInput(
        title=input.title,
        certification_codes=input.certification_codes,
        opens_on=input.opens_on,
        closes_on=input.closes_on,
        accreditation_starts_on=input.accreditation_starts_on,
        accreditation_ends_on=input.accreditation_ends_on,
        required_documents=[
            campaigns.RequiredDocument(
                label=d.label,
                description=d.description,
                mandatory=d.mandatory,
                key=d.key,
                scope="" if d.scope in (None, AccreditationScope.BOTH) else str(d.scope),
            )
            for d in input.required_documents
        ],
        application_fee_cents=input.application_fee_cents,
        site_fee_cents=input.site_fee_cents,
        open_dossiers_may_finish=input.open_dossiers_may_finish,
        reply_days=input.reply_days,
        reviewer_ids=reviewer_ids,
        fee_overrides=(
            None
            if input.fee_overrides is None
            else [
                campaigns.FeeOverride(
                    o.certification_code, o.application_fee_cents, o.site_fee_cents
                )
                for o in input.fee_overrides
            ]
        ),
        accepted_scopes=(
            None
            if input.accepted_scopes is None
            else campaigns.accepted_scopes_of([str(s) for s in input.accepted_scopes])
        ),
    )


async def _application(info: Info, row: Application) -> ApplicationType:
    (found,) = await loading.application_rows(info.context.session, [row])
    return ApplicationType.from_row(found)


async def _accreditation(info: Info, row: Accreditation) -> AccreditationType:
    found = await service.accreditation_for_admin(
        info.context.session, info.context.actor, row, dt.date.today()
    )
    return AccreditationType.from_row(found)


async def _own_application(info: Info, application_id: strawberry.ID) -> Application:
    return await applications.get_application(
        info.context.session, parse_id(application_id, APPLICATION_NOT_FOUND)
    )


@strawberry.type
class AccreditationMutations(ControlMutations):
    @strawberry.mutation(description="Open a new accreditation campaign.")
    async def create_campaign(
        self, info: Info, input: inputs.CreateCampaignInput
    ) -> CreateCampaignPayload:
        campaign = await campaigns.create_campaign(
            info.context.session, info.context.actor, info.context.registry, _campaign_data(input)
        )
        return CreateCampaignPayload(campaign=CampaignType.from_model(campaign))

    @strawberry.mutation(description="Change a campaign's terms (optimistic concurrency).")
    async def update_campaign(
        self, info: Info, input: inputs.UpdateCampaignInput
    ) -> UpdateCampaignPayload:
        campaign = await campaigns.update_campaign(
            info.context.session,
            info.context.actor,
            info.context.registry,
            parse_id(input.id, CAMPAIGN_NOT_FOUND),
            _campaign_data(input),
            expected_revision=input.revision,
        )
        return UpdateCampaignPayload(campaign=CampaignType.from_model(campaign))

    @strawberry.mutation(
        description="« Demander une habilitation »: a new organisation (pending) and its admin, "
        "invited by e-mail."
    )
    async def request_accreditation(
        self, info: Info, input: inputs.RequestAccreditationInput
    ) -> RequestAccreditationPayload:
        organisation = await access_requests.request_access(
            info.context.session,
            info.context.actor,
            access_requests.AccessRequest(
                organisation_name=input.organisation_name,
                siren=input.siren,
                admin_full_name=input.admin_full_name,
                admin_email=input.admin_email,
                legal_form=input.legal_form,
                network=input.network,
            ),
            base_url=info.context.settings.base_url,
        )
        return RequestAccreditationPayload(organisation_name=organisation.name)

    @strawberry.mutation(description="Start the active organisation's application to a campaign.")
    async def start_application(
        self, info: Info, input: inputs.StartApplicationInput
    ) -> StartApplicationPayload:
        application = await applications.start_application(
            info.context.session,
            info.context.actor,
            parse_id(input.campaign_id, CAMPAIGN_NOT_FOUND),
            today=dt.date.today(),
        )
        return StartApplicationPayload(application=await _application(info, application))

    @strawberry.mutation(
        description="Save the application form as it is (drafts may be incomplete)."
    )
    async def save_application(
        self, info: Info, input: inputs.SaveApplicationInput
    ) -> SaveApplicationPayload:
        application = await _own_application(info, input.application_id)
        draft = drafts.ApplicationDraft(
            network=input.network,
            sites=tuple(
                drafts.SiteDraft(
                    siret=site.siret,
                    name=site.name,
                    address_line=site.address_line,
                    postal_code=site.postal_code,
                    city=site.city,
                    region=site.region,
                    contact_email=site.contact_email,
                    contact_phone=site.contact_phone,
                    evaluators=tuple(
                        drafts.EvaluatorDraft(
                            full_name=e.full_name, email=e.email, qualifications=e.qualifications
                        )
                        for e in site.evaluators
                    ),
                    scope=str(site.scope),
                    trainers=tuple(
                        drafts.EvaluatorDraft(
                            full_name=t.full_name, email=t.email, qualifications=t.qualifications
                        )
                        for t in site.trainers
                    ),
                )
                for site in input.sites
            ),
            declarations=tuple(input.declarations),
        )
        await applications.save_draft(
            info.context.session,
            info.context.actor,
            application,
            draft,
            expected_revision=input.revision,
            idempotency_key=input.idempotency_key,
        )
        return SaveApplicationPayload(application=await _application(info, application))

    @strawberry.mutation(
        description="Submit a complete application (the errors list what is missing)."
    )
    async def submit_application(
        self, info: Info, input: inputs.SubmitApplicationInput
    ) -> SubmitApplicationPayload:
        application = await _own_application(info, input.application_id)
        await applications.submit(
            info.context.session,
            info.context.actor,
            application,
            expected_revision=input.revision,
            today=dt.date.today(),
        )
        return SubmitApplicationPayload(application=await _application(info, application))

    @strawberry.mutation(description="Take a submitted application under review (you review it).")
    async def start_application_review(
        self, info: Info, input: inputs.StartApplicationReviewInput
    ) -> StartApplicationReviewPayload:
        application = await review.start_review(
            info.context.session,
            info.context.actor,
            parse_id(input.application_id, APPLICATION_NOT_FOUND),
        )
        return StartApplicationReviewPayload(application=await _application(info, application))

    @strawberry.mutation(description="Ask the applicant for a complement (message mandatory).")
    async def request_application_complement(
        self, info: Info, input: inputs.RequestApplicationComplementInput
    ) -> RequestApplicationComplementPayload:
        application = await review.request_complement(
            info.context.session,
            info.context.actor,
            parse_id(input.application_id, APPLICATION_NOT_FOUND),
            input.message,
        )
        return RequestApplicationComplementPayload(
            application=await _application(info, application)
        )

    @strawberry.mutation(
        description="Accept an application: accreditations per certification × site."
    )
    async def accept_application(
        self, info: Info, input: inputs.AcceptApplicationInput
    ) -> AcceptApplicationPayload:
        application = await granting.accept(
            info.context.session,
            info.context.actor,
            parse_id(input.application_id, APPLICATION_NOT_FOUND),
            granting.Acceptance(
                sites=input.sites,
                evaluators=(
                    {kept.siret: kept.emails for kept in input.evaluators}
                    if input.evaluators is not None
                    else None
                ),
                message=input.message,
            ),
        )
        return AcceptApplicationPayload(application=await _application(info, application))

    @strawberry.mutation(description="Reject an application (reasons mandatory).")
    async def reject_application(
        self, info: Info, input: inputs.RejectApplicationInput
    ) -> RejectApplicationPayload:
        application = await review.reject(
            info.context.session,
            info.context.actor,
            parse_id(input.application_id, APPLICATION_NOT_FOUND),
            input.message,
        )
        return RejectApplicationPayload(application=await _application(info, application))

    @strawberry.mutation(description="Suspend an active accreditation (reason mandatory).")
    async def suspend_accreditation(
        self, info: Info, input: inputs.SuspendAccreditationInput
    ) -> SuspendAccreditationPayload:
        return SuspendAccreditationPayload(
            accreditation=await _change(info, input.id, AccreditationStatus.SUSPENDED, input.reason)
        )

    @strawberry.mutation(description="Withdraw an accreditation for good (reason mandatory).")
    async def withdraw_accreditation(
        self, info: Info, input: inputs.WithdrawAccreditationInput
    ) -> WithdrawAccreditationPayload:
        return WithdrawAccreditationPayload(
            accreditation=await _change(info, input.id, AccreditationStatus.WITHDRAWN, input.reason)
        )

    @strawberry.mutation(description="Reinstate a suspended accreditation.")
    async def reinstate_accreditation(
        self, info: Info, input: inputs.ReinstateAccreditationInput
    ) -> ReinstateAccreditationPayload:
        return ReinstateAccreditationPayload(
            accreditation=await _change(info, input.id, AccreditationStatus.ACTIVE, "")
        )

    @strawberry.mutation(description="Name one more evaluator on an accreditation.")
    async def add_accredited_evaluator(
        self, info: Info, input: inputs.AddAccreditedEvaluatorInput
    ) -> AddAccreditedEvaluatorPayload:
        accreditation = await service.add_evaluator(
            info.context.session,
            info.context.actor,
            parse_id(input.accreditation_id, ACCREDITATION_NOT_FOUND),
            full_name=input.full_name,
            email=input.email,
            qualifications=input.qualifications,
        )
        return AddAccreditedEvaluatorPayload(
            accreditation=await _accreditation(info, accreditation)
        )

    @strawberry.mutation(description="Remove an evaluator from an accreditation.")
    async def remove_accredited_evaluator(
        self, info: Info, input: inputs.RemoveAccreditedEvaluatorInput
    ) -> RemoveAccreditedEvaluatorPayload:
        accreditation = await service.remove_evaluator(
            info.context.session,
            info.context.actor,
            parse_id(input.accreditation_id, ACCREDITATION_NOT_FOUND),
            input.email,
        )
        return RemoveAccreditedEvaluatorPayload(
            accreditation=await _accreditation(info, accreditation)
        )


async def _change(
    info: Info, id: strawberry.ID, status: AccreditationStatus, reason: str
) -> AccreditationType:
    accreditation = await service.change_status(
        info.context.session,
        info.context.actor,
        parse_id(id, ACCREDITATION_NOT_FOUND),
        status,
        reason,
    )
    return await _accreditation(info, accreditation)
