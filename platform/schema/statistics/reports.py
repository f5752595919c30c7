"""The annual report as a background job: asked for, followed, then downloaded."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar

import strawberry

from clea_platform.jobs.reports import defer_report
from clea_platform.schema.context import Info
from clea_platform.schema.ids import optional_id
from clea_platform.schema.notfound import NotFound
from clea_platform.schema.statistics.types import StatisticsProblem
from clea_platform.statistics import report_jobs
from clea_platform.statistics.models import AnnualReportJob, ReportStatus

strawberry.enum(ReportStatus, name="AnnualReportStatus", description="Where a report job is.")

NOT_FOUND = "Rapport introuvable."


@strawberry.type(name="AnnualReportJob", description="An annual report being rendered, or done.")
class AnnualReportJobType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    certification_code: str = strawberry.field(description="Certification.")
    year: int = strawberry.field(description="Year of the dossiers opened.")
    status: ReportStatus = strawberry.field(description="Pending, running, done or failed.")
    progress: int = strawberry.field(description="Per cent, 0 to 100.")
    step: str = strawberry.field(description="The step under way, in French.")
    failure: str = strawberry.field(description="Why it failed, in French (empty otherwise).")
    download_url: str | None = strawberry.field(description="The PDF, once done.")

    @classmethod
    def of(cls, job: AnnualReportJob) -> AnnualReportJobType:
        return cls(
            id=strawberry.ID(str(job.id)),
            certification_code=job.certification_code,
            year=job.year,
            status=job.status,
            progress=job.progress,
            step=job.step,
            failure=job.failure,
            download_url=(
                f"/exports/statistics/rapports/{job.id}.pdf"
                if job.status == ReportStatus.DONE
                else None
            ),
        )


AnnualReportJobResult = Annotated[
    AnnualReportJobType | NotFound,
    strawberry.union("AnnualReportJobResult", description="The report job, or not found."),
]


@strawberry.input(description="Which annual report to render.")
class RequestAnnualReportInput:
    certification_code: str = strawberry.field(description="Certification (CLEA…).")
    year: int = strawberry.field(description="Year of the dossiers opened (2000 to this year).")


@strawberry.type(description="Answer to asking for an annual report.")
class RequestAnnualReportPayload:
    error_type: ClassVar[type[StatisticsProblem]] = StatisticsProblem
    report: AnnualReportJobType | None = strawberry.field(
        default=None, description="The job, to follow until its PDF is ready."
    )
    errors: list[StatisticsProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type
class AnnualReportQueries:
    @strawberry.field(
        description="An annual report job one asked for: its progress, then its PDF's address."
    )
    async def annual_report(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Job.")]
    ) -> AnnualReportJobResult:
        job_id = optional_id(str(id))
        job = (
            None
            if job_id is None
            else await report_jobs.get(info.context.session, info.context.actor, job_id)
        )
        return NotFound.of(NOT_FOUND, id) if job is None else AnnualReportJobType.of(job)


@strawberry.type
class AnnualReportMutations:
    @strawberry.mutation(
        description="Render a certification's annual report PDF in the background (the "
        "requester's scope: their organisation, their network… or Certif'Pro's national one)."
    )
    async def request_annual_report(
        self, info: Info, input: RequestAnnualReportInput
    ) -> RequestAnnualReportPayload:
        context = info.context
        job = await report_jobs.request(
            context.session,
            context.actor,
            context.registry,
            input.certification_code,
            input.year,
            today=dt.date.today(),
        )
        await defer_report(
            context.session, context.sessions, context.registry, context.actor, job.id
        )
        return RequestAnnualReportPayload(report=AnnualReportJobType.of(job))
