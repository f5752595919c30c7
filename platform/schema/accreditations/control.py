"""Control of accredited organisations over GraphQL: Certif'Pro's signalements, procedures
and outcomes; the organisation's procedures and reply. Each resolver calls one service of
``accreditations/control.py`` and maps its result."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar

import strawberry

from clea_platform.accreditations import control, control_reads
from clea_platform.accreditations.errors import AccreditationError, AccreditationErrorCode
from clea_platform.accreditations.models import (
    AccreditationScope,
    ControlOutcome,
    ControlProcedure,
    ControlStatus,
    Signalement,
    SignalementSource,
)
from clea_platform.schema.accreditations.types import AccreditationProblem
from clea_platform.schema.context import Info
from clea_platform.schema.ids import optional_id, parse_id
from clea_platform.schema.notfound import NotFound
from clea_platform.tenants.models import Site

strawberry.enum(SignalementSource, description="Complaint, jury irregularity or audit finding.")
strawberry.enum(ControlStatus, description="Awaiting the reply, replied, or decided.")
strawberry.enum(
    ControlOutcome, description="Closed without action, warning, suspension or withdrawal."
)

PROCEDURE_NOT_FOUND = AccreditationError(
    AccreditationErrorCode.NOT_FOUND, control.PROCEDURE_NOT_FOUND, field="procedureId"
)
DOCUMENTS_PATH = "/control-procedures/"


def _today() -> dt.date:
    return dt.date.today()


@strawberry.type(
    name="Signalement", description="A complaint or irregularity recorded against a site."
)
class SignalementType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    site_id: strawberry.ID = strawberry.field(description="The site concerned.")
    site_name: str = strawberry.field(description="Its name and SIRET.")
    source: SignalementSource = strawberry.field(description="Where it comes from.")
    source_label: str = strawberry.field(description="The same, in French.")
    description: str = strawberry.field(description="What was reported.")
    recorded_at: dt.datetime = strawberry.field(description="When Certif'Pro recorded it.")

    @classmethod
    def of(cls, signalement: Signalement, site: Site | None) -> SignalementType:
        return cls(
            id=strawberry.ID(str(signalement.id)),
            site_id=strawberry.ID(str(signalement.site_id)),
            site_name=f"{site.name} ({site.siret})" if site else "",
            source=signalement.source,
            source_label=control.SOURCE_LABELS[signalement.source],
            description=signalement.description,
            recorded_at=signalement.created_at,
        )


@strawberry.type(name="ControlDocument", description="A PDF joined to a reply.")
class ControlDocumentType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    filename: str = strawberry.field(description="As uploaded.")
    size: int = strawberry.field(description="Bytes.")
    uploaded_at: dt.datetime = strawberry.field(description="When.")
    url: str = strawberry.field(description="Download address.")


@strawberry.type(
    name="ControlProcedure", description="A control procedure: grievances, reply, outcome."
)
class ControlProcedureType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    organisation_id: strawberry.ID = strawberry.field(description="The organisation controlled.")
    organisation_name: str = strawberry.field(description="Its name.")
    signalement: SignalementType = strawberry.field(description="What it was opened on.")
    status: ControlStatus = strawberry.field(description="Where it stands.")
    opened_at: dt.datetime = strawberry.field(description="When it was opened.")
    grievances: str = strawberry.field(description="The grievances notified.")
    reply_due_on: dt.date = strawberry.field(description="Last day to reply (included).")
    reply_open: bool = strawberry.field(description="The organisation may still reply today.")
    reply: str = strawberry.field(description="The organisation's reply (empty before it).")
    replied_at: dt.datetime | None = strawberry.field(description="When it replied.")
    documents: list[ControlDocumentType] = strawberry.field(description="PDFs of the reply.")
    outcome: ControlOutcome | None = strawberry.field(description="The decision, once made.")
    outcome_label: str = strawberry.field(description="The decision, in French.")
    outcome_reason: str = strawberry.field(description="Its reasons.")
    suspended_until: dt.date | None = strawberry.field(description="A suspension's last day.")
    certification_codes: list[str] = strawberry.field(
        description="Certifications suspended or withdrawn."
    )
    decided_at: dt.datetime | None = strawberry.field(description="When it was decided.")

    @classmethod
    def of(cls, row: control_reads.ProcedureRow) -> ControlProcedureType:
        procedure = row.procedure
        return cls(
            id=strawberry.ID(str(procedure.id)),
            organisation_id=strawberry.ID(str(procedure.organisation_id)),
            organisation_name=row.organisation.name if row.organisation else "",
            signalement=SignalementType.of(row.signalement, row.site),
            status=procedure.status,
            opened_at=procedure.created_at,
            grievances=procedure.grievances,
            reply_due_on=procedure.reply_due_on,
            reply_open=procedure.status == ControlStatus.AWAITING_REPLY
            and _today() <= procedure.reply_due_on,
            reply=procedure.reply,
            replied_at=procedure.replied_at,
            documents=[
                ControlDocumentType(
                    id=strawberry.ID(str(d.id)),
                    filename=d.filename,
                    size=d.size,
                    uploaded_at=d.uploaded_at,
                    url=f"{DOCUMENTS_PATH}{procedure.id}/documents/{d.id}",
                )
                for d in row.documents
            ],
            outcome=procedure.outcome,
            outcome_label=control.OUTCOME_LABELS[procedure.outcome] if procedure.outcome else "",
            outcome_reason=procedure.outcome_reason,
            suspended_until=procedure.suspended_until,
            certification_codes=list(procedure.suspended_codes or []),
            decided_at=procedure.decided_at,
        )


@strawberry.type(name="ControlSite", description="A site a signalement may be about.")
class ControlSiteType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    name: str = strawberry.field(description="Name.")
    siret: str = strawberry.field(description="SIRET.")


@strawberry.type(
    name="ControlFile", description="An organisation's control history, for Certif'Pro."
)
class ControlFileType:
    organisation_id: strawberry.ID = strawberry.field(description="The organisation.")
    organisation_name: str = strawberry.field(description="Its name.")
    sites: list[ControlSiteType] = strawberry.field(description="Its sites, by name.")
    certification_codes: list[str] = strawberry.field(
        description="Certifications of its accreditations (what an outcome may cover)."
    )
    signalements: list[SignalementType] = strawberry.field(description="Latest first.")
    procedures: list[ControlProcedureType] = strawberry.field(description="Latest first.")


ControlFileResult = Annotated[
    ControlFileType | NotFound,
    strawberry.union("ControlFileResult", description="The history, or not found."),
]


@strawberry.input(description="Record a signalement against an organisation's site.")
class RecordSignalementInput:
    organisation_id: strawberry.ID = strawberry.field(description="The organisation.")
    site_id: strawberry.ID = strawberry.field(description="Its site concerned.")
    source: SignalementSource = strawberry.field(description="Where it comes from.")
    description: str = strawberry.field(description="What was reported (mandatory).")


@strawberry.input(description="Open a control procedure on a signalement.")
class OpenControlProcedureInput:
    signalement_id: strawberry.ID = strawberry.field(description="The signalement.")
    grievances: str = strawberry.field(description="Grievances notified (mandatory).")


@strawberry.input(description="The organisation's reply to a procedure.")
class ReplyToControlProcedureInput:
    procedure_id: strawberry.ID = strawberry.field(description="The procedure.")
    reply: str = strawberry.field(description="The reply (mandatory).")


@strawberry.input(description="Certif'Pro's reasoned outcome of a procedure.")
class DecideControlProcedureInput:
    procedure_id: strawberry.ID = strawberry.field(description="The procedure.")
    outcome: ControlOutcome = strawberry.field(description="The decision.")
    reason: str = strawberry.field(description="Its reasons (mandatory).")
    suspended_until: dt.date | None = strawberry.field(
        default=None, description="A suspension's last day (mandatory for a suspension)."
    )
    certification_codes: list[str] = strawberry.field(
        default_factory=list, description="Certifications covered (none: all of the site's)."
    )
    scopes: list[AccreditationScope] = strawberry.field(
        default_factory=list, description="Scopes covered (none: all)."
    )


@strawberry.type(description="Result of recording a signalement.")
class RecordSignalementPayload:
    error_type: ClassVar[type[AccreditationProblem]] = AccreditationProblem
    signalement: SignalementType | None = strawberry.field(default=None, description="It.")
    errors: list[AccreditationProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Result of a step of a control procedure.")
class ControlProcedureChange:
    error_type: ClassVar[type[AccreditationProblem]] = AccreditationProblem
    procedure: ControlProcedureType | None = strawberry.field(default=None, description="It.")
    errors: list[AccreditationProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Result of opening a control procedure.")
class OpenControlProcedurePayload(ControlProcedureChange):
    pass


@strawberry.type(description="Result of replying to a control procedure.")
class ReplyToControlProcedurePayload(ControlProcedureChange):
    pass


@strawberry.type(description="Result of deciding a control procedure.")
class DecideControlProcedurePayload(ControlProcedureChange):
    pass


async def _shown(
    info: Info, procedure: ControlProcedure, *, certifpro: bool
) -> ControlProcedureType:
    row = await control_reads.procedure_row(info.context.session, procedure, certifpro=certifpro)
    return ControlProcedureType.of(row)


@strawberry.type
class ControlQueries:
    @strawberry.field(description="An organisation's signalements and control procedures.")
    async def organisation_control(
        self,
        info: Info,
        organisation_id: Annotated[
            strawberry.ID, strawberry.argument(description="The organisation.")
        ],
    ) -> ControlFileResult:
        key = optional_id(organisation_id)
        if key is None:
            return NotFound.of("Organisme introuvable.", organisation_id)
        file = await control_reads.control_file(info.context.session, info.context.actor, key)
        if file is None:
            return NotFound.of("Organisme introuvable.", organisation_id)
        return ControlFileType(
            organisation_id=strawberry.ID(str(file.organisation.id)),
            organisation_name=file.organisation.name,
            sites=[
                ControlSiteType(id=strawberry.ID(str(s.id)), name=s.name, siret=s.siret)
                for s in file.sites
            ],
            certification_codes=file.certification_codes,
            signalements=[SignalementType.of(s, site) for s, site in file.signalements],
            procedures=[ControlProcedureType.of(row) for row in file.procedures],
        )

    @strawberry.field(description="The active organisation's control procedures.")
    async def my_control_procedures(self, info: Info) -> list[ControlProcedureType]:
        rows = await control_reads.my_procedures(info.context.session)
        return [ControlProcedureType.of(row) for row in rows]


@strawberry.type
class ControlMutations:
    @strawberry.mutation(description="Record a signalement against an organisation's site.")
    async def record_signalement(
        self, info: Info, input: RecordSignalementInput
    ) -> RecordSignalementPayload:
        not_found = AccreditationError(
            AccreditationErrorCode.NOT_FOUND, "Organisme introuvable.", field="organisationId"
        )
        signalement = await control.record_signalement(
            info.context.session,
            info.context.actor,
            parse_id(input.organisation_id, not_found),
            parse_id(
                input.site_id,
                AccreditationError(
                    AccreditationErrorCode.NOT_FOUND, "Site introuvable.", field="siteId"
                ),
            ),
            input.source,
            input.description,
        )
        site = await control_reads.site_of(info.context.session, signalement)
        return RecordSignalementPayload(signalement=SignalementType.of(signalement, site))

    @strawberry.mutation(description="Open a control procedure and notify the organisation.")
    async def open_control_procedure(
        self, info: Info, input: OpenControlProcedureInput
    ) -> OpenControlProcedurePayload:
        procedure = await control.open_procedure(
            info.context.session,
            info.context.actor,
            parse_id(
                input.signalement_id,
                AccreditationError(
                    AccreditationErrorCode.NOT_FOUND,
                    "Signalement introuvable.",
                    field="signalementId",
                ),
            ),
            input.grievances,
            _today(),
        )
        return OpenControlProcedurePayload(procedure=await _shown(info, procedure, certifpro=True))

    @strawberry.mutation(description="Reply to a control procedure, within its deadline.")
    async def reply_to_control_procedure(
        self, info: Info, input: ReplyToControlProcedureInput
    ) -> ReplyToControlProcedurePayload:
        procedure = await control.reply(
            info.context.session,
            info.context.actor,
            parse_id(input.procedure_id, PROCEDURE_NOT_FOUND),
            input.reply,
            _today(),
        )
        return ReplyToControlProcedurePayload(
            procedure=await _shown(info, procedure, certifpro=False)
        )

    @strawberry.mutation(description="Decide a control procedure's outcome (reasoned).")
    async def decide_control_procedure(
        self, info: Info, input: DecideControlProcedureInput
    ) -> DecideControlProcedurePayload:
        procedure = await control.decide(
            info.context.session,
            info.context.actor,
            parse_id(input.procedure_id, PROCEDURE_NOT_FOUND),
            control.Decision(
                outcome=input.outcome,
                reason=input.reason,
                suspended_until=input.suspended_until,
                certification_codes=tuple(input.certification_codes),
                scopes=tuple(input.scopes),
            ),
            _today(),
        )
        return DecideControlProcedurePayload(
            procedure=await _shown(info, procedure, certifpro=True)
        )
