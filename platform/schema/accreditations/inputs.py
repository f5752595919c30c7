"""Inputs of the accreditation mutations."""

from __future__ import annotations

import datetime as dt

import strawberry

from clea_platform.schema.accreditations.enums import AccreditationScope
from clea_platform.schema.tenants.enums import NationalNetwork


@strawberry.input(description="A document the campaign asks for.")
class RequiredDocumentInput:
    label: str = strawberry.field(description="French title.")
    description: str = strawberry.field(default="", description="What is expected.")
    mandatory: bool = strawberry.field(default=True, description="Needed to submit.")
    key: str = strawberry.field(default="", description="Stable key (from the label if empty).")
    scope: AccreditationScope | None = strawberry.field(
        default=None,
        description="Asked only of applications asking for this scope (none or BOTH: all).",
    )


@strawberry.input(description="A campaign's own accreditation fees for one certification.")
class CertificationFeeInput:
    certification_code: str = strawberry.field(description="A certification of the campaign.")
    application_fee_cents: int = strawberry.field(description="Per application (cents).")
    site_fee_cents: int = strawberry.field(description="Per establishment (cents).")


@strawberry.input(description="A new campaign's terms.")
class CreateCampaignInput:
    title: str = strawberry.field(description="Title.")
    certification_codes: list[str] = strawberry.field(description="Certifications covered.")
    opens_on: dt.date = strawberry.field(description="Opening date.")
    closes_on: dt.date = strawberry.field(description="Closing date.")
    accreditation_starts_on: dt.date = strawberry.field(description="Accreditation start.")
    accreditation_ends_on: dt.date = strawberry.field(description="Accreditation end.")
    required_documents: list[RequiredDocumentInput] = strawberry.field(
        default_factory=list, description="Documents asked for."
    )
    application_fee_cents: int = strawberry.field(default=0, description="Per application.")
    site_fee_cents: int = strawberry.field(default=0, description="Per accredited site.")
    open_dossiers_may_finish: bool = strawberry.field(
        default=True, description="Dossiers open at expiry may still be evaluated."
    )
    reviewer_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Certif'Pro admins who review."
    )
    accepted_scopes: list[AccreditationScope] | None = strawberry.field(
        default=None,
        description=(
            "What applications may ask for (BOTH stands for both); omitted: both for a new "
            "campaign, unchanged for an existing one."
        ),
    )
    fee_overrides: list[CertificationFeeInput] | None = strawberry.field(
        default=None,
        description=(
            "Per-certification overrides of the plugins' application and establishment fees "
            "(omitted: unchanged; the plugin's fee applies to the others)."
        ),
    )
    reply_days: int | None = strawberry.field(
        default=None,
        description="Days an organisation has to reply to a control procedure, 1–90 "
        "(omitted: 15 for a new campaign, unchanged for an existing one).",
    )


@strawberry.input(description="Changes to a campaign.")
class UpdateCampaignInput(CreateCampaignInput):
    id: strawberry.ID = strawberry.field(description="The campaign.")
    revision: int = strawberry.field(description="The revision read.")


@strawberry.input(description="« Demander une habilitation »: a new organisation and its admin.")
class RequestAccreditationInput:
    organisation_name: str = strawberry.field(description="Legal name.")
    siren: str = strawberry.field(description="9-digit SIREN.")
    admin_full_name: str = strawberry.field(description="First administrator's name.")
    admin_email: str = strawberry.field(description="Their e-mail (verified by a link).")
    legal_form: str = strawberry.field(default="", description="Legal form.")
    network: NationalNetwork | None = strawberry.field(default=None, description="Network.")


@strawberry.input(description="An evaluator named for a site.")
class ApplicationEvaluatorInput:
    full_name: str = strawberry.field(default="", description="Full name.")
    email: str = strawberry.field(default="", description="E-mail address.")
    qualifications: str = strawberry.field(default="", description="Qualifications.")


@strawberry.input(description="A site to accredit (blank fields are fine in a draft).")
class ApplicationSiteInput:
    siret: str = strawberry.field(default="", description="SIRET.")
    name: str = strawberry.field(default="", description="Name.")
    address_line: str = strawberry.field(default="", description="Street address.")
    postal_code: str = strawberry.field(default="", description="Postal code.")
    city: str = strawberry.field(default="", description="City.")
    region: str = strawberry.field(default="", description="Région.")
    contact_email: str = strawberry.field(default="", description="Public contact e-mail.")
    contact_phone: str = strawberry.field(default="", description="Public contact phone.")
    evaluators: list[ApplicationEvaluatorInput] = strawberry.field(
        default_factory=list, description="Named evaluators (evaluation scope)."
    )
    scope: AccreditationScope = strawberry.field(
        default=AccreditationScope.EVALUATION, description="What the site asks to be accredited."
    )
    trainers: list[ApplicationEvaluatorInput] = strawberry.field(
        default_factory=list, description="Named trainers (training scope)."
    )


@strawberry.input(description="The campaign to apply to.")
class StartApplicationInput:
    campaign_id: strawberry.ID = strawberry.field(description="The campaign (open today).")


@strawberry.input(description="The whole application form, saved as it is.")
class SaveApplicationInput:
    application_id: strawberry.ID = strawberry.field(description="The application.")
    revision: int = strawberry.field(description="The revision read (optimistic concurrency).")
    network: NationalNetwork | None = strawberry.field(default=None, description="Network.")
    sites: list[ApplicationSiteInput] = strawberry.field(default_factory=list, description="Sites.")
    declarations: list[str] = strawberry.field(
        default_factory=list, description="Keys of the declarations checked."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="A fresh key per save, the same on a retry: a retried save that was "
        "already applied gets the application back instead of a stale revision (max 100).",
    )


@strawberry.input(description="Submit (or resubmit) an application.")
class SubmitApplicationInput:
    application_id: strawberry.ID = strawberry.field(description="The application.")
    revision: int = strawberry.field(description="The revision read.")


@strawberry.input(description="The submitted application to take under review.")
class StartApplicationReviewInput:
    application_id: strawberry.ID = strawberry.field(description="The application.")


@strawberry.input(description="A complement asked of the applicant.")
class RequestApplicationComplementInput:
    application_id: strawberry.ID = strawberry.field(description="The application.")
    message: str = strawberry.field(description="The complements expected (mandatory).")


@strawberry.input(description="An application rejected, with the reasons.")
class RejectApplicationInput:
    application_id: strawberry.ID = strawberry.field(description="The application.")
    message: str = strawberry.field(description="The reasons (mandatory).")


@strawberry.input(description="The evaluators kept for one site.")
class KeptEvaluatorsInput:
    siret: str = strawberry.field(description="Site.")
    emails: list[str] = strawberry.field(description="Evaluators kept.")


@strawberry.input(description="Accept an application, fully or partly.")
class AcceptApplicationInput:
    application_id: strawberry.ID = strawberry.field(description="The application.")
    sites: list[str] | None = strawberry.field(
        default=None, description="SIRETs kept (all when omitted)."
    )
    evaluators: list[KeptEvaluatorsInput] | None = strawberry.field(
        default=None, description="Evaluators kept per site (all when omitted)."
    )
    message: str = strawberry.field(default="", description="Message to the applicant.")


@strawberry.input(description="Suspend an active accreditation.")
class SuspendAccreditationInput:
    id: strawberry.ID = strawberry.field(description="The accreditation.")
    reason: str = strawberry.field(description="Why (mandatory).")


@strawberry.input(description="Withdraw an accreditation for good.")
class WithdrawAccreditationInput:
    id: strawberry.ID = strawberry.field(description="The accreditation.")
    reason: str = strawberry.field(description="Why (mandatory).")


@strawberry.input(description="Reinstate a suspended accreditation.")
class ReinstateAccreditationInput:
    id: strawberry.ID = strawberry.field(description="The accreditation.")


@strawberry.input(description="Add an evaluator to an accreditation.")
class AddAccreditedEvaluatorInput:
    accreditation_id: strawberry.ID = strawberry.field(description="The accreditation.")
    full_name: str = strawberry.field(description="Full name.")
    email: str = strawberry.field(description="E-mail address.")
    qualifications: str = strawberry.field(default="", description="Qualifications.")


@strawberry.input(description="Remove an evaluator from an accreditation.")
class RemoveAccreditedEvaluatorInput:
    accreditation_id: strawberry.ID = strawberry.field(description="The accreditation.")
    email: str = strawberry.field(description="E-mail address.")
