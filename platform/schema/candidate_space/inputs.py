"""Inputs of the candidate space's mutations."""

from __future__ import annotations

import strawberry


@strawberry.input(description="The address to send a sign-in link to.")
class RequestCandidateSignInLinkInput:
    email: str = strawberry.field(description="The candidate's e-mail address.")


@strawberry.input(description="The one-time link's secret, as found in the link.")
class SignInCandidateInput:
    token: str = strawberry.field(description="The secret of the link (its « jeton »).")


@strawberry.input(description="Nothing to give: ends the candidate's current session.")
class SignOutCandidateInput:
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Optional, for the client's own bookkeeping; not stored."
    )


@strawberry.input(description="The organisation's candidate to invite (or invite again).")
class InviteCandidateToSpaceInput:
    candidate_id: strawberry.ID = strawberry.field(description="The candidate.")


@strawberry.input(description="What the candidate asks an organisation to correct.")
class RequestDataCorrectionInput:
    dossier_id: strawberry.ID = strawberry.field(
        description="One of the candidate's dossiers: its organisation receives the request."
    )
    message: str = strawberry.field(description="What is wrong and what is right.")


@strawberry.input(description="A correction request the organisation has handled.")
class ResolveCorrectionRequestInput:
    id: strawberry.ID = strawberry.field(description="The correction request.")


@strawberry.input(description="The candidate's certificate to receive on paper.")
class RequestMyPaperCopyInput:
    certificate_id: strawberry.ID = strawberry.field(
        description="The certificate; the copy goes to the postal address shown."
    )


@strawberry.input(description="The mobile number to send a sign-in code to by SMS.")
class RequestCandidateSignInCodeInput:
    phone: str = strawberry.field(description="The number the organisation recorded.")


@strawberry.input(description="A sign-in code received by SMS.")
class SignInCandidateWithCodeInput:
    phone: str = strawberry.field(description="The number the code was sent to.")
    code: str = strawberry.field(description="The six digits.")


@strawberry.input(description="The candidate's certificate to put in their digital wallet.")
class CreateWalletOfferInput:
    certificate_id: strawberry.ID = strawberry.field(
        description="The certificate offered (OpenID4VCI, pre-authorised code)."
    )
