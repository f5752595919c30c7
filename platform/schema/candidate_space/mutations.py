"""Root mutations of the candidate space."""

from __future__ import annotations

import strawberry

from clea_platform.candidate_space import access, documents, invitations, rights
from clea_platform.candidate_space.errors import CandidateSpaceError, CandidateSpaceErrorCode
from clea_platform.schema.candidate_space import inputs
from clea_platform.schema.candidate_space.types import (
    CandidateSpaceStatus,
    CreateWalletOfferPayload,
    InviteCandidateToSpacePayload,
    RequestCandidateSignInCodePayload,
    RequestCandidateSignInLinkPayload,
    RequestDataCorrectionPayload,
    RequestMyPaperCopyPayload,
    ResolveCorrectionRequestPayload,
    SignInCandidatePayload,
    SignOutCandidatePayload,
    WalletOffer,
)
from clea_platform.schema.context import Info
from clea_platform.schema.ids import optional_id, parse_id


@strawberry.type
class CandidateSpaceMutations:
    @strawberry.mutation(
        description="Send a one-time sign-in link to a candidate's address (the answer never "
        "says whether the address is known)."
    )
    async def request_candidate_sign_in_link(
        self, info: Info, input: inputs.RequestCandidateSignInLinkInput
    ) -> RequestCandidateSignInLinkPayload:
        context = info.context
        await access.request_link(
            context.session, context.actor, input.email, context.settings.base_url
        )
        return RequestCandidateSignInLinkPayload(sent=True)

    @strawberry.mutation(
        description="Sign in to the candidate space with a one-time link (sets its cookie)."
    )
    async def sign_in_candidate(
        self, info: Info, input: inputs.SignInCandidateInput
    ) -> SignInCandidatePayload:
        context = info.context
        signed_in = await access.sign_in(
            context.session, context.actor, input.token, request_id=context.actor.request_id
        )
        context.set_candidate_cookie(signed_in.token)
        return SignInCandidatePayload(ok=True)

    @strawberry.mutation(
        description="Send a one-time sign-in code by SMS to the mobile number an organisation "
        "recorded (the answer never says whether the number is known)."
    )
    async def request_candidate_sign_in_code(
        self, info: Info, input: inputs.RequestCandidateSignInCodeInput
    ) -> RequestCandidateSignInCodePayload:
        context = info.context
        await access.request_code(
            context.session, context.actor, input.phone, context.settings.data_dir
        )
        return RequestCandidateSignInCodePayload(sent=True)

    @strawberry.mutation(
        description="Sign in to the candidate space with a code received by SMS (sets its cookie)."
    )
    async def sign_in_candidate_with_code(
        self, info: Info, input: inputs.SignInCandidateWithCodeInput
    ) -> SignInCandidatePayload:
        context = info.context
        signed_in = await access.sign_in_with_code(
            context.session,
            context.sessions,
            context.actor,
            input.phone,
            input.code,
            request_id=context.actor.request_id,
        )
        context.set_candidate_cookie(signed_in.token)
        return SignInCandidatePayload(ok=True)

    @strawberry.mutation(description="End the candidate's current session.")
    async def sign_out_candidate(
        self, info: Info, input: inputs.SignOutCandidateInput
    ) -> SignOutCandidatePayload:
        await access.sign_out(info.context.session, info.context.actor)
        info.context.clear_candidate_cookie()
        return SignOutCandidatePayload(ok=True)

    @strawberry.mutation(
        description="E-mail one of the organisation's candidates a link to their space "
        "(again: resends it)."
    )
    async def invite_candidate_to_space(
        self, info: Info, input: inputs.InviteCandidateToSpaceInput
    ) -> InviteCandidateToSpacePayload:
        context = info.context
        status = await invitations.invite(
            context.session,
            context.actor,
            parse_id(
                input.candidate_id,
                CandidateSpaceError(
                    CandidateSpaceErrorCode.NOT_FOUND, invitations.NOT_FOUND, field="candidateId"
                ),
            ),
            context.settings.base_url,
        )
        return InviteCandidateToSpacePayload(status=CandidateSpaceStatus.from_domain(status))

    @strawberry.mutation(
        description="The signed-in candidate asks the organisation holding a dossier to "
        "correct their data."
    )
    async def request_data_correction(
        self, info: Info, input: inputs.RequestDataCorrectionInput
    ) -> RequestDataCorrectionPayload:
        await rights.request_correction(
            info.context.session, info.context.actor, optional_id(input.dossier_id), input.message
        )
        return RequestDataCorrectionPayload(ok=True)

    @strawberry.mutation(description="Mark a candidate's correction request handled (advisers).")
    async def resolve_correction_request(
        self, info: Info, input: inputs.ResolveCorrectionRequestInput
    ) -> ResolveCorrectionRequestPayload:
        await rights.resolve(info.context.session, info.context.actor, optional_id(input.id))
        return ResolveCorrectionRequestPayload(ok=True)

    @strawberry.mutation(
        description="The signed-in candidate asks for the paper copy of their certificate."
    )
    async def request_my_paper_copy(
        self, info: Info, input: inputs.RequestMyPaperCopyInput
    ) -> RequestMyPaperCopyPayload:
        await documents.request_paper_copy(
            info.context.session, info.context.actor, optional_id(input.certificate_id)
        )
        return RequestMyPaperCopyPayload(ok=True)

    @strawberry.mutation(
        description="The signed-in candidate gets an OpenID4VCI offer of their certificate, "
        "to scan with their digital wallet (single use, 15 minutes, with a transaction code)."
    )
    async def create_wallet_offer(
        self, info: Info, input: inputs.CreateWalletOfferInput
    ) -> CreateWalletOfferPayload:
        offer = await documents.wallet_offer(
            info.context.session,
            info.context.actor,
            optional_id(input.certificate_id),
            info.context.settings.base_url,
        )
        return CreateWalletOfferPayload(
            offer=WalletOffer(uri=offer.uri, expires_at=offer.expires_at, tx_code=offer.tx_code)
        )
