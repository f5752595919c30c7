"""GraphQL types of accreditation: campaigns, applications, accreditations, directory."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar

import strawberry

from clea_platform.accreditations import campaigns
from clea_platform.accreditations.completeness import missing_items
from clea_platform.accreditations.directory import DirectoryEntry
from clea_platform.accreditations.drafts import DECLARATIONS, draft_from_content
from clea_platform.accreditations.loading import AccreditationRow, ApplicationRow
from clea_platform.accreditations.models import (
    AccreditedEvaluator,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    Campaign,
)
from clea_platform.schema.accreditations.enums import (
    AccreditationErrorCode,
    AccreditationScope,
    AccreditationStatus,
    ApplicationStatus,
)
from clea_platform.schema.context import Info
from clea_platform.schema.errors import FromDomainError
from clea_platform.schema.identity.types import UserType
from clea_platform.schema.notfound import NotFound
from clea_platform.schema.tenants.enums import NationalNetwork


@strawberry.type(description="A problem with an accreditation change, next to its field.")
class AccreditationProblem(FromDomainError):  # noqa: N818 (a GraphQL type, not an exception)
    code: AccreditationErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(
        description="Input field at fault (e.g. `sites[0].siret`), if any."
    )
    message: str = strawberry.field(description="French explanation.")


@strawberry.type(description="A supporting document a campaign asks applicants for.")
class RequiredDocument:
    key: str = strawberry.field(description="Stable key (upload address).")
    label: str = strawberry.field(description="French title.")
    description: str = strawberry.field(description="What exactly is expected.")
    mandatory: bool = strawberry.field(description="Needed to submit.")
    scope: AccreditationScope | None = strawberry.field(
        default=None, description="Asked only of applications asking for this scope (none: all)."
    )

    @classmethod
    def from_json(cls, document: dict[str, object]) -> RequiredDocument:
        scope = document.get("scope")
        return cls(
            key=str(document["key"]),
            label=str(document["label"]),
            description=str(document["description"]),
            mandatory=bool(document["mandatory"]),
            scope=AccreditationScope(str(scope)) if scope else None,
        )


@strawberry.type(description="The accreditation fees of one certification of a campaign.")
class CertificationFee:
    certification_code: str = strawberry.field(description="Certification.")
    application_fee_cents: int = strawberry.field(description="Per application (cents).")
    site_fee_cents: int = strawberry.field(description="Per establishment (cents).")
    overridden: bool = strawberry.field(description="The campaign's own, not the plugin's.")


@strawberry.type(name="Campaign", description="An accreditation campaign run by Certif'Pro.")
class CampaignType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    title: str = strawberry.field(description="Title.")
    certification_codes: list[str] = strawberry.field(description="Certifications covered.")
    opens_on: dt.date = strawberry.field(description="First day applications are accepted.")
    closes_on: dt.date = strawberry.field(description="Last day for a first submission.")
    is_open: bool = strawberry.field(description="Open to applications today.")
    required_documents: list[RequiredDocument] = strawberry.field(description="Documents.")
    application_fee_cents: int = strawberry.field(description="Fee per application (cents).")
    site_fee_cents: int = strawberry.field(description="Fee per accredited site (cents).")
    accreditation_starts_on: dt.date = strawberry.field(description="Accreditation start.")
    accreditation_ends_on: dt.date = strawberry.field(description="Accreditation end.")
    open_dossiers_may_finish: bool = strawberry.field(
        description="Dossiers open when an accreditation expires may still be evaluated."
    )
    reply_days: int = strawberry.field(
        description="Days an organisation has to reply to a control procedure."
    )
    revision: int = strawberry.field(description="Pass it back when updating.")
    accepted_scopes: list[AccreditationScope] = strawberry.field(
        description="What applications may ask for: evaluation, training (or both listed)."
    )
    _model: strawberry.Private[Campaign]

    @strawberry.field(
        description=(
            "Fees per certification: the campaign's override, else the plugin's "
            "(a campaign-wide fee without overrides bills once per application)."
        )
    )
    def certification_fees(self, info: Info) -> list[CertificationFee]:
        campaign = self._model
        fees = []
        for code in campaign.certification_codes:
            application, site = campaigns.fees_for(campaign, info.context.registry, code)
            fees.append(
                CertificationFee(
                    certification_code=code,
                    application_fee_cents=application,
                    site_fee_cents=site,
                    overridden=code in campaign.fee_overrides,
                )
            )
        return fees

    @strawberry.field(description="Certif'Pro reviewers (visible to Certif'Pro only).")
    def reviewer_ids(self, info: Info) -> list[strawberry.ID]:
        ids = campaigns.visible_reviewer_ids(self._model, info.context.actor)
        return [strawberry.ID(str(value)) for value in ids]

    @strawberry.field(
        description="Certif'Pro reviewers by name, in the order chosen (Certif'Pro only)."
    )
    async def reviewers(self, info: Info) -> list[UserType]:
        ids = campaigns.visible_reviewer_ids(self._model, info.context.actor)
        if not ids:
            return []
        # One statement per request for every campaign of a list (the users' DataLoader).
        users = await info.context.identity_loaders.user_by_id.load_many(ids)
        return [UserType.from_model(user) for user in users if user is not None]

    @classmethod
    def from_model(cls, campaign: Campaign) -> CampaignType:
        return cls(
            id=strawberry.ID(str(campaign.id)),
            title=campaign.title,
            certification_codes=list(campaign.certification_codes),
            opens_on=campaign.opens_on,
            closes_on=campaign.closes_on,
            is_open=campaigns.is_open(campaign, dt.date.today()),
            required_documents=[RequiredDocument.from_json(d) for d in campaign.required_documents],
            application_fee_cents=campaign.application_fee_cents,
            site_fee_cents=campaign.site_fee_cents,
            accreditation_starts_on=campaign.accreditation_starts_on,
            accreditation_ends_on=campaign.accreditation_ends_on,
            open_dossiers_may_finish=campaign.open_dossiers_may_finish,
            reply_days=campaign.reply_days,
            revision=campaign.revision,
            accepted_scopes=[AccreditationScope(scope) for scope in campaign.accepted_scopes],
            _model=campaign,
        )


CampaignResult = Annotated[
    CampaignType | NotFound,
    strawberry.union("CampaignResult", description="The campaign, or NotFound."),
]


@strawberry.type(description="An evaluator named in an application.")
class ApplicationEvaluator:
    full_name: str = strawberry.field(description="Full name.")
    email: str = strawberry.field(description="E-mail address (matches their account).")
    qualifications: str = strawberry.field(description="Qualifications and experience.")


@strawberry.type(description="A site (SIRET) an application asks to accredit.")
class ApplicationSite:
    siret: str = strawberry.field(description="SIRET.")
    name: str = strawberry.field(description="Name.")
    address_line: str = strawberry.field(description="Street address.")
    postal_code: str = strawberry.field(description="Postal code.")
    city: str = strawberry.field(description="City.")
    region: str = strawberry.field(description="Région.")
    contact_email: str = strawberry.field(description="Public contact e-mail.")
    contact_phone: str = strawberry.field(description="Public contact phone.")
    evaluators: list[ApplicationEvaluator] = strawberry.field(description="Named evaluators.")
    scope: AccreditationScope = strawberry.field(description="What the site asks for.")
    trainers: list[ApplicationEvaluator] = strawberry.field(description="Named trainers.")


@strawberry.type(description="A declaration on honour and whether it is checked.")
class Declaration:
    key: str = strawberry.field(description="Key.")
    text: str = strawberry.field(description="French text.")
    checked: bool = strawberry.field(description="Checked by the applicant.")


@strawberry.type(description="An uploaded supporting PDF.")
class ApplicationDocumentType:
    requirement_key: str = strawberry.field(description="Which requirement it answers.")
    filename: str = strawberry.field(description="Original file name.")
    size: int = strawberry.field(description="Bytes.")
    sha256: str = strawberry.field(description="Content hash.")
    uploaded_at: dt.datetime = strawberry.field(description="When.")
    download_url: str = strawberry.field(description="Where to download it.")

    @classmethod
    def from_model(cls, document: ApplicationDocument) -> ApplicationDocumentType:
        return cls(
            requirement_key=document.requirement_key,
            filename=document.filename,
            size=document.size,
            sha256=document.sha256,
            uploaded_at=document.uploaded_at,
            download_url=f"/accreditation-applications/{document.application_id}"
            f"/documents/{document.requirement_key}",
        )


@strawberry.type(description="A step of an application's review.")
class ApplicationEventType:
    occurred_at: dt.datetime = strawberry.field(description="When.")
    actor_label: str = strawberry.field(description="Who.")
    from_status: ApplicationStatus | None = strawberry.field(description="Before.")
    to_status: ApplicationStatus = strawberry.field(description="After.")
    message: str = strawberry.field(description="Message (complement, reasons).")

    @classmethod
    def from_model(cls, event: ApplicationEvent) -> ApplicationEventType:
        return cls(
            occurred_at=event.occurred_at,
            actor_label=event.actor_label,
            from_status=ApplicationStatus(event.from_status) if event.from_status else None,
            to_status=ApplicationStatus(event.to_status),
            message=event.message,
        )


@strawberry.type(name="Application", description="An organisation's accreditation application.")
class ApplicationType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    status: ApplicationStatus = strawberry.field(description="Where the review stands.")
    revision: int = strawberry.field(description="Pass it back when saving.")
    organisation_name: str = strawberry.field(description="Applicant.")
    organisation_siren: str | None = strawberry.field(description="Applicant's SIREN.")
    network: NationalNetwork | None = strawberry.field(description="National network.")
    sites: list[ApplicationSite] = strawberry.field(description="Sites to accredit.")
    declarations: list[Declaration] = strawberry.field(description="Declarations on honour.")
    submitted_at: dt.datetime | None = strawberry.field(description="First submission.")
    decided_at: dt.datetime | None = strawberry.field(description="Decision.")
    message: str = strawberry.field(description="Last complement request or decision reasons.")
    updated_at: dt.datetime = strawberry.field(description="Last change.")
    _model: strawberry.Private[Application]

    @classmethod
    def from_row(cls, row: ApplicationRow) -> ApplicationType:
        application, organisation, draft = row.application, row.organisation, row.draft
        return cls(
            id=strawberry.ID(str(application.id)),
            status=application.status,
            revision=application.revision,
            organisation_name=organisation.name,
            organisation_siren=organisation.siren,
            network=draft.network,
            sites=[
                ApplicationSite(
                    siret=site.siret,
                    name=site.name,
                    address_line=site.address_line,
                    postal_code=site.postal_code,
                    city=site.city,
                    region=site.region,
                    contact_email=site.contact_email,
                    contact_phone=site.contact_phone,
                    evaluators=[
                        ApplicationEvaluator(
                            full_name=e.full_name, email=e.email, qualifications=e.qualifications
                        )
                        for e in site.evaluators
                    ],
                    scope=AccreditationScope(site.scope),
                    trainers=[
                        ApplicationEvaluator(
                            full_name=t.full_name, email=t.email, qualifications=t.qualifications
                        )
                        for t in site.trainers
                    ],
                )
                for site in draft.sites
            ],
            declarations=[
                Declaration(key=key, text=text, checked=key in draft.declarations)
                for key, text in DECLARATIONS.items()
            ],
            submitted_at=application.submitted_at,
            decided_at=application.decided_at,
            message=application.message,
            updated_at=application.updated_at,
            _model=application,
        )

    @strawberry.field(description="The campaign applied to.")
    async def campaign(self, info: Info) -> CampaignType:
        loaders = info.context.accreditation_loaders
        return CampaignType.from_model(await loaders.campaign.load(self._model.campaign_id))

    @strawberry.field(description="Uploaded supporting documents.")
    async def documents(self, info: Info) -> list[ApplicationDocumentType]:
        loaders = info.context.accreditation_loaders
        documents = await loaders.documents.load(self._model.id)
        return [ApplicationDocumentType.from_model(d) for d in documents]

    @strawberry.field(description="Every step of the review, oldest first.")
    async def timeline(self, info: Info) -> list[ApplicationEventType]:
        loaders = info.context.accreditation_loaders
        return [
            ApplicationEventType.from_model(e) for e in await loaders.events.load(self._model.id)
        ]

    @strawberry.field(description="What submission still lacks (empty: ready to submit).")
    async def missing(self, info: Info) -> list[AccreditationProblem]:
        loaders = info.context.accreditation_loaders
        campaign = await loaders.campaign.load(self._model.campaign_id)
        documents = await loaders.documents.load(self._model.id)
        organisation = await loaders.organisation.load(self._model.organisation_id)
        draft = draft_from_content(self._model.content)
        return [
            AccreditationProblem.from_domain(error)
            for error in missing_items(campaign, organisation, draft, documents)
        ]


ApplicationResult = Annotated[
    ApplicationType | NotFound,
    strawberry.union(
        "ApplicationResult",
        description="The application, or NotFound when it does not exist or is not yours.",
    ),
]


@strawberry.type(description="An evaluator named on an accreditation.")
class AccreditedEvaluatorType:
    full_name: str = strawberry.field(description="Full name.")
    email: str = strawberry.field(description="E-mail address (matches their account).")
    qualifications: str = strawberry.field(description="Qualifications.")

    @classmethod
    def from_model(cls, evaluator: AccreditedEvaluator) -> AccreditedEvaluatorType:
        return cls(
            full_name=evaluator.full_name,
            email=evaluator.email,
            qualifications=evaluator.qualifications,
        )


@strawberry.type(
    name="Accreditation",
    description="May an organisation evaluate and/or train a certification at a site, until when.",
)
class AccreditationType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    certification_code: str = strawberry.field(description="Certification.")
    organisation_name: str = strawberry.field(description="Organisation.")
    site_name: str = strawberry.field(description="Site.")
    siret: str = strawberry.field(description="Site SIRET.")
    postal_code: str = strawberry.field(description="Site postal code.")
    city: str = strawberry.field(description="Site city.")
    valid_from: dt.date = strawberry.field(description="First valid day.")
    valid_until: dt.date = strawberry.field(description="Last valid day.")
    status: AccreditationStatus = strawberry.field(description="Active, suspended, withdrawn.")
    status_label: str = strawberry.field(description="French: valide, expirée…, suspendue…")
    is_valid: bool = strawberry.field(description="Valid today.")
    status_reason: str = strawberry.field(description="Why suspended or withdrawn.")
    evaluators: list[AccreditedEvaluatorType] = strawberry.field(description="Accredited.")
    scope: AccreditationScope = strawberry.field(description="Evaluation, training or both.")

    @classmethod
    def from_row(cls, row: AccreditationRow) -> AccreditationType:
        accreditation, site, organisation = row.accreditation, row.site, row.organisation
        return cls(
            id=strawberry.ID(str(accreditation.id)),
            certification_code=accreditation.certification_code,
            organisation_name=organisation.name,
            site_name=site.name,
            siret=site.siret,
            postal_code=site.postal_code,
            city=site.city,
            valid_from=accreditation.valid_from,
            valid_until=accreditation.valid_until,
            status=accreditation.status,
            status_label=row.status_label,
            is_valid=row.is_valid,
            status_reason=accreditation.status_reason,
            evaluators=[AccreditedEvaluatorType.from_model(e) for e in row.evaluators],
            scope=accreditation.scope,
        )


@strawberry.type(description="An accredited site in the public directory.")
class DirectoryEntryType:
    site_id: strawberry.ID = strawberry.field(description="Site identifier.")
    organisation_id: strawberry.ID = strawberry.field(
        description="Organisation identifier (to name it on a training plan)."
    )
    organisation_name: str = strawberry.field(description="Organisation.")
    network: NationalNetwork | None = strawberry.field(description="National network.")
    site_name: str = strawberry.field(description="Site name.")
    address_line: str = strawberry.field(description="Street address.")
    postal_code: str = strawberry.field(description="Postal code.")
    city: str = strawberry.field(description="City.")
    departement: str = strawberry.field(description="Département.")
    region: str = strawberry.field(description="Région.")
    contact_email: str = strawberry.field(description="Contact e-mail.")
    contact_phone: str = strawberry.field(description="Contact phone.")
    certification_codes: list[str] = strawberry.field(description="Accredited certifications.")
    valid_until: dt.date = strawberry.field(description="Accredited until.")
    scope: AccreditationScope = strawberry.field(
        description="Accredited to evaluate, to train, or both (today)."
    )

    @classmethod
    def from_entry(cls, entry: DirectoryEntry) -> DirectoryEntryType:
        site = entry.site
        return cls(
            site_id=strawberry.ID(str(site.id)),
            organisation_id=strawberry.ID(str(entry.organisation.id)),
            organisation_name=entry.organisation.name,
            network=entry.organisation.network,
            site_name=site.name,
            address_line=site.address_line,
            postal_code=site.postal_code,
            city=site.city,
            departement=site.departement,
            region=site.region,
            contact_email=site.contact_email,
            contact_phone=site.contact_phone,
            certification_codes=entry.certification_codes,
            valid_until=entry.valid_until,
            scope=entry.scope,
        )


@strawberry.type(description="Fields shared by the results of campaign changes.")
class CampaignChange:
    error_type: ClassVar[type[AccreditationProblem]] = AccreditationProblem
    campaign: CampaignType | None = strawberry.field(default=None, description="It.")
    errors: list[AccreditationProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Fields shared by the results of application changes.")
class ApplicationChange:
    error_type: ClassVar[type[AccreditationProblem]] = AccreditationProblem
    application: ApplicationType | None = strawberry.field(default=None, description="It.")
    errors: list[AccreditationProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.interface(description="Fields shared by the results of accreditation changes.")
class AccreditationChange:
    error_type: ClassVar[type[AccreditationProblem]] = AccreditationProblem
    accreditation: AccreditationType | None = strawberry.field(default=None, description="It.")
    errors: list[AccreditationProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Result of the public « demander une habilitation » form.")
class RequestAccreditationPayload:
    error_type: ClassVar[type[AccreditationProblem]] = AccreditationProblem
    organisation_name: str | None = strawberry.field(
        default=None, description="The organisation created, pending."
    )
    errors: list[AccreditationProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Result of opening a campaign.")
class CreateCampaignPayload(CampaignChange):
    pass


@strawberry.type(description="Result of changing a campaign's terms.")
class UpdateCampaignPayload(CampaignChange):
    pass


@strawberry.type(description="Result of starting an application.")
class StartApplicationPayload(ApplicationChange):
    pass


@strawberry.type(description="Result of saving an application.")
class SaveApplicationPayload(ApplicationChange):
    pass


@strawberry.type(description="Result of submitting an application.")
class SubmitApplicationPayload(ApplicationChange):
    pass


@strawberry.type(description="Result of taking an application under review.")
class StartApplicationReviewPayload(ApplicationChange):
    pass


@strawberry.type(description="Result of asking for a complement.")
class RequestApplicationComplementPayload(ApplicationChange):
    pass


@strawberry.type(description="Result of accepting an application.")
class AcceptApplicationPayload(ApplicationChange):
    pass


@strawberry.type(description="Result of rejecting an application.")
class RejectApplicationPayload(ApplicationChange):
    pass


@strawberry.type(description="Result of suspending an accreditation.")
class SuspendAccreditationPayload(AccreditationChange):
    pass


@strawberry.type(description="Result of withdrawing an accreditation.")
class WithdrawAccreditationPayload(AccreditationChange):
    pass


@strawberry.type(description="Result of reinstating an accreditation.")
class ReinstateAccreditationPayload(AccreditationChange):
    pass


@strawberry.type(description="Result of naming an evaluator.")
class AddAccreditedEvaluatorPayload(AccreditationChange):
    pass


@strawberry.type(description="Result of removing an evaluator.")
class RemoveAccreditedEvaluatorPayload(AccreditationChange):
    pass
